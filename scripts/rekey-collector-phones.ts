// npm run phones:rekey, also run by npm run setup: collector numbers stored before they had
// canonical keys (domain/phone.ts; the rows whose `typed` is null) get their key, and the text
// they held becomes `typed`, so an upgraded deployment matches "0400-8208820" with "+86 400 820 8820".
// The audit digest reads `typed`, so re-keying changes no complaint's digest. Safe to run again:
// with nothing to do it reads one index. Progress on stderr.
import { collectorPhoneKey } from "~/domain/phone";
import { openBulkConnection } from "~/server/bulk-connection.server";
import { engine } from "~/server/engine.server";
import { progressLine } from "./progress";

if (engine() === "postgres") {
  // Rows copied into PostgreSQL are keyed already; this SQLite upgrade step has no PostgreSQL port yet.
  console.log("phones:rekey: skipped on PostgreSQL (it reads SQLite directly)");
  process.exit(0);
}

type Row = { complaintId: number; number: string };
const BATCH = 5000;

const connection = openBulkConnection();
const { total } = connection.prepare("SELECT COUNT(*) AS total FROM CollectorPhone WHERE typed IS NULL").get() as { total: number };
const next = connection.prepare("SELECT complaintId, number FROM CollectorPhone WHERE typed IS NULL ORDER BY complaintId LIMIT ?");
const rekey = connection.prepare("UPDATE OR IGNORE CollectorPhone SET number = ?, typed = ? WHERE complaintId = ? AND number = ?");
const drop = connection.prepare("DELETE FROM CollectorPhone WHERE complaintId = ? AND number = ?");
let merged = 0;
// One short transaction per batch, so a server on the same DATA_DIR is kept waiting at most one batch.
const rekeyBatch = connection.transaction((rows: Row[]) => {
  for (const row of rows) {
    // Two old spellings of one number in one complaint (0400-8208820 and 400-820-8820) become one row.
    if (rekey.run(collectorPhoneKey(row.number), row.number, row.complaintId, row.number).changes === 0) {
      drop.run(row.complaintId, row.number);
      merged++;
    }
  }
});

const progress = progressLine();
let done = 0;
for (;;) {
  const rows = next.all(BATCH) as Row[];
  if (!rows.length) break;
  rekeyBatch.immediate(rows);
  done += rows.length;
  progress.update(`re-keying collector numbers ${done}/${total} (${Math.round((done / total) * 100)}%)`);
}
progress.done();
connection.close();
if (done) console.log(`${done} collector number(s) re-keyed${merged ? `, ${merged} merged with the same number in the same complaint` : ""}`);
