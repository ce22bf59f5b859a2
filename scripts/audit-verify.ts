// npm run audit:verify: walks the audit hash chain; exits 1 naming the first event that does not fit.
import { verifyAuditChain } from "~/server/audit.server";

const result = await verifyAuditChain((checked) => process.stderr.write(`\rchecked ${checked} events`));
process.stderr.write("\n");
if (result.ok) {
  console.log(`audit chain intact: ${result.checked} events`);
  process.exit(0);
}
console.error(
  `audit chain broken at event ${result.id} (${result.reason === "prev" ? "its predecessor is missing or was reordered" : "its content was changed"})`,
);
process.exit(1);
