// What db:copy checks on the copy once it is in PostgreSQL: every table holds as many rows as
// SQLite's; every evidence file a row names is in the evidence folder with the SHA-256 it is
// named by (the folder is shared, not copied); and the audit chain holds, checked by the app's
// own verifier on PostgreSQL (hashes, links, seals, signed head, and every complaint's rows
// against its latest event's state digest: a check of the copied content, not only of counts).
import fs from "node:fs";
import path from "node:path";
import type pg from "pg";
import { hashFile } from "~/server/backup.server";
import { targetCounts } from "./postgres-target";
import type { Source } from "./sqlite-source";

export type Check = { ok: boolean; line: string };

export async function checkCounts(client: pg.Client, source: Source): Promise<Check[]> {
  const counts = await targetCounts(
    client,
    source.tables.map((t) => t.name),
  );
  const differ = source.tables.filter((t) => counts.get(t.name) !== t.rows);
  if (differ.length) return differ.map((t) => ({ ok: false, line: `${t.name}: ${t.rows} rows in SQLite, ${counts.get(t.name)} in PostgreSQL` }));
  const total = source.tables.reduce((sum, t) => sum + t.rows, 0);
  return [{ ok: true, line: `row counts equal in all ${source.tables.length} tables (${total} rows)` }];
}

export async function checkEvidence(client: pg.Client, evidenceDir: string, progress: (message: string) => void): Promise<Check[]> {
  const { rows } = await client.query<{ sha256: string }>(
    `SELECT "sha256" FROM "Evidence" UNION SELECT "cleanSha256" FROM "Evidence" WHERE "cleanSha256" IS NOT NULL ORDER BY 1`,
  );
  const problems: Check[] = [];
  let next = 0;
  let done = 0;
  // A few files at once: the disk, not one hash, is what they wait on.
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < rows.length) {
        const { sha256 } = rows[next++];
        const file = path.join(evidenceDir, sha256);
        if (!fs.existsSync(file)) problems.push({ ok: false, line: `evidence ${sha256}: named by an Evidence row but missing from ${evidenceDir}` });
        else {
          const found = await hashFile(file);
          if (found.sha256 !== sha256) problems.push({ ok: false, line: `evidence ${sha256}: its bytes hash to ${found.sha256}` });
        }
        progress(`verifying evidence ${++done}/${rows.length} files`);
      }
    }),
  );
  if (problems.length) return problems;
  return [{ ok: true, line: `all ${rows.length} evidence files the rows name are in ${evidenceDir} with their SHA-256 (shared, not copied)` }];
}

/** The app's own audit verifier, run on the copy: the caller has pointed DATABASE_URL at it. */
export async function checkAuditChain(progress: (message: string) => void): Promise<Check[]> {
  const { verifyAuditChain } = await import("~/server/audit.server");
  const { db } = await import("~/server/db.server");
  try {
    const result = await verifyAuditChain((checked) => progress(`verifying the audit chain: ${checked} events`));
    if (!result.ok) return [{ ok: false, line: `audit chain on the copy: ${result.message}` }];
    return [
      {
        ok: true,
        line: `audit chain intact on the copy (${result.checked} events, signed head, ${result.complaints} complaints matching their latest event${result.unchecked ? `, ${result.unchecked} from before state digests` : ""})`,
      },
    ];
  } catch (error) {
    // Prisma's messages quote its own source first: the last line is the database's reason.
    const reason = (error instanceof Error ? error.message : String(error)).trim().split("\n").at(-1);
    return [{ ok: false, line: `audit chain on the copy: cannot be read: ${reason}` }];
  } finally {
    await db.$disconnect();
  }
}
