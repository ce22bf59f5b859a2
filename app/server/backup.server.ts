import Database from "better-sqlite3";
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { engine } from "./engine.server";
import { fsyncPath } from "./fsync.server";

/**
 * Backups, restores and checks of a DATA_DIR (`npm run backup|restore|verify`). They read the
 * database file with better-sqlite3 directly, beside a running server: the online backup API copies
 * a consistent snapshot while the server writes (docs/decisions/006-crash-safe-evidence.md).
 */

export const DB_FILE = "collection-watch.db";

/**
 * Why backup and restore refuse on PostgreSQL: there is no file to copy, and PostgreSQL's own
 * tools do it better (consistent dumps, base backups with point-in-time recovery).
 */
export function postgresBackupRefusal(command: "backup" | "restore"): string | null {
  if (engine() !== "postgres") return null;
  const how =
    command === "backup"
      ? "back up the database with PostgreSQL's tools (pg_dump --format=custom, or base backups with WAL archiving for point-in-time recovery), then the evidence folder"
      : "restore the database with pg_restore (or recover a base backup), then the evidence folder from the same backup";
  return `npm run ${command} copies SQLite's file under DATA_DIR; this deployment runs on PostgreSQL (DATABASE_URL): ${how}. See README, "Running at scale".`;
}
export const MANIFEST = "manifest.json";
const FORMAT = "collection-watch-backup/1";
const SHA256 = /^[0-9a-f]{64}$/;

export type Manifest = {
  format: typeof FORMAT;
  createdAt: string;
  database: { file: string; sha256: string; size: number };
  evidence: { sha256: string; size: number }[];
  counts: { complaints: number; evidenceRows: number; events: number };
  /** The generated key that seals consumers' contact details, only when asked for (--include-key). */
  keyFile?: { file: string; sha256: string; size: number };
};

/** The generated data key (personal-data.server.ts): without it a restored database's contact details cannot be read. */
export const KEY_FILE = ".data-encryption-key";

export type Progress = (message: string) => void;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Flushes many files at once: the disk then commits them together, many times faster than one by one. */
async function fsyncAll(files: string[]) {
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < files.length) await fsyncPath(files[next++]);
    }),
  );
}

/** Hashes a file as it streams past; with `to`, also writes the copy (flushed to disk later, with fsyncAll). */
export async function hashFile(from: string, to?: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash("sha256");
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, to ? chunk : undefined);
    },
  });
  if (to) {
    await pipeline(fs.createReadStream(from), counter, fs.createWriteStream(to, { flags: "wx" }));
  } else {
    await pipeline(fs.createReadStream(from), counter);
  }
  return { sha256: hash.digest("hex"), size };
}

/** Copies under a temporary name, then renames: a copy cut short never passes for the real file. */
async function copyInto(from: string, to: string): Promise<{ sha256: string; size: number }> {
  const partial = `${to}.${randomUUID()}.partial`;
  try {
    const done = await hashFile(from, partial);
    await fsp.rename(partial, to);
    return done;
  } finally {
    await fsp.rm(partial, { force: true });
  }
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Every evidence file a database names, with its size: originals and images' clean copies (a
 * database from before clean copies has no such column).
 */
function evidenceFiles(db: Database.Database): { sha256: string; size: number }[] {
  const columns = (db.pragma("table_info(Evidence)") as { name: string }[]).map((c) => c.name);
  const clean = columns.includes("cleanSha256") ? " UNION ALL SELECT cleanSha256, cleanSize FROM Evidence WHERE cleanSha256 IS NOT NULL" : "";
  return db.prepare(`SELECT sha256, max(size) AS size FROM (SELECT sha256, size FROM Evidence${clean}) GROUP BY sha256 ORDER BY sha256`).all() as {
    sha256: string;
    size: number;
  }[];
}

function counts(db: Database.Database): Manifest["counts"] {
  const count = (table: string) => db.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number;
  return { complaints: count("Complaint"), evidenceRows: count("Evidence"), events: count("Event") };
}

