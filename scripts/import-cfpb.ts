// npm run import:cfpb -- FILE.csv: imports the debt-collection rows of a CFPB complaint export,
// streamed and idempotent on the Complaint ID, with progress and a summary of what was skipped and why.
// On SQLite or PostgreSQL (DATABASE_URL), beside running servers: a batch is one short transaction.
import { importCfpb, NotACfpbExport } from "~/server/cfpb-import.server";

const file = process.argv[2];
if (!file) {
  console.error("usage: npm run import:cfpb -- FILE.csv");
  process.exit(2);
}
const started = performance.now();
try {
  const summary = await importCfpb(file, (s) => process.stderr.write(`\rread ${s.read} rows, imported ${s.imported}`));
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write("\n");
  console.log(`rows read: ${summary.read}`);
  console.log(`imported: ${summary.imported}`);
  for (const [reason, n] of Object.entries(summary.skipped)) console.log(`skipped (${reason}): ${n}`);
  console.log(`in ${seconds.toFixed(2)} s (${Math.round(summary.read / seconds)} rows/s)`);
  process.exit(0);
} catch (error) {
  if (!(error instanceof NotACfpbExport)) throw error;
  console.error(`${file}: ${error.message}; nothing imported`);
  process.exit(1);
}
