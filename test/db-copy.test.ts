import Database from "better-sqlite3";
import { execFileSync, spawnSync } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "./support/cli";
import { onPostgres } from "./support/engine";
import { freshDataDir, removeDataDir, ServerProcess } from "./support/process";
import { fixtureFile } from "./support/filing";
import { act, fileComplaint, signIn } from "./support/reviewer";

/**
 * Moving house: a SQLite deployment, made through the app (filings with evidence, a routing, a
 * creditor's response), copied by the real `npm run db:copy` into a fresh PostgreSQL database
 * migrated with PostgreSQL's migrations, then read back from both sides.
 */
const PG_TEST_URL = process.env.PG_TEST_URL;
// The deployment being moved is SQLite's, whatever engine the rest of the run uses.
delete process.env.DATABASE_URL;

// The deployment being moved: its server is stopped before the move, as the README says.
let server: { url: string; dataDir: string };
let source: Database.Database;
let target: pg.Client;
let targetUrl: string;
let database: string;
let responded: string;

// timestamp(3) holds UTC without a zone: read it as UTC, as the app does.
const utc = (text: string) => new Date(`${text.replace(" ", "T")}Z`);
const types = {
  getTypeParser: (oid: number, format?: "text" | "binary") => (oid === 1114 ? utc : (pg.types.getTypeParser(oid, format) as (value: string) => unknown)),
};

/** One of the project's commands run against the copy on PostgreSQL, with the deployment's keys. */
function onTheCopy(script: string, ...args: string[]) {
  return spawnSync("npx", ["tsx", path.resolve("scripts", `${script}.ts`), ...args], {
    env: { ...process.env, DATA_DIR: server.dataDir, DATABASE_URL: targetUrl, SESSION_SECRET: "t".repeat(40) },
    encoding: "utf8",
  });
}

function dbCopy(...args: string[]) {
  return spawnSync("npx", ["tsx", path.resolve("scripts/db-copy.ts"), "--from", server.dataDir, "--to", targetUrl, ...args], {
    env: { ...process.env, SESSION_SECRET: "t".repeat(40) },
    encoding: "utf8",
  });
}

const tables = () =>
  source.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'").pluck().all() as string[];
const sourceCount = (table: string) => source.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number;
const targetCount = async (table: string) => Number((await target.query<{ n: string }>(`SELECT count(*) AS n FROM "${table}"`)).rows[0].n);

// Its source is a SQLite deployment: it runs in the SQLite project, and copies into PG_TEST_URL's cluster.
const skipped = !PG_TEST_URL
  ? "skipped: set PG_TEST_URL to a PostgreSQL server where the test may create a database"
  : onPostgres()
    ? "skipped on PostgreSQL: it copies a SQLite deployment, and runs with the SQLite tests"
    : null;

