// npm run restore -- DIR [--force]: puts a backup taken by `npm run backup` into DATA_DIR. Every file
// is checked against the manifest first. Refuses while a server runs on DATA_DIR; refuses a DATA_DIR
// that already holds data unless --force, which moves that data aside (DATA_DIR/replaced-<time>/).
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { checkBackup, KEY_FILE, postgresBackupRefusal, restoreInto } from "~/server/backup.server";
import { dataDir, liveUploadDirs } from "~/server/paths.server";
import { progressLine } from "./progress";

const refused = postgresBackupRefusal("restore");
if (refused) {
  console.error(refused);
  process.exit(1);
}
const { positionals, values } = parseArgs({ allowPositionals: true, options: { force: { type: "boolean", default: false } } });
if (positionals.length !== 1) {
  console.error("usage: npm run restore -- DIR [--force]   (restores into DATA_DIR)");
  process.exit(2);
}
const backup = path.resolve(positionals[0]);
const target = dataDir();
const fail = (message: string): never => {
  console.error(message);
  process.exit(1);
};

const running = liveUploadDirs();
if (running.length) fail(`a server is running on ${target} (upload folders of running processes: ${running.join(", ")}): stop it before restoring`);
const holds = ["collection-watch.db", "evidence"].filter(
  (name) => fs.existsSync(path.join(target, name)) && (name !== "evidence" || fs.readdirSync(path.join(target, name)).length),
);
if (holds.length && !values.force) fail(`${target} already holds ${holds.join(" and ")}: nothing restored. Use --force to move it aside and restore`);

const progress = progressLine();
try {
  const { manifest, problems } = await checkBackup(backup, progress.update);
  if (problems.length) {
    progress.done();
    problems.forEach((p) => console.error(p));
    fail(`the backup in ${backup} is damaged (${problems.length} problem(s) above): nothing restored`);
  }
  const { movedAside, bytes } = await restoreInto(backup, manifest, target, values.force, progress.update);
  progress.done();
  if (movedAside) console.log(`what ${target} held before was moved to ${movedAside}`);
  const c = manifest.counts;
  console.log(
    `restored the backup of ${manifest.createdAt} from ${backup} into ${target}: ${c.complaints} complaints, ${c.events} audit events, ` +
      `${manifest.evidence.length} evidence files (${(bytes / 1024 / 1024).toFixed(1)} MB), every file checked against its SHA-256. ` +
      "Run `npm run verify` to check it, then `npm start` (which migrates the database if the backup is older than the app)",
  );
  if (!process.env.DATA_ENCRYPTION_KEY && !fs.existsSync(path.join(target, KEY_FILE)))
    console.log(`no data key in ${target} or DATA_ENCRYPTION_KEY: put back the key of the backed-up server, or the contact details cannot be read`);
} catch (error) {
  progress.done();
  fail(`restore failed: ${error instanceof Error ? error.message : String(error)}`);
}