/**
 * Copies DATA_DIR into `target` (new or empty): the database through SQLite's online backup API (a
 * snapshot consistent even while the server writes), then the evidence files that snapshot names,
 * each hashed as it is copied, then manifest.json and SHA256SUMS (`sha256sum -c` checks them).
 * Returns the problems met: a file missing or not matching its name is left out and named.
 */
export async function backupDataDir(dataDir: string, target: string, progress: Progress, includeKey = false) {
  if (fs.existsSync(target) && fs.readdirSync(target).length) throw new Error(`${target} is not empty: back up into a new folder`);
  const sourceDb = path.join(dataDir, DB_FILE);
  if (!fs.existsSync(sourceDb)) throw new Error(`no database at ${sourceDb}`);
  fs.mkdirSync(path.join(target, "evidence"), { recursive: true });

  const copyDb = path.join(target, DB_FILE);
  const source = new Database(sourceDb, { readonly: true, fileMustExist: true, timeout: 5000 });
  try {
    let lastRemaining = Infinity;
    await source.backup(copyDb, {
      progress({ totalPages, remainingPages }) {
        progress(`database ${Math.round(((totalPages - remainingPages) / totalPages) * 100)}% of ${totalPages} pages`);
        // A write by the server restarts the copy; after a restart it is taken in one step, so it always ends.
        const restarted = remainingPages > lastRemaining;
        lastRemaining = remainingPages;
        return restarted ? totalPages : 1024;
      },
    });
  } finally {
    source.close();
  }

  const copy = new Database(copyDb);
  let rows: { sha256: string; size: number }[];
  let manifestCounts: Manifest["counts"];
  try {
    // A plain rollback-journal file: it can be hashed, copied and opened read-only; the server turns WAL back on.
    copy.pragma("journal_mode = DELETE");
    const check = copy.pragma("integrity_check", { simple: true });
    if (check !== "ok") throw new Error(`the copied database fails integrity_check: ${String(check)}`);
    rows = evidenceFiles(copy);
    manifestCounts = counts(copy);
  } finally {
    copy.close();
  }

  const problems: string[] = [];
  const evidence: Manifest["evidence"] = [];
  const total = rows.reduce((sum, r) => sum + r.size, 0);
  let copied = 0;
  for (const [i, row] of rows.entries()) {
    const from = path.join(dataDir, "evidence", row.sha256);
    // A filing that committed just before the snapshot moves its files into evidence/ a moment later.
    for (let attempt = 0; attempt < 20 && !fs.existsSync(from); attempt++) await delay(100);
    if (!fs.existsSync(from)) {
      problems.push(`evidence ${row.sha256}: named by a row but missing from ${path.dirname(from)}`);
      continue;
    }
    const to = path.join(target, "evidence", row.sha256);
    const done = await copyInto(from, to);
    if (done.sha256 !== row.sha256) {
      await fsp.rm(to, { force: true });
      problems.push(`evidence ${row.sha256}: its bytes hash to ${done.sha256}, not to its name (left out)`);
      continue;
    }
    evidence.push(done);
    copied += done.size;
    progress(`evidence ${i + 1}/${rows.length} files, ${mb(copied)} of ${mb(total)}`);
  }
  progress("flushing the copy to disk");
  await fsyncAll([copyDb, ...evidence.map((e) => path.join(target, "evidence", e.sha256)), path.join(target, "evidence")]);

  const database = { file: DB_FILE, ...(await hashFile(copyDb)) };
  const manifest: Manifest = { format: FORMAT, createdAt: new Date().toISOString(), database, evidence, counts: manifestCounts };
  if (includeKey && fs.existsSync(path.join(dataDir, KEY_FILE))) {
    manifest.keyFile = { file: KEY_FILE, ...(await hashFile(path.join(dataDir, KEY_FILE), path.join(target, KEY_FILE))) };
    await fsyncPath(path.join(target, KEY_FILE));
  }
  const sums = [`${database.sha256}  ${DB_FILE}`, ...evidence.map((e) => `${e.sha256}  evidence/${e.sha256}`)].join("\n") + "\n";
  await fsp.writeFile(path.join(target, "SHA256SUMS"), sums);
  // The manifest is written last: a folder without one is a backup that did not finish.
  await fsp.writeFile(path.join(target, `${MANIFEST}.partial`), JSON.stringify(manifest, null, 2) + "\n");
  await fsyncPath(path.join(target, `${MANIFEST}.partial`));
  await fsp.rename(path.join(target, `${MANIFEST}.partial`), path.join(target, MANIFEST));
  await fsyncPath(target);
  return { manifest, problems, bytes: copied };
}

