// npm run db:copy -- --to postgres://… [--from DIR] [--evidence DIR] [--check]: moves a SQLite
// deployment (DATA_DIR, or DIR) into an empty PostgreSQL database migrated with PostgreSQL's
// migrations, table by table with progress, in one transaction; then verifies the copy: row
// counts, every evidence file the rows name (in EVIDENCE_DIR, or the deployment's evidence/: the
// folder is shared, not copied) and the audit chain. --check verifies a copy made before, without
// copying. Exits 1 naming what stopped it or what differs. See README "Running at scale".
import path from "node:path";
import { parseArgs } from "node:util";
import { progressLine } from "./progress";
import { checkAuditChain, checkCounts, checkEvidence, type Check } from "./db-copy/verify-copy";
import { connectTarget, copyInto, safeUrl, targetColumns, targetProblems } from "./db-copy/postgres-target";
import { openSource } from "./db-copy/sqlite-source";

const { values } = parseArgs({
  options: { to: { type: "string" }, from: { type: "string" }, evidence: { type: "string" }, check: { type: "boolean", default: false } },
});
if (!values.to || !/^postgres(ql)?:\/\//.test(values.to)) {
  console.error("usage: npm run db:copy -- --to postgres://USER@HOST/DB [--from DIR] [--evidence DIR] [--check]");
  process.exit(2);
}
const from = path.resolve(values.from ?? process.env.DATA_DIR ?? "data");
// The audit keys are the deployment's; the app's modules read them, and the copy, from here on.
process.env.DATA_DIR = from;
process.env.DATABASE_URL = values.to;
const evidenceDir = path.resolve(values.evidence ?? process.env.EVIDENCE_DIR ?? path.join(from, "evidence"));
const target = safeUrl(values.to);

const rate = (rows: number, ms: number) => `${Math.round(rows / Math.max(ms / 1000, 0.001)).toLocaleString("en")} rows/s`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main(): Promise<number> {
  const source = openSource(from);
  const client = await connectTarget(values.to!);
  const progress = progressLine();
  try {
    const columns = await targetColumns(client);
    const started = Date.now();
    if (!values.check) {
      const problems = await targetProblems(client, source, columns);
      if (problems.length) {
        console.error(`refused: cannot copy into ${target}:`);
        problems.forEach((p) => console.error(`  ${p}`));
        return 1;
      }
      console.log(`copying ${source.file} into ${target}`);
      await copyInto(client, source, columns, ({ name, rows, total, ms, indexing, finished }) => {
        if (!finished) return progress.update(`${name}: ${rows}/${total} rows (${rate(rows, ms)})${indexing ? ", making its indexes" : ""}`);
        progress.done();
        console.log(`  ${name}: ${rows} rows in ${seconds(ms)} (${rate(rows, ms)})`);
      });
      const total = source.tables.reduce((sum, t) => sum + t.rows, 0);
      console.log(`copied ${total} rows in ${seconds(Date.now() - started)} (${rate(total, Date.now() - started)}); verifying the copy`);
    }
    const checks: Check[] = [
      ...(await checkCounts(client, source)),
      ...(await checkEvidence(client, evidenceDir, progress.update)),
      ...(await checkAuditChain(progress.update)),
    ];
    progress.done();
    const failed = checks.filter((c) => !c.ok);
    for (const check of checks) (check.ok ? console.log : console.error)(`  ${check.ok ? "ok" : "DIFFERS"}: ${check.line}`);
    if (failed.length) {
      console.error(`the copy in ${target} does not match ${source.file}: ${failed.length} difference(s), see above`);
      return 1;
    }
    console.log(`verified the copy in ${target} in ${seconds(Date.now() - started)}: counts, evidence and audit chain`);
    return 0;
  } finally {
    progress.done();
    source.close();
    await client.end();
  }
}

main().then(
  (status) => process.exit(status),
  (error: unknown) => {
    console.error(`db:copy failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
