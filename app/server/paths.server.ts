import fs from "node:fs";
import path from "node:path";

/** Everything the app writes lives under DATA_DIR, so backing up that folder backs up the app. */
export function dataDir(): string {
  const dir = path.resolve(process.env.DATA_DIR || "data");
  fs.mkdirSync(dir, { recursive: true });
  return dir;
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
