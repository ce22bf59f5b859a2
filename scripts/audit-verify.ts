// npm run audit:verify [-- --file ANCHORS]: checks the audit chain (hashes, links, seals), its
// signed head, the anchors in ANCHORS (default AUDIT_ANCHOR_FILE) and every complaint's rows
// against its latest event; exits 1 naming the first event, anchor or complaint that does not fit.
import { parseArgs } from "node:util";
import { anchorFileSetting } from "~/server/audit-anchor.server";
import { verifyAuditChain } from "~/server/audit.server";

const { values } = parseArgs({ options: { file: { type: "string" } } });
const anchorFile = anchorFileSetting(values.file);

// A progress line for people at a terminal; nothing for cron to mail.
const progress = process.stderr.isTTY ? (checked: number) => process.stderr.write(`\rchecked ${checked} events`) : undefined;
const result = await verifyAuditChain(progress, { anchorFile });
if (process.stderr.isTTY) process.stderr.write("\n");
if (!result.ok) {
  console.error(result.message);
  process.exit(1);
}
console.log(`audit chain intact: ${result.checked} events`);
if (result.head) console.log(`signed head: event ${result.head.eventId} (${result.head.hash.slice(0, 16)}…), key ${result.keyId}`);
console.log(
  `complaints matching their latest event: ${result.complaints}${result.unchecked ? ` (${result.unchecked} not covered: written before state digests)` : ""}`,
);
if (!anchorFile) console.log("anchors: none checked (set AUDIT_ANCHOR_FILE or pass --file)");
else if (result.lastAnchor)
  console.log(`anchors: ${result.anchors} in ${anchorFile}, the last one event ${result.lastAnchor.eventId} at ${result.lastAnchor.signedAt}`);
else console.log(`anchors: none yet in ${anchorFile}`);
process.exit(0);
