import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { describe, inject, it } from "vitest";

/** The engine this project's tests run on: vitest.config.ts sets TEST_ENGINE for the PostgreSQL project. */
export const onPostgres = () => process.env.TEST_ENGINE === "postgres";

/** A database on the same cluster as an admin URL. */
export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Runs SQL on the cluster as its admin, and returns psql's unaligned output. Synchronous, like the file copy SQLite's tests make. */
export function psql(adminUrl: string, sql: string): string {
  return execFileSync("psql", ["-qAtX", "-v", "ON_ERROR_STOP=1", "-d", adminUrl, "-c", sql], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** A new database copied from the migrated template (CREATE DATABASE … TEMPLATE: a file copy, no migration). */
export function freshPostgresDatabase(): string {
  const { adminUrl, template, prefix } = inject("postgresTemplate");
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  psql(adminUrl, `CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  return databaseUrl(adminUrl, name);
}

/**
 * A new database holding what the database at `url` holds now, through pg_dump: it works while a
 * server is connected to `url`, which CREATE DATABASE … TEMPLATE refuses.
 */
export function copyOfPostgresDatabase(url: string): string {
  const { adminUrl, prefix } = inject("postgresTemplate");
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  psql(adminUrl, `CREATE DATABASE "${name}" TEMPLATE template0`);
  const copy = databaseUrl(adminUrl, name);
  const dump = execFileSync("pg_dump", ["--no-owner", "--dbname", url], { maxBuffer: 1 << 30 });
  execFileSync("psql", ["-qX", "-v", "ON_ERROR_STOP=1", "--dbname", copy], { input: dump, stdio: ["pipe", "ignore", "pipe"] });
  return copy;
}

export function dropPostgresDatabase(url: string) {
  const { adminUrl } = inject("postgresTemplate");
  psql(adminUrl, `DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`);
}

/**
 * A describe for what only SQLite has (its file, WAL, PRAGMAs, copying the .db): on PostgreSQL its
 * tests are listed as skipped, with the reason in the name.
 */
export function describeSqliteOnly(reason: string) {
  return (name: string, body: () => void) => (onPostgres() ? describe.skip(`${name} (SQLite only: ${reason})`, body) : describe(name, body));
}

/** An it for what only SQLite promises: skipped on PostgreSQL, with the reason in the name. */
export function itSqliteOnly(reason: string) {
  return (name: string, body: () => Promise<void>) => (onPostgres() ? it.skip(`${name} (SQLite only: ${reason})`, body) : it(name, body));
}
