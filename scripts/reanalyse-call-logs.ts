// npm run call-logs:reanalyse: reads every complaint's stored call logs again and stores the
// analysis, after a change to the parser or the rules (app/domain/call-log/rules.ts), so the
// receipts, tracking pages, routing and dashboard say what the rules now say. Progress on
// stderr; safe to run again.
import { db } from "~/server/db.server";
import { reanalyseStoredCallLogs } from "~/server/call-log.server";

const ids = (
  await db.evidence.findMany({ where: { kind: "call_log" }, distinct: ["complaintId"], select: { complaintId: true }, orderBy: { complaintId: "asc" } })
).map((e) => e.complaintId);
const started = Date.now();
let updated = 0;
for (const [i, id] of ids.entries()) {
  if (await reanalyseStoredCallLogs(id)) updated++;
  if ((i + 1) % 100 === 0 || i + 1 === ids.length)
    process.stderr.write(`\rre-reading ${i + 1}/${ids.length} complaints (${Math.round(((i + 1) / ids.length) * 100)}%)   `);
}
if (ids.length) process.stderr.write("\n");
console.log(`${updated} of ${ids.length} complaint(s) with a call log re-analysed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(0);
