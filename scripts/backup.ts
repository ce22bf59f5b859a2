// npm run backup -- DIR: a consistent copy of DATA_DIR in DIR (new or empty), safe to take while the
// server runs: the database through SQLite's online backup API, the evidence files it names, and a
// manifest of every file's SHA-256 (manifest.json, and SHA256SUMS for `sha256sum -c`). Progress on
// stderr. The generated data key is copied only with --include-key (it unseals the contact details).
// Exits 1 naming any evidence file that was missing or did not match its hash.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { backupDataDir, KEY_FILE, postgresBackupRefusal } from "~/server/backup.server";
import { dataDir } from "~/server/paths.server";
import { progressLine } from "./progress";

const refused = postgresBackupRefusal("backup");
if (refused) {
  console.error(refused);
  process.exit(1);
}
const { positionals, values } = parseArgs({ allowPositionals: true, options: { "include-key": { type: "boolean", default: false } } });
if (positionals.length !== 1) {
  console.error("usage: npm run backup -- DIR [--include-key]   (DATA_DIR is the folder backed up; DIR must be new or empty)");
  process.exit(2);
}
const target = path.resolve(positionals[0]);
const started = Date.now();
const progress = progressLine();
try {
  const { manifest, problems, bytes } = await backupDataDir(dataDir(), target, progress.update, values["include-key"]);
  progress.done();
  const c = manifest.counts;
  console.log(
    `backed up ${dataDir()} into ${target} in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
      `database ${(manifest.database.size / 1024 / 1024).toFixed(1)} MB (${c.complaints} complaints, ${c.events} audit events), ` +
      `${manifest.evidence.length} evidence files (${(bytes / 1024 / 1024).toFixed(1)} MB); manifest.json and SHA256SUMS list their SHA-256`,
  );
  if (!manifest.keyFile && fs.existsSync(path.join(dataDir(), KEY_FILE)))
    console.log(
      `the key that seals consumers' contact details (${path.join(dataDir(), KEY_FILE)}) is not in the backup: keep a copy of it apart from the backup, ` +
        "or take the backup with --include-key; without it the restored contact details cannot be read",
    );
  if (fs.existsSync(path.join(dataDir(), ".audit-signing-key")))
    console.log(
      `the audit signing key (${path.join(dataDir(), ".audit-signing-key")}) is not in the backup: keep it apart (or set AUDIT_SIGNING_KEY), ` +
        "since npm run verify needs it to check the audit chain of a restored copy",
    );
  for (const problem of problems) console.error(problem);
  if (problems.length) {
    console.error(`${problems.length} evidence file(s) could not be backed up: see above`);
    process.exit(1);
  }
} catch (error) {
  progress.done();
  console.error(`backup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
