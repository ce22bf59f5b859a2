// npm run stats:verify: builds the statistics index from the database (DATA_DIR) as the server's
// worker does, and compares its dashboard with the SQL count from scratch for many combinations
// of filters. Exits 1 and prints the first difference if any number differs.
import { openReadConnection } from "~/server/read-connection.server";
import { StatsIndex } from "~/server/stats-index.server";
import { differences, sampleFilters } from "~/server/stats-verify.server";

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
if (found.length) {
  const [first] = found;
  console.error(`${found.length} dashboards differ from the count from scratch; the first, for ${JSON.stringify(first.filter)}:`);
  console.error(JSON.stringify({ index: first.fast, scratch: first.scratch }, null, 1));
  process.exit(1);
}
console.log(`all ${checked} dashboards equal the count from scratch`);
