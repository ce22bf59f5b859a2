// npm run seed:demo -- --count N [--seed S]: fills the database with realistic synthetic complaints
// (every status, category, institution and province, dates over two years, responses, disputes
// and conclusions, audit events chained and sealed; one in five with a call log on disk, read
// against the rules as a filing's is), with progress on stderr. Worker threads redact the
// narratives and make the call logs of the next batch while this thread writes the last one.
// On SQLite or PostgreSQL (DATABASE_URL). Safe beside servers on the same database: each batch is
// one short transaction that takes the app's locks. On an empty SQLite database the written
// tables' indexes are dropped until the end (seed/seed-indexes.ts).
import { parseArgs } from "node:util";
import { currentKeyId } from "~/server/contact-seal.server";
import { loadInstitutionDirectory } from "~/server/institutions.server";
import { db } from "~/server/db.server";
import { progressLine } from "./progress";
import { costlyPartsPool } from "./seed/costly-parts-pool";
import { demoComplaints, type DemoComplaint } from "./seed/demo-complaints";
import type { CostlyOutput } from "./seed/demo-costly-parts";
import { demoWriter } from "./seed/demo-writer";
import { dropSeedIndexes, emptyDatabase, restoreSeedIndexes } from "./seed/seed-indexes";

const { values } = parseArgs({
  options: { count: { type: "string", default: "1000" }, seed: { type: "string", default: "1" }, threads: { type: "string", default: "2" } },
});
const count = Number(values.count);
if (!Number.isInteger(count) || count < 1) throw new Error("--count must be a positive whole number");
const threads = Number(values.threads);
if (!Number.isInteger(threads) || threads < 1) throw new Error("--threads must be a positive whole number");

// A batch holds the write lock for well under a second, so a server's writes wait at most that.
const BATCH = 2000;

async function main() {
  await loadInstitutionDirectory();
  // In one order on both engines (ids are ASCII; PostgreSQL's collation may order them otherwise): the same --seed, the same rows.
  const institutions = (await db.institution.findMany({ select: { id: true, nameZh: true, kind: true } })).sort((a, b) =>
    a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
  const firstId = ((await db.complaint.aggregate({ _max: { id: true } }))._max.id ?? 0) + 1;
  await db.$disconnect();

  const next = demoComplaints(Number(values.seed), institutions, new Date());
  currentKeyId(); // makes the data key, if there is none, before the threads that seal with it start
  const writer = await demoWriter();
  const progress = progressLine();
  const started = Date.now();
  // SQLite: indexes an interrupted seed dropped come back first; on an empty database they go until the end.
  const { sqlite } = writer;
  if (sqlite) {
    restoreSeedIndexes(sqlite, progress.update);
    if (emptyDatabase(sqlite)) dropSeedIndexes(sqlite);
  }
  const restore = () => sqlite && restoreSeedIndexes(sqlite, progress.update);
  // Ctrl-C stops at the end of the batch being written, and the indexes are still made again.
  let stopped = false;
  const interrupt = () => (stopped = true);
  process.once("SIGINT", interrupt).once("SIGTERM", interrupt);
  const pool = costlyPartsPool(threads);
  const prepare = async (from: number): Promise<{ complaints: DemoComplaint[]; costly: CostlyOutput[] }> => {
    const complaints = Array.from({ length: Math.min(BATCH, count - from) }, (_, i) => next(firstId + from + i));
    const costly = await pool.run(complaints.map((c) => ({ narrativeSource: c.narrativeSource, callLog: c.callLog })));
    return { complaints, costly };
  };
  try {
    let pending = prepare(0);
    for (let done = 0; done < count && !stopped;) {
      const { complaints, costly } = await pending;
      done += complaints.length;
      if (done < count) pending = prepare(done);
      await writer.write(complaints, costly);
      const rate = done / ((Date.now() - started) / 1000);
      progress.update(`seeding ${done}/${count} (${Math.round((done / count) * 100)}%, ${Math.round(rate)}/s)`);
    }
  } finally {
    restore();
    progress.done();
    await writer.close();
    await pool.close();
  }
  if (stopped) {
    console.error("stopped: the batches written so far stay");
    process.exit(130);
  }
  const seconds = (Date.now() - started) / 1000;
  console.log(`seeded ${count} demo complaints in ${seconds.toFixed(1)} s (${Math.round(count / seconds)}/s)`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
