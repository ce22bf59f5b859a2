// The suite on PostgreSQL: the seeded SQLite deployment moved with `npm run db:copy` into a database of
// its own, kept on the cluster as a template, and a fresh copy of that for every run.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { DB_FILE, must, npm, ROOT } from "./data";

/** The cluster's admin URL: BENCH_PG_URL, or the tests' PG_TEST_URL. */
export function adminUrl(): string {
  const url = process.env.BENCH_PG_URL ?? process.env.PG_TEST_URL;
  if (!url) throw new Error("--engines postgres needs a PostgreSQL cluster: set BENCH_PG_URL to an admin URL (postgres://postgres@127.0.0.1:5432/postgres)");
  return url;
}

function urlOf(database: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

function psql(sql: string): string {
  return execFileSync("psql", ["-qAtX", "-v", "ON_ERROR_STOP=1", "-d", adminUrl(), "-c", sql], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

const exists = (database: string) => psql(`SELECT 1 FROM pg_database WHERE datname = '${database}'`) === "1";

/**
 * The template for a seeded directory: named after its size, its database file's time and the
 * migrations of this checkout, so a reseeded cache or a new migration makes a new one. A copy that
 * did not finish keeps its "_making" name and is made again.
 */
function templateName(size: number, seededDbFile: string): string {
  const migrations = fs.readdirSync(path.join(ROOT, "prisma/postgres/migrations")).sort().join(",");
  const stamp = createHash("sha256")
    .update(`${fs.statSync(seededDbFile).mtimeMs}|${migrations}`)
    .digest("hex")
    .slice(0, 10);
  return `cwbench_${size}_${stamp}`;
}

/**
 * A PostgreSQL database holding what the working copy `dir` holds (seeded from `seededDir`), for one
 * run: made from the template, which is made first with `db:copy` when the cluster has none.
 */
export async function postgresCopy(size: number, seededDir: string, dir: string, log: (line: string) => void): Promise<string> {
  const template = templateName(size, path.join(seededDir, DB_FILE));
  if (!exists(template)) {
    const making = `${template}_making`;
    psql(`DROP DATABASE IF EXISTS "${making}" WITH (FORCE)`);
    psql(`CREATE DATABASE "${making}"`);
    log(`moving ${size.toLocaleString("en-US")} complaints into PostgreSQL (${making}) with db:copy`);
    const env = { DATABASE_URL: urlOf(making) };
    await must(npm(["setup"], dir, { env }), "npm run setup on PostgreSQL");
    const started = performance.now();
    await must(npm(["db:copy", "--", "--to", urlOf(making), "--from", dir], dir, { env, showProgress: true }), "db:copy");
    log(`  db:copy took ${((performance.now() - started) / 1000).toFixed(1)} s`);
    psql(`ALTER DATABASE "${making}" RENAME TO "${template}"`);
  }
  const run = `cwbench_run_${process.pid}`;
  psql(`DROP DATABASE IF EXISTS "${run}" WITH (FORCE)`);
  psql(`CREATE DATABASE "${run}" TEMPLATE "${template}"`);
  return urlOf(run);
}

export function dropPostgresCopy(url: string): void {
  psql(`DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`);
}
