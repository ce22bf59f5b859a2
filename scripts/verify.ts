// npm run verify: checks DATA_DIR: the database's integrity_check and foreign keys, every evidence
// file against the SHA-256 it is named by, every evidence row's file present, no file without a row,
// and the audit chain. Exits 1 naming each problem. Safe while the server runs.
// On PostgreSQL (DATABASE_URL) the same, but the database's own checks are the server's (it enforces
// the foreign keys itself): the evidence folder against the rows, and the audit chain.
import { verifyDataDir, verifyEvidenceFolder, type Progress } from "~/server/backup.server";
import { engine } from "~/server/engine.server";
import { dataDir, evidenceDir } from "~/server/paths.server";
import { progressLine } from "./progress";

/** The evidence rows' files and the counts, read through the app's client on PostgreSQL. */
async function verifyPostgres(progress: Progress) {
  const { db } = await import("~/server/db.server");
  const problems: string[] = [];
  let referenced: Set<string> | null = null;
  let counts = null;
  try {
    const rows = await db.$queryRawUnsafe<{ sha256: string }[]>(
      `SELECT "sha256" FROM "Evidence" UNION SELECT "cleanSha256" FROM "Evidence" WHERE "cleanSha256" IS NOT NULL`,
    );
    referenced = new Set(rows.map((r) => r.sha256));
    counts = { complaints: await db.complaint.count(), evidenceRows: await db.evidence.count(), events: await db.event.count() };
  } catch (error) {
    problems.push(`database: cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  const evidence = await verifyEvidenceFolder(evidenceDir(), referenced, progress);
  return { problems: [...problems, ...evidence.problems], files: evidence.files, bytes: evidence.bytes, counts, databaseReadable: referenced !== null };
}

const onPostgres = engine() === "postgres";
const postgres = onPostgres ? new URL(process.env.DATABASE_URL!) : null;
const dir = postgres ? `PostgreSQL database ${postgres.pathname.slice(1)} on ${postgres.host} with evidence in ${evidenceDir()}` : dataDir();
const progress = progressLine();
const result = onPostgres ? await verifyPostgres(progress.update) : await verifyDataDir(dir, progress.update);
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
