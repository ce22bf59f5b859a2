// npm run verify: checks DATA_DIR: the database's integrity_check and foreign keys, every evidence
// file against the SHA-256 it is named by, every evidence row's file present, no file without a row,
// and the audit chain. Exits 1 naming each problem. Safe while the server runs.
import { verifyDataDir } from "~/server/backup.server";
import { dataDir } from "~/server/paths.server";
import { progressLine } from "./progress";

const dir = dataDir();
const progress = progressLine();
const result = await verifyDataDir(dir, progress.update);
const problems = [...result.problems];
let chain = "audit chain not checked (the database cannot be read)";
if (result.databaseReadable) {
  try {
    const { verifyAuditChain } = await import("~/server/audit.server");
    const audit = await verifyAuditChain((checked) => progress.update(`audit chain: ${checked} events checked`));
    if (audit.ok) chain = `audit chain intact (${audit.checked} events)`;
    else problems.push(audit.message);
  } catch (error) {
    problems.push(`audit chain: cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
}
progress.done();
if (problems.length) {
  problems.forEach((p) => console.error(p));
  console.error(`${dir}: ${problems.length} problem(s) found`);
  process.exit(1);
}
const c = result.counts!;
console.log(
  `${dir} verified: database ok (${c.complaints} complaints, ${c.evidenceRows} evidence rows), ` +
    `${result.files} evidence files (${(result.bytes / 1024 / 1024).toFixed(1)} MB) match their SHA-256 and every row's file is present, ${chain}`,
);
process.exit(0);
