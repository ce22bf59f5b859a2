// npm run audit:anchor [-- --file ANCHORS | --print]: verifies the audit chain, then signs its
// head (event id, hash, time; Ed25519) and appends it as one JSON line to ANCHORS (default
// AUDIT_ANCHOR_FILE, which must be outside DATA_DIR), or prints it for publication. Refuses to
// anchor a chain that does not verify.
import { parseArgs } from "node:util";
import { anchorFileProblem, anchorFileSetting } from "~/server/audit-anchor.server";
import { anchorAuditChain } from "~/server/audit.server";

const { values } = parseArgs({ options: { file: { type: "string" }, print: { type: "boolean", default: false } } });
const file = values.print ? null : anchorFileSetting(values.file);
if (!values.print && !file) {
  console.error("say where the anchor goes: set AUDIT_ANCHOR_FILE, pass --file FILE (outside DATA_DIR), or --print to print it");
  process.exit(2);
}
const problem = file && anchorFileProblem(file);
if (problem) {
  console.error(problem);
  process.exit(2);
}

// A progress line for people at a terminal; nothing for cron to mail.
const progress = process.stderr.isTTY ? (checked: number) => process.stderr.write(`\rchecked ${checked} events`) : undefined;
const result = await anchorAuditChain(file, progress);
if (process.stderr.isTTY) process.stderr.write("\n");
if (!result.ok) {
  console.error(`not anchored: ${result.message}`);
  process.exit(1);
}
const line = JSON.stringify(result.anchor);
if (file) {
  console.log(`anchored event ${result.anchor.eventId} (${result.anchor.hash.slice(0, 16)}…) in ${file}, signed by key ${result.anchor.keyId}`);
} else {
  console.log(line);
}
process.exit(0);
