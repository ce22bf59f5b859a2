import Database from "better-sqlite3";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { timelySql, creditorDueSql } from "~/domain/timely";
import { queueFilterSchema } from "~/domain/queue-filter";
import type { StatsFilter } from "~/domain/stats/shape";
import type { Reviewer } from "~/server/auth.server";
import { EXPORT_COLUMNS, exportStatement, GENERALISED } from "~/server/export-sql.server";
import { PostgresRead, SQLiteRead, type ReadConnection } from "~/server/read-connection.server";
import { StatsIndex } from "~/server/stats-index.server";
import { countsFromScratch, dashboardFromScratch } from "~/server/stats-reference.server";
import { sampleFilters } from "~/server/stats-verify.server";
import { listQueue } from "~/server/triage.server";
import { isoText } from "~/server/stats-where.server";
import { createUser, runCli } from "./support/cli";
import { fixture } from "./support/filing";
import { liveAFullLife } from "./support/full-life";
import { onPostgres } from "./support/engine";
import { freshPostgres } from "./support/postgres";
import type { Client } from "./support/client";
import { signIn } from "./support/reviewer";
import { startServer } from "./support/server";

// Every raw query gives the same answers on SQLite and on PostgreSQL: a full life of changes is
// written on SQLite (the seeder, the CFPB importer, filings and reviewers' actions over HTTP, the
// deadline job), moved into PostgreSQL with npm run db:copy, and then each statement runs on both.

// It needs a PostgreSQL cluster, and runs once: in the SQLite project, which writes the data it copies.
const skipped = !process.env.PG_TEST_URL
  ? "set PG_TEST_URL to a PostgreSQL cluster's admin URL (postgres://…) to compare the engines"
  : onPostgres()
    ? "it runs in the SQLite project, writing on SQLite and comparing with its own PostgreSQL copy"
    : null;

const SHORT = { DEADLINE_DAY_SECONDS: "4", BANK_RESPONSE_DAYS: "1", CONSUMER_ANSWER_DAYS: "1" };

let sqlite: ReadConnection;
let postgres: ReadConnection;
let file: Database.Database;
let postgresUrl = "";
let keptDir = "";
let dropPostgres = () => {};
const users: Record<string, Reviewer> = {};
const codes: Record<string, string> = {};
// One moment for both, so "due" and "overdue" mean the same.
let now: Date;

/** A life of changes, as test/stats-index.test.ts writes it. */
async function liveOnSQLite() {
  Object.assign(process.env, SHORT);
  const server = await startServer({ ...SHORT, DEADLINE_CHECK_MINUTES: "600" });
  try {
    createUser(server.dataDir, "regulator@example.cn", "regulator");
    createUser(server.dataDir, "analyst@example.cn", "analyst");
    createUser(server.dataDir, "cmb@example.cn", "bank", "cmb");
    expect(runCli("seed-demo", ["--count", "400", "--seed", "7"], server.dataDir).status).toBe(0);
    expect(runCli("import-cfpb", [fixture("cfpb-sample.csv")], server.dataDir).status).toBe(0);
    const [regulator, bank] = await Promise.all([signIn(server.url, "regulator@example.cn"), signIn(server.url, "cmb@example.cn")]);
    const { answered, missed, withLog } = await liveAFullLife(server.url, server.dataDir, regulator, bank);
    Object.assign(codes, { answered: answered.code, missed: missed.code, withLog: withLog.code });
    return server;
  } catch (error) {
    await server.stop();
    throw error;
  }
}

beforeAll(async () => {
  if (skipped) return;
  const server = await liveOnSQLite();
  // The data folder kept apart (its keys and evidence, the database as a consistent copy): stopping the server removes it.
  keptDir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-sql-"));
  fs.cpSync(server.dataDir, keptDir, { recursive: true, filter: (source) => !path.basename(source).startsWith("collection-watch.db") });
  const live = new Database(path.join(server.dataDir, "collection-watch.db"), { readonly: true });
  await live.backup(path.join(keptDir, "collection-watch.db"));
  live.close();
  await server.stop();
  file = new Database(path.join(keptDir, "collection-watch.db"), { readonly: true });
  const database = freshPostgres("cw_sql");
  dropPostgres = database.drop;
  postgresUrl = database.url;
  // Moved as a deployment moves house (npm run db:copy), which verifies the copy itself.
  const moved = spawnSync("npx", ["tsx", path.resolve("scripts/db-copy.ts"), "--from", keptDir, "--to", database.url], {
    env: { ...process.env, SESSION_SECRET: "t".repeat(40) },
    encoding: "utf8",
  });
  expect(moved.status, moved.stderr).toBe(0);
  sqlite = new SQLiteRead(file);
  postgres = new PostgresRead(database.url, 2);
  for (const row of file.prepare(`SELECT "id", "email", "role", "institutionId" FROM "User"`).all() as Reviewer[]) users[row.email] = row;
  now = new Date();
}, 600_000);

