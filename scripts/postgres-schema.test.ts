import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { postgresSchema, SOURCE, TARGET } from "./postgres-schema.mjs";

// The last SQLite migration PostgreSQL's baseline (prisma/postgres/migrations/20261123000000_baseline) was made after.
const BASELINE = "20261123000000_baseline";
const BASELINE_COVERS = "20261129060100_evidence_clean_copy";

const migrations = (dir: string) =>
  fs
    .readdirSync(path.resolve(dir), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();

describe("PostgreSQL's schema and migrations (docs/decisions/022)", () => {
  it("are generated from prisma/schema.prisma: prisma/postgres/schema.prisma is what scripts/postgres-schema.mjs writes now", () => {
    expect(fs.readFileSync(TARGET, "utf8"), "run node scripts/postgres-schema.mjs").toBe(postgresSchema(fs.readFileSync(SOURCE, "utf8")));
  });

  it("get every SQLite migration made after the baseline, under the same name, and none of their own", () => {
    const sqlite = migrations("prisma/migrations");
    const postgres = migrations("prisma/postgres/migrations");
    expect(sqlite).toContain(BASELINE_COVERS);
    expect(postgres[0]).toBe(BASELINE);
    expect(postgres.slice(1)).toEqual(sqlite.filter((name) => name > BASELINE_COVERS));
  });

  it("swaps the provider and puts the client beside SQLite's, nothing else", () => {
    const sqlite = 'generator client {\n  provider   = "prisma-client-js"\n}\n\ndatasource db {\n  provider = "sqlite"\n}\n\nmodel A {\n  id Int @id\n}\n';
    const postgres = postgresSchema(sqlite);
    expect(postgres).toContain('provider = "postgresql"');
    expect(postgres).toContain('output     = "../../node_modules/.prisma/postgres-client"');
    expect(postgres).toContain("model A {\n  id Int @id\n}\n");
    expect(() => postgresSchema("model A {\n  id Int @id\n}\n")).toThrow(/no sqlite datasource/);
  });
});
