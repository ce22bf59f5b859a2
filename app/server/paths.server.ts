import fs from "node:fs";
import path from "node:path";

// What the app writes (database, evidence, keys) is readable by the service's user alone.
process.umask(0o077);

/** Everything the app writes lives under DATA_DIR, so backing up that folder backs up the app. */
export function dataDir(): string {
  const dir = path.resolve(process.env.DATA_DIR || "data");
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** Closes up a data directory and database made before the umask above (or by another tool, such as Prisma's CLI). */
export function restrictDataFiles() {
  const dir = dataDir();
  fs.chmodSync(dir, 0o700);
  for (const name of ["collection-watch.db", "collection-watch.db-wal", "collection-watch.db-shm", "evidence"]) {
    const file = path.join(dir, name);
    if (fs.existsSync(file)) fs.chmodSync(file, fs.statSync(file).isDirectory() ? 0o700 : 0o600);
  }
}

export function databaseUrl(): string {
  return `file:${path.join(dataDir(), "collection-watch.db")}`;
}

export function evidenceDir(): string {
  const dir = path.join(dataDir(), "evidence");
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Uploads land here first; only a complete, valid filing moves them into evidence/. */
export function uploadDir(): string {
  const dir = path.join(dataDir(), "uploads");
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
