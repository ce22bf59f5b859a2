// npm run stats:verify: builds the statistics index from the database (DATA_DIR) as the server's
// worker does, and compares its dashboard with the SQL count from scratch for many combinations
// of filters, and each `?by=` table too. Exits 1 and prints the first difference if any number differs.
import { STATS_DIMENSIONS } from "~/domain/stats/shape";
import { openReadConnection } from "~/server/read-connection.server";
import { StatsIndex } from "~/server/stats-index.server";
import { differences, sampleFilters, tableDifferences } from "~/server/stats-verify.server";

const connection = openReadConnection();
const started = performance.now();
const index = new StatsIndex(connection, (done) => process.stderr.write(`loading ${done} complaints\r`));
await index.rebuild();
console.log(`index: ${index.complaints} complaints in ${((performance.now() - started) / 1000).toFixed(1)} s, ${(index.bytes / 1024 / 1024).toFixed(1)} MB`);

const now = new Date();
const filters = await sampleFilters(connection);
let checked = 0;
const found = [];
for (const locale of ["zh-CN", "en"]) {
  for (const filter of filters) {
    found.push(...(await differences(connection, [filter], (f) => index.dashboard(f, locale, now), { locale, now })));
    process.stderr.write(`checked ${++checked} of ${filters.length * 2} dashboards\r`);
  }
}
process.stderr.write("\n");
const tables = [];
for (const [i, filter] of filters.entries()) {
  tables.push(...(await tableDifferences(connection, [filter], async (f, by) => index.countBy(f, by))));
  process.stderr.write(`checked the ?by= tables of ${i + 1} of ${filters.length} filters\r`);
}
process.stderr.write("\n");
if (tables.length) {
  const [first] = tables;
  console.error(`${tables.length} ?by= tables differ from the count from scratch; the first, by ${first.by} for ${JSON.stringify(first.filter)}:`);
  console.error(JSON.stringify({ index: first.fast, scratch: first.scratch }));
}
if (found.length) {
  const [first] = found;
  console.error(`${found.length} dashboards differ from the count from scratch; the first, for ${JSON.stringify(first.filter)}:`);
  console.error(JSON.stringify({ index: first.fast, scratch: first.scratch }, null, 1));
}
if (found.length || tables.length) process.exit(1);
console.log(`all ${checked} dashboards and ${filters.length * STATS_DIMENSIONS.length} ?by= tables equal the count from scratch`);
