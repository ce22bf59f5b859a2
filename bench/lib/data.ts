// The databases the suite measures: seeded once per size with `npm run seed:demo` into a cache (a
// million rows take minutes), then copied for each run so the measured server never writes to the
// cache or to a directory given with --data.
import Database from "better-sqlite3";
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Picks, Role } from "./measurement";
import { SESSION_SECRET } from "./server";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const DB_FILE = "collection-watch.db";
export const PASSWORD = "bench pass phrase 1";
export const EMAILS: Record<Role, string> = {
  regulator: "bench-regulator@example.cn",
  bank: "bench-bank@example.cn",
  analyst: "bench-analyst@example.cn",
};

export type SeedRecord = {
  count: number;
  /** Inside the seed script, as it reports ("seeded N demo complaints in X s"). */
  seconds: number;
  /** The whole `npm run seed:demo` command, migrations and start-up included. */
  wallSeconds: number;
  /** `npm run audit:verify` passed on the seeded data. */
  chainOk: boolean;
  date: string;
};

type Run = { code: number | null; stdout: string; stderr: string };

/** One of the project's npm commands on a DATA_DIR; stderr passes through when `showProgress` (seed bars). */
export function npm(args: string[], dataDir: string, options: { input?: string; showProgress?: boolean; env?: Record<string, string> } = {}): Promise<Run> {
  const child = spawn("npm", ["run", "--silent", ...args], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, SESSION_SECRET, NODE_ENV: "production", ...options.env },
    stdio: ["pipe", "pipe", options.showProgress ? "inherit" : "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin!.end(options.input ?? "");
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, stdout, stderr })));
}

export async function must(run: Promise<Run>, what: string): Promise<Run> {
  const result = await run;
  if (result.code !== 0) throw new Error(`${what} failed (${result.code}):\n${result.stdout}\n${result.stderr}`);
  return result;
}

export function countComplaints(dir: string): number {
  const db = new Database(path.join(dir, DB_FILE), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare("SELECT COUNT(*) AS n FROM Complaint").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/**
 * A directory holding `size` seeded complaints: the cache's, seeded now if it has none (a
 * directory whose seeding did not finish has no seed.json and is seeded again).
 */
export async function seededDir(cache: string, size: number, log: (line: string) => void): Promise<{ dir: string; seed: SeedRecord }> {
  const dir = path.join(cache, String(size));
  const record = path.join(cache, `${size}.seed.json`);
  if (fs.existsSync(record) && fs.existsSync(path.join(dir, DB_FILE))) {
    log(`using ${dir} (seeded before)`);
    return { dir, seed: JSON.parse(fs.readFileSync(record, "utf8")) as SeedRecord };
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  log(`seeding ${size} complaints into ${dir}`);
  const started = performance.now();
  const seeded = await must(npm(["seed:demo", "--", "--count", String(size)], dir, { showProgress: true }), "seed:demo");
  const wallSeconds = (performance.now() - started) / 1000;
  const seconds = Number(seeded.stdout.match(/seeded \d+ demo complaints in ([\d.]+) s/)?.[1] ?? wallSeconds);
  log(`checking the audit chain of ${size} complaints`);
  const verified = await npm(["audit:verify"], dir);
  const seed: SeedRecord = { count: size, seconds, wallSeconds, chainOk: verified.code === 0, date: new Date().toISOString() };
  fs.writeFileSync(record, JSON.stringify(seed, null, 2));
  return { dir, seed };
}

/** A private copy of `source` to run the server on, migrated to this checkout's schema. Evidence files never change, so they are hard-linked. */
export async function workingCopy(source: string): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-bench-run-"));
  for (const name of fs.readdirSync(source)) {
    if (name === "uploads") continue; // files in transit belong to the server that wrote them
    const [from, to] = [path.join(source, name), path.join(dir, name)];
    try {
      execFileSync("cp", [name === "evidence" ? "-al" : "-a", from, to]);
    } catch {
      // Another file system: no hard links.
      fs.rmSync(to, { recursive: true, force: true });
      execFileSync("cp", ["-a", from, to]);
    }
  }
  await must(npm(["setup"], dir), "prisma migrate deploy");
  return dir;
}

/** A migrated database with no complaint, for the fixed cost of a page. */
export async function emptyDir(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-bench-empty-"));
  await must(npm(["setup"], dir), "prisma migrate deploy");
  return dir;
}

/** The three reviewers, created with `npm run user` (in parallel: each start-up takes seconds). Needs the institution directory loaded, i.e. the server started once. */
export async function createUsers(dir: string, institution: string): Promise<void> {
  await Promise.all(
    (Object.keys(EMAILS) as Role[]).map(async (role) => {
      const args = [
        "user",
        "--",
        "create",
        "--email",
        EMAILS[role],
        "--role",
        role,
        "--password-stdin",
        ...(role === "bank" ? ["--institution", institution] : []),
      ];
      const result = await npm(args, dir, { input: `${PASSWORD}\n` });
      // A directory given with --data may hold them from an earlier run.
      if (result.code !== 0 && !/Unique constraint/i.test(result.stderr)) throw new Error(`npm run user (${role}) failed:\n${result.stderr}`);
    }),
  );
}

/** Filter values that select real rows: the most common of each, and codes spread over the table. */
export function pickValues(dir: string): Picks {
  const db = new Database(path.join(dir, DB_FILE), { readonly: true, fileMustExist: true });
  try {
    const top = (sql: string, fallback: string) => (db.prepare(sql).get() as { v: string } | undefined)?.v ?? fallback;
    const count = (db.prepare("SELECT MAX(id) AS n FROM Complaint").get() as { n: number | null }).n ?? 0;
    const ids = Array.from({ length: 10 }, (_, i) => Math.max(1, Math.round(((i + 0.5) * count) / 10)));
    const codes = ids.map((id) => (db.prepare("SELECT code FROM Complaint WHERE id >= ? ORDER BY id LIMIT 1").get(id) as { code: string } | undefined)?.code);
    return {
      institution: top(
        "SELECT institutionId AS v FROM Complaint WHERE routedTo = 'bank' AND institutionId IS NOT NULL GROUP BY institutionId ORDER BY COUNT(*) DESC LIMIT 1",
        "cmb",
      ),
      product: top("SELECT product AS v FROM Complaint GROUP BY product ORDER BY COUNT(*) DESC LIMIT 1", "credit_card"),
      region: top("SELECT region AS v FROM Complaint GROUP BY region ORDER BY COUNT(*) DESC LIMIT 1", "310000"),
      category: top("SELECT category AS v FROM ComplaintCategory GROUP BY category ORDER BY COUNT(*) DESC LIMIT 1", "harassment.repeated_calls"),
      agency: top("SELECT agency AS v FROM Complaint WHERE agency IS NOT NULL GROUP BY agency ORDER BY COUNT(*) DESC LIMIT 1", "某某资产管理有限公司"),
      codes: [...new Set(codes.filter((c): c is string => !!c))],
    };
  } finally {
    db.close();
  }
}