afterAll(async () => {
  await postgres?.close();
  await sqlite?.close();
  dropPostgres();
  if (keptDir) fs.rmSync(keptDir, { recursive: true, force: true });
});

/** The same statement's rows on both engines. */
async function both<T>(run: (connection: ReadConnection) => Promise<T>): Promise<[T, T]> {
  return [await run(sqlite), await run(postgres)];
}

describe.skipIf(skipped)(`SQLite and PostgreSQL, on the same data${skipped ? ` (skipped: ${skipped})` : ""}`, () => {
  it("hold the same rows after the copy", async () => {
    for (const table of ["Complaint", "ComplaintCategory", "Event", "CollectorPhone", "Institution", "User"]) {
      const [a, b] = await both((c) => c.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "${table}"`));
      expect(b, table).toEqual(a);
    }
  });

  let filters: StatsFilter[] = [];
  it("sample the same filters", async () => {
    const [a, b] = await both(sampleFilters);
    expect(a.length).toBeGreaterThan(30);
    expect(b).toEqual(a);
    filters = [
      ...a,
      { institution: "某某网络小贷" },
      { institution: "icbc" },
      { region: "440000", category: "third_party.family" },
      { product: "online_loan" },
    ];
  });

  it("count every dashboard the same from scratch, call logs included, in both languages", async () => {
    for (const locale of ["zh-CN", "en"])
      for (const filter of filters) {
        const [a, b] = await both((c) => dashboardFromScratch(c, filter, locale, now));
        expect({ filter, locale, dashboard: b }).toEqual({ filter, locale, dashboard: a });
      }
    const [all] = await both((c) => dashboardFromScratch(c, {}, "en", now));
    // The life above left something in each part of the dashboard.
    expect(all.callLogs.complaints).toBeGreaterThan(0);
    expect(all.callLogs.byRule.length).toBeGreaterThan(0);
    expect(all.rates.dispute).not.toBeNull();
    expect(all.timelyResponses).toBeGreaterThan(0);
  });

  it("load the statistics index to the same dashboards, and keep it current from the journal", async () => {
    const [a, b] = await both(async (c) => {
      const index = new StatsIndex(c);
      await index.rebuild();
      return index;
    });
    for (const filter of filters) {
      const scratch = await dashboardFromScratch(sqlite, filter, "zh-CN", now);
      expect(await a.dashboard(filter, "zh-CN", now)).toEqual(scratch);
      expect({ filter, dashboard: await b.dashboard(filter, "zh-CN", now) }).toEqual({ filter, dashboard: scratch });
    }
    // A change written on PostgreSQL reaches its index through the journal.
    const { default: pg } = await import("pg");
    const writer = new pg.Client({ connectionString: postgresUrl });
    await writer.connect();
    const { status, outcome } = file.prepare(`SELECT "status", "outcome" FROM "Complaint" WHERE "code" = ?`).get(codes.withLog) as Record<string, string>;
    const set = (to: { status: string; outcome: string | null }) =>
      writer.query(`UPDATE "Complaint" SET "status" = $1, "outcome" = $2 WHERE "code" = $3`, [to.status, to.outcome, codes.withLog]);
    try {
      await set({ status: "closed", outcome: "explanation" });
      expect((await b.sync()).reloaded).toBeGreaterThan(0);
      expect(await b.dashboard({}, "en", now)).toEqual(await dashboardFromScratch(postgres, {}, "en", now));
      expect(await b.dashboard({}, "en", now)).not.toEqual(await dashboardFromScratch(sqlite, {}, "en", now));
    } finally {
      // Back as it was, for the comparisons that follow.
      await set({ status, outcome });
      await writer.end();
    }
    expect((await b.sync()).reloaded).toBeGreaterThan(0);
    expect(await b.dashboard({}, "en", now)).toEqual(await dashboardFromScratch(sqlite, {}, "en", now));
  });

  const exportFilters: StatsFilter[] = [
    {},
    { institution: "icbc" },
    { region: "440000" },
    { from: "2025-01-01", to: "2026-06-30" },
    { category: "third_party.family" },
  ];

  it("export the same rows, generalised and redacted alike, as CSV columns and as JSON objects", async () => {
    for (const filter of exportFilters) {
      const rows = (c: ReadConnection, format: "csv" | "json") => {
        const { sql, params } = exportStatement(filter, format, c.dialect);
        return collect(c.batches<string[]>(sql, params, 200, "arrays"));
      };
      const [a, b] = await both((c) => rows(c, "csv"));
      expect(a.length).toBeGreaterThan(0);
      expect({ filter, rows: b }).toEqual({ filter, rows: a });
      if (filter === exportFilters[0]) {
        const column = (name: (typeof EXPORT_COLUMNS)[number]) => a.map((row) => row[EXPORT_COLUMNS.indexOf(name)]);
        // Something in each kind of cell that differs by engine: generalised values, narratives, days, timely flags, sorted lists.
        expect(column("Institution")).toContain(GENERALISED);
        expect(column("Consumer complaint narrative").some(Boolean)).toBe(true);
        expect(new Set(column("Timely response?"))).toEqual(new Set(["Yes", "No", ""]));
        expect(column("Categories").some((cell) => cell.includes(";"))).toBe(true);
      }
      // JSON: SQLite writes each object; on PostgreSQL the worker writes it from the columns, to the same text.
      const [objects] = await both((c) => rows(c, "json"));
      expect(objects.map(([text]) => text)).toEqual(b.map((row) => JSON.stringify(Object.fromEntries(EXPORT_COLUMNS.map((name, i) => [name, row[i]])))));
    }
  });

  it("count the `?by=` tables the same", async () => {
    for (const by of ["institution", "agency", "region", "product", "status", "month", "category"] as const) {
      const [a, b] = await both((c) => countsFromScratch(c, {}, by));
      expect({ by, rows: b }).toEqual({ by, rows: a });
    }
  });

  it("flag each complaint timely, late or unanswered, and due, the same", async () => {
    const [a, b] = await both((c) =>
      c.all(
        `SELECT c."code", ${timelySql("c", c.dialect.instant)} AS "timely", CASE WHEN ${creditorDueSql("?", "c", c.dialect.instant)} THEN 1 ELSE 0 END AS "due"
         FROM "Complaint" c ORDER BY c."id"`,
        [isoText(now)],
      ),
    );
    expect(b).toEqual(a);
    expect(new Set(a.map((r) => (r as { timely: number | null }).timely))).toEqual(new Set([0, 1, null]));
  });

  it("serve the same dashboards and exports over HTTP, counted and written by each engine's worker threads", async () => {
    const dirs = [copyOfKept(), copyOfKept()];
    const servers = [await startServer({ DATA_DIR: dirs[0] }), await startServer({ DATA_DIR: dirs[1], DATABASE_URL: postgresUrl })];
    try {
      const [onSQLite, onPostgres] = await Promise.all(servers.map((s) => signIn(s.url, "analyst@example.cn")));
      const body = async (client: Client, url: string) => {
        const response = await client.get(url);
        expect(response.status, url).toBe(200);
        // The page's data: only its dashboard (the rest says when it was made).
        return url.includes("_data") ? ((await response.json()) as { dashboard: unknown }).dashboard : await response.text();
      };
      const dashboard = "/stats?_data=routes/stats._index&lang=";
      for (const url of [
        `${dashboard}zh-CN`,
        `${dashboard}en&region=440000`,
        `${dashboard}en&category=harassment.repeated_calls&from=2025-01-01`,
        "/stats/export.csv",
        "/stats/export.json",
        "/stats/export.csv?institution=icbc",
        "/stats/export.json?status=closed",
        "/stats/export.csv?by=institution",
        "/stats/export.csv?by=month",
        "/stats/export.json?by=category",
      ]) {
        const expected = await body(onSQLite, url);
        expect({ url, body: await body(onPostgres, url) }).toEqual({ url, body: expected });
      }
    } finally {
      for (const server of servers) await server.stop();
      for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("show reviewers the same queue pages, page after page, with the same totals and suggestions", async () => {
    const regulator = users["regulator@example.cn"];
    const bank = users["cmb@example.cn"];
    const collector = (file.prepare(`SELECT "number" FROM "CollectorPhone" GROUP BY "number" ORDER BY COUNT(*) DESC LIMIT 1`).get() as { number: string })
      .number;
    const asked = [
      {},
      { status: "all" },
      { overdue: "1" },
      { category: "harassment.repeated_calls" },
      { institution: "cmb", status: "all" },
      { region: "440000", status: "all" },
      { q: codes.answered, status: "all" },
      { q: collector, status: "all" },
      { mine: "1" },
    ];
    for (const user of [regulator, bank])
      for (const query of asked) {
        let filter = queueFilterSchema.parse(query);
        for (let page = 0; page < 3; page++) {
          const [a, b] = await both((c) => listQueue(user, filter, now, c));
          expect({ user: user.email, filter, page: b }).toEqual({ user: user.email, filter, page: a });
          if (user === regulator && page === 0 && !filter.q && !filter.mine) expect(a.complaints.length).toBeGreaterThan(0);
          if (a.previous) {
            // Back a page, by the index walked backwards.
            const back = { ...filter, after: undefined, before: a.previous };
            const [x, y] = await both((c) => listQueue(user, back, now, c));
            expect({ user: user.email, back, page: y }).toEqual({ user: user.email, back, page: x });
          }
          if (!a.next) break;
          filter = { ...filter, after: a.next };
        }
      }
  });
});

/** A copy of the kept data folder, for one server. */
function copyOfKept() {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), "cw-sql-"));
  fs.cpSync(keptDir, copy, { recursive: true });
  return copy;
}

async function collect<T>(batches: AsyncGenerator<T[]>): Promise<T[]> {
  const all: T[] = [];
  for await (const batch of batches) all.push(...batch);
  return all;
}
