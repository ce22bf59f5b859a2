// npm run phones:rekey, also run by npm run setup: collector numbers stored before they had
// canonical keys (domain/phone.ts; the rows whose `typed` is null) get their key, and the text
// they held becomes `typed`, so an upgraded deployment matches "0400-8208820" with "+86 400 820 8820".
// The audit digest reads `typed`, so re-keying changes no complaint's digest. Safe to run again:
// with nothing to do it reads one index. Progress on stderr.
import { collectorPhoneKey } from "~/domain/phone";
import { engine } from "~/server/engine.server";
import { progressLine } from "./progress";

type Row = { complaintId: number; number: string };
const BATCH = 5000;
const progress = progressLine();

/**
 * SQLite, where old rows are: one prepared statement a row, one short transaction a batch, so a
 * server on the same DATA_DIR is kept waiting at most one batch.
 */
async function rekeySqlite() {
  const { openBulkConnection } = await import("~/server/bulk-connection.server");
  const connection = openBulkConnection();
  const { total } = connection.prepare("SELECT COUNT(*) AS total FROM CollectorPhone WHERE typed IS NULL").get() as { total: number };
  const next = connection.prepare("SELECT complaintId, number FROM CollectorPhone WHERE typed IS NULL ORDER BY complaintId LIMIT ?");
  const rekey = connection.prepare("UPDATE OR IGNORE CollectorPhone SET number = ?, typed = ? WHERE complaintId = ? AND number = ?");
  const drop = connection.prepare("DELETE FROM CollectorPhone WHERE complaintId = ? AND number = ?");
  let merged = 0;
  const rekeyBatch = connection.transaction((rows: Row[]) => {
    for (const row of rows) {
      // Two old spellings of one number in one complaint (0400-8208820 and 400-820-8820) become one row.
      if (rekey.run(collectorPhoneKey(row.number), row.number, row.complaintId, row.number).changes === 0) {
        drop.run(row.complaintId, row.number);
        merged++;
      }
    }
  });
  let done = 0;
  for (;;) {
    const rows = next.all(BATCH) as Row[];
    if (!rows.length) break;
    rekeyBatch.immediate(rows);
    done += rows.length;
    progress.update(`re-keying collector numbers ${done}/${total} (${Math.round((done / total) * 100)}%)`);
  }
  connection.close();
  return { done, merged };
}

/**
 * PostgreSQL: the app has always written keys there, so rows without one come only from a SQLite
 * deployment copied before it was set up (db:copy). Few, if any: through the app's client, 500 a transaction (three round trips a row, well inside its time limit).
 */
async function rekeyPostgres() {
  const { db } = await import("~/server/db.server");
  const total = await db.collectorPhone.count({ where: { typed: null } });
  let done = 0;
  let merged = 0;
  while (done < total) {
    const rows = await db.collectorPhone.findMany({ where: { typed: null }, orderBy: { complaintId: "asc" }, take: 500 });
    if (!rows.length) break;
    await db.$transaction(async (tx) => {
      for (const { complaintId, number } of rows) {
        const key = collectorPhoneKey(number);
        const taken = key !== number && (await tx.collectorPhone.findUnique({ where: { complaintId_number: { complaintId, number: key } } }));
        const where = { complaintId_number: { complaintId, number } };
        if (taken) {
          await tx.collectorPhone.delete({ where });
          merged++;
        } else await tx.collectorPhone.update({ where, data: { number: key, typed: number } });
      }
    });
    done += rows.length;
    progress.update(`re-keying collector numbers ${done}/${total} (${Math.round((done / total) * 100)}%)`);
  }
  await db.$disconnect();
  return { done, merged };
}

const { done, merged } = engine() === "postgres" ? await rekeyPostgres() : await rekeySqlite();
progress.done();
if (done) console.log(`${done} collector number(s) re-keyed${merged ? `, ${merged} merged with the same number in the same complaint` : ""}`);
