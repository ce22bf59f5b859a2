// npm run import:cfpb -- FILE.csv: imports the debt-collection rows of a CFPB complaint export,
// streamed and idempotent on the Complaint ID, with progress and a summary of what was skipped and why.
import { importCfpb } from "~/server/cfpb-import.server";

const file = process.argv[2];
if (!file) {
  console.error("usage: npm run import:cfpb -- FILE.csv");
  process.exit(2);
}
const summary = await importCfpb(file, (s) => process.stderr.write(`\rread ${s.read} rows, imported ${s.imported}`));
process.stderr.write("\n");
console.log(`rows read: ${summary.read}`);
console.log(`imported: ${summary.imported}`);
for (const [reason, n] of Object.entries(summary.skipped)) console.log(`skipped (${reason}): ${n}`);
process.exit(0);