/** Reads a backup's manifest and checks every file it lists against its hash, before anything is restored. */
export async function checkBackup(backup: string, progress: Progress): Promise<{ manifest: Manifest; problems: string[] }> {
  const file = path.join(backup, MANIFEST);
  if (!fs.existsSync(file)) throw new Error(`${backup} has no ${MANIFEST}: not a backup, or one that did not finish`);
  const manifest = JSON.parse(await fsp.readFile(file, "utf8")) as Manifest;
  if (manifest.format !== FORMAT) throw new Error(`${file}: unknown format ${String(manifest.format)}`);
  const problems: string[] = [];
  const expect = async (relative: string, sha256: string, size: number) => {
    const full = path.join(backup, relative);
    if (!fs.existsSync(full)) return problems.push(`${relative}: missing from the backup`);
    const found = await hashFile(full);
    if (found.sha256 !== sha256 || found.size !== size) problems.push(`${relative}: does not match the manifest (SHA-256 ${found.sha256})`);
  };
  await expect(manifest.database.file, manifest.database.sha256, manifest.database.size);
  if (manifest.keyFile) await expect(KEY_FILE, manifest.keyFile.sha256, manifest.keyFile.size);
  for (const [i, e] of manifest.evidence.entries()) {
    if (!SHA256.test(e.sha256)) throw new Error(`${file}: bad evidence entry`);
    await expect(path.join("evidence", e.sha256), e.sha256, e.size);
    progress(`checking the backup: ${i + 1}/${manifest.evidence.length} evidence files`);
  }
  return { manifest, problems };
}

/**
 * Puts a checked backup into DATA_DIR. What was there (with `replace`) is moved aside into
 * DATA_DIR/replaced-<time>/, never deleted. Evidence goes in first and the database last, under
 * temporary names renamed into place, so a restore cut short leaves no database that names missing files.
 */
