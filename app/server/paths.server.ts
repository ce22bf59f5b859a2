import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { isMainThread } from "node:worker_threads";
import { engine } from "./engine.server";

// What the app writes (database, evidence, keys) is readable by the service's user alone.
// (Worker threads may not set it; they inherit the process's.)
if (isMainThread) process.umask(0o077);

/** Everything the app writes lives under DATA_DIR; `npm run backup` copies it consistently while the server runs. */
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

/** PostgreSQL's URL as given; otherwise SQLite's file under DATA_DIR (a `file:` DATABASE_URL is not read). */
export function databaseUrl(): string {
  if (engine() === "postgres") return process.env.DATABASE_URL!;
  return `file:${path.join(dataDir(), "collection-watch.db")}`;
}

/**
 * Evidence files, named by their SHA-256: DATA_DIR/evidence, or EVIDENCE_DIR (a folder every
 * instance on one PostgreSQL mounts, such as an NFS export; docs/decisions/023).
 */
export function evidenceDir(): string {
  const dir = process.env.EVIDENCE_DIR ? path.resolve(process.env.EVIDENCE_DIR) : path.join(dataDir(), "evidence");
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Where uploads wait: DATA_DIR/uploads, or with EVIDENCE_DIR its `.uploads` folder, since a file
 * moves into evidence by a rename, which only works within one file system. It holds one folder
 * per running server process: only a committed filing moves its files into evidence.
 */
function uploadsPath(): string {
  return process.env.EVIDENCE_DIR ? path.join(path.resolve(process.env.EVIDENCE_DIR), ".uploads") : path.join(dataDir(), "uploads");
}

export function uploadsRoot(): string {
  const dir = uploadsPath();
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * A folder whose owner has not touched it for this long is taken as dead when its owner cannot be
 * checked directly (another pid space: container, boot or host). On SQLite that is another
 * container on this host, with this host's clock. On PostgreSQL it may be another host, whose
 * clock may differ and whose touches a network file system may show late: its folder is left for
 * a day, so a slow or skewed instance never loses an upload it is receiving.
 */
const heartbeatStaleMs = () => (engine() === "postgres" ? 24 * 60 * 60 * 1000 : 2 * 60 * 1000);

function readProc(file: string): string | null {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

/** When a process started, in clock ticks after boot (Linux); with the pid it names one process, even after the pid is reused. */
function startTicks(pid: number): string | null {
  const stat = readProc(`/proc/${pid}/stat`);
  if (!stat) return null;
  // The command name (field 2) may hold spaces and parentheses: fields are counted after the last ")".
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
}

/** This boot of this kernel and this pid namespace: pids can be checked only among processes that share both. */
function pidSpace(): string {
  let link = "";
  try {
    link = fs.readlinkSync("/proc/self/ns/pid");
  } catch {
    // no /proc: the pid space cannot be named
  }
  const boot = readProc("/proc/sys/kernel/random/boot_id");
  return boot && link ? createHash("sha256").update(`${boot.trim()} ${link}`).digest("hex").slice(0, 8) : "unknown";
}

let own: string | undefined;

/** This process's upload folder: `<pid space>-<pid>-<start time>`, so another process can tell whether its owner still runs. */
export function uploadDir(): string {
  own ??= path.join(uploadsRoot(), `${pidSpace()}-${process.pid}-${startTicks(process.pid) ?? Date.now()}`);
  fs.mkdirSync(own, { recursive: true });
  return own;
}

/** Marks this process's upload folder as alive for processes that cannot check its pid. */
export function touchUploadDir() {
  const now = new Date();
  fs.utimesSync(uploadDir(), now, now);
}

function ownerRuns(name: string, stat: fs.Stats): boolean {
  const match = /^([0-9a-f]{8}|unknown)-(\d+)-(\d+)$/.exec(name);
  if (!match || !stat.isDirectory()) return false; // a file left by an older version, or a stray
  const [, space, pid, started] = match;
  if (space !== "unknown" && space === pidSpace()) {
    try {
      process.kill(Number(pid), 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ESRCH") return false;
    }
    // The pid runs: it is the owner only if it started when the owner did (unreadable: fall back on the heartbeat).
    const ticks = startTicks(Number(pid));
    if (ticks !== null) return ticks === started;
  }
  return Date.now() - stat.mtimeMs < heartbeatStaleMs();
}

/** Entries of uploads/ whose owner no longer runs (never this process's own folder). */
export function deadUploadDirs(): string[] {
  const root = uploadsRoot();
  const mine = path.basename(uploadDir());
  const dead: string[] = [];
  for (const name of fs.readdirSync(root)) {
    if (name === mine) continue;
    try {
      if (!ownerRuns(name, fs.statSync(path.join(root, name)))) dead.push(path.join(root, name));
    } catch {
      // removed meanwhile by another process's recovery
    }
  }
  return dead;
}

/** Upload folders of other server processes that still run on this DATA_DIR (or EVIDENCE_DIR). */
export function liveUploadDirs(): string[] {
  const root = uploadsPath();
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root).filter((name) => {
    try {
      return ownerRuns(name, fs.statSync(path.join(root, name)));
    } catch {
      return false;
    }
  });
}