describe.skipIf(skipped !== null)(`db:copy${skipped ? ` (${skipped})` : ""}`, () => {
  beforeAll(async () => {
    const dataDir = freshDataDir();
    const running = ServerProcess.start(dataDir, "server.js", { DATABASE_URL: "" });
    server = { url: await running.url(), dataDir };
    createUser(server.dataDir, "reg@example.cn", "regulator");
    createUser(server.dataDir, "cmb@example.cn", "bank", "cmb");
    const a = await fileComplaint(server.url, {}, [
      { field: "evidence", file: fixtureFile("screenshot.png") },
      { field: "evidence", file: fixtureFile("letter.pdf") },
    ]);
    await fileComplaint(server.url, { narrative: "每天打十几个电话。\n第二行\t带制表符和反斜杠 \\ 。" }, [
      { field: "evidence", file: fixtureFile("call.mp3") },
    ]);
    await fileComplaint(server.url, { collectorPhones: "" }, []);
    const regulator = await signIn(server.url, "reg@example.cn");
    const bank = await signIn(server.url, "cmb@example.cn");
    expect((await act(regulator, a.code, { intent: "route", route: "bank", reason: "先由银行处理" })).status).toBe(302);
    expect((await act(bank, a.code, { intent: "respond", outcome: "explanation", message: "已核实，停止催收。" })).status).toBe(302);
    responded = a.code;
    await running.kill();
    source = new Database(path.join(server.dataDir, "collection-watch.db"), { readonly: true });

    database = `cw_copy_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: PG_TEST_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    const url = new URL(PG_TEST_URL!);
    url.pathname = `/${database}`;
    targetUrl = url.toString();
    execFileSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: targetUrl }, stdio: "ignore" });
    target = new pg.Client({ connectionString: targetUrl, types });
    await target.connect();
  });

  afterAll(async () => {
    source?.close();
    await target?.end();
    if (server) removeDataDir(server.dataDir);
    if (database) {
      const admin = new pg.Client({ connectionString: PG_TEST_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
    }
  });

  it("copies every table with progress, then verifies counts, evidence and the audit chain", async () => {
    const run = dbCopy();
    expect(run.stderr + run.stdout).not.toContain("DIFFERS");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/Complaint: 3 rows in [\d.]+ s \([\d,]+ rows\/s\)/);
    expect(run.stdout).toMatch(/ok: row counts equal/);
    const files = source
      .prepare(`SELECT count(*) FROM (SELECT "sha256" FROM "Evidence" UNION SELECT "cleanSha256" FROM "Evidence" WHERE "cleanSha256" IS NOT NULL)`)
      .pluck()
      .get() as number;
    expect(files).toBeGreaterThanOrEqual(3);
    expect(run.stdout).toContain(
      `ok: all ${files} evidence files the rows name are in ${path.join(server.dataDir, "evidence")} with their SHA-256 (shared, not copied)`,
    );
    expect(run.stdout).toMatch(/ok: audit chain intact on the copy \(\d+ events, signed head, 3 complaints matching their latest event\)/);
    expect(run.stdout).toContain("verified the copy");

    for (const table of tables()) expect({ table, rows: await targetCount(table) }).toEqual({ table, rows: sourceCount(table) });
    expect(sourceCount("Event")).toBeGreaterThan(3);
    // The statistics journal is copied as it stands, not written again by the triggers.
    expect(await targetCount("StatsChange")).toBe(sourceCount("StatsChange"));
  });

  it("keeps a complaint, its evidence and its events field by field", async () => {
    const id = (source.prepare("SELECT id FROM Complaint WHERE code = ?").get(responded) as { id: number }).id;
    for (const [table, where] of [
      ["Complaint", `"id" = ${id}`],
      ["Evidence", `"complaintId" = ${id}`],
      ["Event", `"complaintId" = ${id}`],
      ["ComplaintCategory", `"complaintId" = ${id}`],
    ]) {
      const before = source.prepare(`SELECT * FROM "${table}" WHERE ${where} ORDER BY 1, 2`).all() as Record<string, unknown>[];
      const after = (await target.query<Record<string, unknown>>(`SELECT * FROM "${table}" WHERE ${where} ORDER BY 1, 2`)).rows;
      expect(before.length).toBeGreaterThan(0);
      expect(after).toHaveLength(before.length);
      after.forEach((row, i) => {
        for (const [column, value] of Object.entries(row)) {
          const was = before[i][column];
          // SQLite's forms of the same values: ISO text with +00:00 for dates, 0/1 for booleans.
          const expected = value instanceof Date && typeof was === "string" ? new Date(was) : typeof value === "boolean" ? was === 1 : was;
          expect({ table, column, value }).toEqual({ table, column, value: expected });
        }
      });
    }
    const complaint = (
      await target.query<{ status: string; respondedAt: Date | null }>(`SELECT "status", "respondedAt" FROM "Complaint" WHERE "id" = $1`, [id])
    ).rows[0];
    expect(complaint.status).not.toBe("submitted");
    expect(complaint.respondedAt).toBeInstanceOf(Date);
    // Line ends, tabs and backslashes are what COPY's text format escapes.
    const awkward = source.prepare(`SELECT "id", "narrative" FROM "Complaint" WHERE "narrative" LIKE '%制表符%'`).get() as { id: number; narrative: string };
    expect(awkward.narrative).toMatch(/\n.*\t.*\\/s);
    expect((await target.query<{ narrative: string }>(`SELECT "narrative" FROM "Complaint" WHERE "id" = $1`, [awkward.id])).rows[0].narrative).toBe(
      awkward.narrative,
    );
  });

  it("hands out the next ids after the copied ones", async () => {
    for (const table of ["Complaint", "Event", "Evidence", "User"]) {
      const max = source.prepare(`SELECT max(id) FROM "${table}"`).pluck().get() as number;
      const next = (await target.query<{ id: string }>(`SELECT nextval(pg_get_serial_sequence('"${table}"', 'id')) AS id`)).rows[0].id;
      expect({ table, next: Number(next) }).toEqual({ table, next: max + 1 });
    }
  });

  it("verifies the copy with npm run verify on PostgreSQL: the evidence folder against the rows, and the chain", () => {
    const run = onTheCopy("verify");
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /^PostgreSQL database cw_copy_\S+ on 127\.0\.0\.1:\d+ with evidence in \S+ verified: database ok \(3 complaints, 3 evidence rows\)/,
    );
    expect(run.stdout).toMatch(/match their SHA-256 and every row's file is present, audit chain intact \(\d+ events\)/);
  });

  it("says what to use on PostgreSQL instead of SQLite's backup", () => {
    const backup = onTheCopy("backup", path.join(server.dataDir, "never"));
    expect(backup.status).toBe(1);
    expect(backup.stderr).toContain("pg_dump");
  });

  it("refuses to copy into a database that is no longer empty", async () => {
    const events = await targetCount("Event");
    const run = dbCopy();
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/refused: cannot copy into .*:\n\s+it is not empty: .*Complaint \(3 rows\)/);
    expect(await targetCount("Event")).toBe(events);
  });

  it("reports a copy whose audit trail was changed", async () => {
    const { rows } = await target.query<{ id: number }>(`SELECT "id" FROM "Event" WHERE "note" IS NOT NULL ORDER BY "id" LIMIT 1`);
    await target.query(`UPDATE "Event" SET "note" = 'changed after the copy' WHERE "id" = $1`, [rows[0].id]);
    const run = dbCopy("--check");
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/ok: row counts equal/);
    expect(run.stderr).toContain(`DIFFERS: audit chain on the copy: audit chain broken at event ${rows[0].id} (its content was changed)`);
    expect(run.stderr).toMatch(/does not match .*collection-watch\.db: 1 difference/);
    const verify = onTheCopy("verify");
    expect(verify.status).toBe(1);
    expect(verify.stderr).toContain(`audit chain broken at event ${rows[0].id} (its content was changed)`);
  });
});
