import Database from "better-sqlite3";
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onPostgres, psql } from "./support/engine";
import { dataEnv, freshDataDir, removeDataDir } from "./support/process";

type Shape = { columns: string[]; indexes: string[]; triggers: string[] };

/** What a migrated SQLite database holds: tables' columns (nullable or not), index and trigger names. */
function sqliteShape(file: string): Shape {
  const db = new Database(file, { readonly: true });
  const names = (type: string) =>
    db
      .prepare("SELECT name FROM sqlite_master WHERE type = ? AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations' ORDER BY name")
      .pluck()
      .all(type) as string[];
  const columns = names("table").flatMap((table) =>
    (db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string; notnull: number; pk: number }[]).map(
      (c) => `${table}.${c.name}${c.notnull || c.pk ? "" : " null"}`,
    ),
  );
  const shape = { columns: columns.sort(), indexes: names("index"), triggers: names("trigger") };
  db.close();
  return shape;
}

function postgresShape(url: string): Shape {
  const rows = (sql: string) => psql(url, sql).split("\n").filter(Boolean);
  return {
    columns: rows(`SELECT table_name || '.' || column_name || CASE WHEN is_nullable = 'YES' THEN ' null' ELSE '' END FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`).sort(),
    // Primary keys are indexes of their own on PostgreSQL, part of the table on SQLite.
    indexes: rows("SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE '%_pkey'").sort(),
    triggers: rows("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal").sort(),
  };
}

describe.skipIf(!onPostgres())("the two engines' migrations (docs/decisions/022)", () => {
  let sqliteDir: string;
  let postgresDir: string;
  beforeAll(() => {
    sqliteDir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-sqlite-"));
    const { DATABASE_URL: _unused, ...env } = process.env;
    execFileSync("npx", ["prisma", "migrate", "deploy"], { env: { ...env, DATA_DIR: sqliteDir }, stdio: "ignore" });
    postgresDir = freshDataDir();
  });
  afterAll(() => {
    fs.rmSync(sqliteDir, { recursive: true, force: true });
    removeDataDir(postgresDir);
  });

  it("build the same tables, columns, indexes and triggers, hand-written ones included", () => {
    const sqlite = sqliteShape(path.join(sqliteDir, "collection-watch.db"));
    const postgres = postgresShape(dataEnv(postgresDir).DATABASE_URL);
    expect(sqlite.triggers.length).toBeGreaterThan(0);
    expect(postgres).toEqual(sqlite);
  });

  it("build on PostgreSQL exactly the schema prisma/postgres/schema.prisma describes", () => {
    // Prisma applies the migrations to a shadow database it makes on the cluster, then compares.
    const diff = spawnSync(
      "npx",
      [
        "prisma",
        "migrate",
        "diff",
        "--from-migrations",
        "prisma/postgres/migrations",
        "--to-schema-datamodel",
        "prisma/postgres/schema.prisma",
        "--script",
        "--exit-code",
      ],
      { env: { ...process.env, DATABASE_URL: dataEnv(postgresDir).DATABASE_URL }, encoding: "utf8" },
    );
    expect(diff.stderr + diff.stdout).toContain("empty migration");
    expect(diff.status).toBe(0);
  });
});