export async function restoreInto(backup: string, manifest: Manifest, dataDir: string, replace: boolean, progress: Progress) {
  const evidenceDir = path.join(dataDir, "evidence");
  const existing = [DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`, `${DB_FILE}-journal`, "evidence", ...(manifest.keyFile ? [KEY_FILE] : [])].filter((name) =>
    fs.existsSync(path.join(dataDir, name)),
  );
  let movedAside: string | null = null;
  if (existing.length && replace) {
    movedAside = path.join(dataDir, `replaced-${new Date().toISOString().replace(/[:.]/g, "-")}`);
    fs.mkdirSync(movedAside);
    for (const name of existing) await fsp.rename(path.join(dataDir, name), path.join(movedAside, name));
  }
  fs.mkdirSync(evidenceDir, { recursive: true });
  let bytes = 0;
  const copied: string[] = [];
  for (const [i, e] of manifest.evidence.entries()) {
    copied.push(path.join(evidenceDir, e.sha256));
    await copyInto(path.join(backup, "evidence", e.sha256), copied[i]);
    bytes += e.size;
    progress(`restoring evidence ${i + 1}/${manifest.evidence.length} files, ${mb(bytes)}`);
  }
  await fsyncAll([...copied, evidenceDir]);
  // The database goes in last, once every file it names is on disk.
  if (manifest.keyFile) await copyInto(path.join(backup, KEY_FILE), path.join(dataDir, KEY_FILE));
  const restoring = path.join(dataDir, `${DB_FILE}.restoring`);
  await fsp.rm(restoring, { force: true });
  await hashFile(path.join(backup, manifest.database.file), restoring);
  await fsyncPath(restoring);
  await fsp.rename(restoring, path.join(dataDir, DB_FILE));
  await fsyncPath(dataDir);
  return { movedAside, bytes };
}

/**
 * Checks a DATA_DIR: the database's integrity_check and foreign keys, every evidence file against
 * the SHA-256 it is named by, every evidence row's file present, and no file that no row names.
 * The audit chain is checked by the caller (it reads through the app's own client).
 */
export async function verifyDataDir(dataDir: string, progress: Progress) {
  const problems: string[] = [];
  const dbFile = path.join(dataDir, DB_FILE);
  let referenced: Set<string> | null = null;
  let found: Manifest["counts"] | null = null;
  if (!fs.existsSync(dbFile)) problems.push(`database: no ${dbFile}`);
  else {
    try {
      const db = new Database(dbFile, { readonly: true, fileMustExist: true, timeout: 5000 });
      try {
        const check = db.pragma("integrity_check", { simple: false }) as { integrity_check: string }[];
        if (check.length !== 1 || check[0].integrity_check !== "ok")
          problems.push(
            `database: integrity_check failed: ${check
              .slice(0, 5)
              .map((r) => r.integrity_check)
              .join("; ")}`,
          );
        const orphans = db.pragma("foreign_key_check") as { table: string; rowid: number; parent: string }[];
        for (const o of orphans.slice(0, 5)) problems.push(`database: ${o.table} row ${o.rowid} points at a missing ${o.parent}`);
        referenced = new Set(evidenceFiles(db).map((r) => r.sha256));
        found = counts(db);
      } finally {
        db.close();
      }
    } catch (error) {
      problems.push(`database: cannot be read: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  const evidence = await verifyEvidenceFolder(path.join(dataDir, "evidence"), referenced, progress);
  problems.push(...evidence.problems);
  return { problems, files: evidence.files, bytes: evidence.bytes, counts: found, databaseReadable: referenced !== null };
}

/**
 * Checks an evidence folder against the files the database names (`referenced`; null when the
 * database could not be read): every file against the SHA-256 it is named by, every named file
 * present, and no file that nothing names.
 */
export async function verifyEvidenceFolder(evidenceDir: string, referenced: Set<string> | null, progress: Progress) {
  const problems: string[] = [];
  // .uploads: where uploads wait when EVIDENCE_DIR is set (paths.server.ts), not evidence yet.
  const names = fs.existsSync(evidenceDir) ? (await fsp.readdir(evidenceDir)).filter((name) => name !== ".uploads").sort() : [];
  let bytes = 0;
  for (const [i, name] of names.entries()) {
    if (!SHA256.test(name)) {
      problems.push(`evidence/${name}: not named by a SHA-256`);
      continue;
    }
    const { sha256, size } = await hashFile(path.join(evidenceDir, name));
    bytes += size;
    if (sha256 !== name) problems.push(`evidence/${name}: its bytes hash to ${sha256}, not to its name`);
    if (referenced && !referenced.has(name)) problems.push(`evidence/${name}: no evidence row refers to it`);
    progress(`evidence ${i + 1}/${names.length} files hashed, ${mb(bytes)}`);
  }
  if (referenced) {
    const present = new Set(names);
    for (const sha of referenced) {
      if (present.has(sha)) continue;
      // A filing that has just committed moves its files in a moment later: look once more before reporting.
      await delay(500);
      if (!fs.existsSync(path.join(evidenceDir, sha))) problems.push(`evidence/${sha}: named by an evidence row but missing`);
    }
  }
  return { problems, files: names.length, bytes };
}
