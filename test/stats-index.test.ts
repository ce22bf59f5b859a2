import { isDeepStrictEqual } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Dashboard } from "~/domain/stats/dashboard";
import { STATS_DIMENSIONS, statsFilterToSearchParams, type StatsFilter } from "~/domain/stats/shape";
import { suppressCount } from "~/domain/stats/suppress";
import type { ReadConnection } from "~/server/read-connection.server";
import { StatsIndex } from "~/server/stats-index.server";
import { countsFromScratch, dashboardFromScratch } from "~/server/stats-reference.server";
import { sampleFilters, tableDifferences } from "~/server/stats-verify.server";
import { visibleText, type Client } from "./support/client";
import { createUser, runCli } from "./support/cli";
import { fixture } from "./support/filing";
import { liveAFullLife } from "./support/full-life";
import { act, fileComplaint, signIn } from "./support/reviewer";
import { startServer, type TestServer } from "./support/server";
import { openTestDb, openTestRead, type TestDb } from "./support/test-db";

// The dashboard the server counts from its statistics index must equal the SQL count from scratch
// after a full life of changes, whichever way they were written: filings over HTTP, reviewers'
// actions, the deadline job, the seeder and the CFPB importer (the last three in other processes).

// Deadline days of four seconds (a bank's first period one day, an extended one 30), so a missed
// deadline happens within the test.
const SHORT = { DEADLINE_DAY_SECONDS: "4", BANK_RESPONSE_DAYS: "1", CONSUMER_ANSWER_DAYS: "1" };
// The command-line jobs (runCli) inherit this process's environment.
Object.assign(process.env, SHORT);

let server: TestServer;
let db: TestDb;
let read: ReadConnection;
let analyst: Client;
let regulator: Client;
let bank: Client;

beforeAll(async () => {
  server = await startServer({ ...SHORT, DEADLINE_CHECK_MINUTES: "600" });
  createUser(server.dataDir, "analyst@example.cn", "analyst");
  createUser(server.dataDir, "regulator@example.cn", "regulator");
  createUser(server.dataDir, "cmb@example.cn", "bank", "cmb");
  db = openTestDb(server.dataDir);
  read = openTestRead(server.dataDir);
  [analyst, regulator, bank] = await Promise.all([
    signIn(server.url, "analyst@example.cn"),
    signIn(server.url, "regulator@example.cn"),
    signIn(server.url, "cmb@example.cn"),
  ]);
});
afterAll(async () => {
  await db.close();
  await read.close();
  await server.stop();
});

/** The dashboard as the page's loader returns it (Remix's data request: the same numbers the page draws). */
async function served(filter: StatsFilter, locale = "zh-CN"): Promise<Dashboard> {
  const query = statsFilterToSearchParams(filter);
  query.set("lang", locale);
  query.set("_data", "routes/stats._index");
  const response = await analyst.get(`/stats?${query}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { dashboard: Dashboard }).dashboard;
}

/**
 * Whether the served dashboard equals the count from scratch. "Due" depends on the clock, so the
 * count is taken just before and just after the request: the server's moment lies between.
 */
async function matchesScratch(filter: StatsFilter, locale = "zh-CN") {
  const before = await dashboardFromScratch(read, filter, locale, new Date());
  const fast = await served(filter, locale);
  const after = await dashboardFromScratch(read, filter, locale, new Date());
  return { equal: isDeepStrictEqual(fast, before) || isDeepStrictEqual(fast, after), fast, scratch: after };
}

async function expectAllMatch(filters: StatsFilter[]) {
  for (const locale of ["zh-CN", "en"]) {
    for (const filter of filters) {
      const { equal, fast, scratch } = await matchesScratch(filter, locale);
      // On a difference, the two dashboards show where.
      if (!equal) expect({ filter, locale, fast }).toEqual({ filter, locale, fast: scratch });
    }
  }
}

/** Each `?by=` table as served, against the SQL count by that dimension from scratch, suppressed alike. */
async function expectTablesMatch(filters: StatsFilter[]) {
  for (const filter of filters) {
    for (const by of STATS_DIMENSIONS) {
      const query = statsFilterToSearchParams({ ...filter, by });
      const response = await analyst.get(`/stats/export.json?${query}`);
      expect(response.status).toBe(200);
      const scratch = (await countsFromScratch(read, filter, by)).map(([key, n]) => ({ [by]: key, complaints: suppressCount(n) }));
      expect({ filter, by, served: (await response.json()) as unknown }).toEqual({ filter, by, served: scratch });
    }
  }
}

const count = async (sql: string, params: unknown[] = []) => (await db.get<{ n: number }>(sql, params))!.n;
const total = async (filter: StatsFilter = {}) => (await served(filter)).total;
const alleged = async (category: string) => (await served({})).byCategory.find((c) => c.category === category);

describe("the statistics index", () => {
  it("counts what was written after it loaded, by the server and by other processes, as the count from scratch does", async () => {
    // Loaded on an empty database when the server started.
    expect(await total()).toBe(0);

    expect(runCli("seed-demo", ["--count", "300", "--seed", "5"], server.dataDir).status).toBe(0);
    expect(runCli("import-cfpb", [fixture("cfpb-sample.csv")], server.dataDir).status).toBe(0);
    const inDatabase = await count('SELECT COUNT(*) AS n FROM "Complaint"');
    expect(inDatabase).toBeGreaterThan(300);
    expect(await total()).toBe(inDatabase);

    // A life of changes over HTTP, ending with the deadline job in another process.
    const { extended, missed } = await liveAFullLife(server.url, server.dataDir, regulator, bank);

    expect(await total()).toBe(inDatabase + 5);
    // The extended complaint was answered within its 30 days, the missed one not at all.
    const timely = async (code: string) =>
      (await db.get<{ yes: number | null }>('SELECT "respondedAt" <= "responseDueAt" AS yes FROM "Complaint" WHERE code = ?', [code]))!.yes;
    expect([await timely(extended.code), await timely(missed.code)]).toEqual([1, null]);
    expect((await served({})).timelyResponses).toBeGreaterThan(0);
    const filters = await sampleFilters(read);
    expect(filters.length).toBeGreaterThan(30);
    await expectAllMatch([
      ...filters,
      { institution: "某某网络小贷" },
      { institution: "icbc" },
      { institution: "cmb", status: "escalated" },
      { region: "440000", category: "third_party.family" },
      { product: "online_loan", status: "responded" },
    ]);
    await expectTablesMatch([
      {},
      ...filters.filter((_, i) => i % 3 === 0),
      { institution: "某某网络小贷" },
      { region: "440000", category: "third_party.family" },
    ]);
    // Unsuppressed, every filter: the index the server holds, built here afresh over the same database.
    const index = new StatsIndex(read);
    await index.rebuild();
    expect(await tableDifferences(read, filters, async (filter, by) => index.countBy(filter, by))).toEqual([]);
    // Three processes, a dozen HTTP actions, a four-second wait and 90 dashboards counted twice each.
  }, 240_000);

  it("shows a change on the next request", async () => {
    const before = await total({ region: "650000" });
    const family = (await alleged("third_party.family"))!;
    const { code } = await fileComplaint(server.url, { region: "650000", categories: ["third_party.family"] });
    expect(await total({ region: "650000" })).toBe(before + 1);
    expect((await alleged("third_party.family"))!.alleged).toBe(family.alleged + 1);

    expect((await act(regulator, code, { intent: "substantiate", category: "third_party.family", substantiated: "yes" })).status).toBe(302);
    expect((await alleged("third_party.family"))!.substantiated).toBe(family.substantiated + 1);
    expect((await matchesScratch({ region: "650000" })).equal).toBe(true);
  });

  it("never counts a burst (our heuristic) as a breach, nor one stored as breached before it was told apart", async () => {
    const rules = async () => (await served({})).callLogs.byRule;
    const before = await rules();
    // Five missed calls within eight minutes in the afternoon: a burst and nothing else.
    const csv = ["号码,类型,时间,通话时长", ...["14:00", "14:02", "14:04", "14:06", "14:08"].map((t) => `13800138000,未接,2026-10-08 ${t},0`)].join("\n");
    const { code } = await fileComplaint(server.url, { region: "630000" }, [{ field: "callLog", file: new File([csv], "下午.csv") }]);
    type Findings = { results: { ruleId: string; breached: boolean; pattern: boolean }[] };
    const findings = async () =>
      JSON.parse((await db.get<{ json: string }>('SELECT "callLogFindings" AS json FROM "Complaint" WHERE code = ?', [code]))!.json) as Findings;
    const stored = await findings();
    expect(stored.results.find((r) => r.ruleId === "cw.burst")).toMatchObject({ breached: false, pattern: true });
    expect((await served({})).callLogs.complaints).toBeGreaterThan(0);
    expect(await rules()).toEqual(before);
    expect(before.map((r) => r.ruleId)).not.toContain("cw.burst");
    // As an analysis stored by the version that marked a burst breached.
    const old = { ...stored, results: stored.results.map((r) => (r.ruleId === "cw.burst" ? { ...r, breached: true } : r)) };
    await db.run('UPDATE "Complaint" SET "callLogFindings" = ? WHERE code = ?', [JSON.stringify(old), code]);
    expect((await findings()).results.find((r) => r.ruleId === "cw.burst")).toMatchObject({ breached: true, pattern: true });
    expect(await rules()).toEqual(before);
    expect((await matchesScratch({})).equal).toBe(true);
    expect((await matchesScratch({ region: "630000" })).equal).toBe(true);
  });

  it("counts a category a reviewer found, though the consumer did not allege it, apart", async () => {
    const category = (name: string) => async () =>
      (await served({})).byCategory.find((c) => c.category === name) ?? { alleged: 0, substantiated: 0, foundByReviewer: 0 };
    const nights = category("harassment.inconvenient_hours");
    const before = await nights();
    const nightsIn460000: StatsFilter = { region: "460000", category: "harassment.inconvenient_hours" };
    const alleging = await total(nightsIn460000);
    const { consumer, code } = await fileComplaint(server.url, { region: "460000", categories: ["third_party.family"] });

    // Nothing to withdraw: "not substantiated" of a category nobody alleged or found is refused.
    const refused = await act(regulator, code, { intent: "substantiate", category: "harassment.inconvenient_hours", substantiated: "no" });
    expect(refused.status).toBe(400);
    expect(visibleText(await refused.text())).toContain("消费者没有投诉这一项，也没有工作人员认定过");

    expect((await act(regulator, code, { intent: "substantiate", category: "harassment.inconvenient_hours", substantiated: "yes" })).status).toBe(302);
    expect(await nights()).toEqual({ ...before, foundByReviewer: before.foundByReviewer + 1 });
    expect((await matchesScratch({})).equal).toBe(true);
    // The category filter is about what consumers alleged.
    expect(await total(nightsIn460000)).toBe(alleging);
    expect((await matchesScratch(nightsIn460000)).equal).toBe(true);

    // The regulator sees it as found by a reviewer; the consumer and the creditor see what the consumer alleged.
    expect(visibleText(await (await regulator.get(`/triage/${code}`)).text())).toContain("在休息时间催收（夜间、清晨） (工作人员认定，消费者未投诉)");
    expect(visibleText(await (await consumer.get(`/track/${code}`)).text())).not.toContain("在休息时间催收");
    expect((await act(regulator, code, { intent: "route", route: "bank", reason: "由银行先行处理" })).status).toBe(302);
    expect(visibleText(await (await bank.get(`/triage/${code}`)).text())).not.toContain("在休息时间催收（夜间、清晨） (");

    // The export names it in a column of its own.
    const exported = (await (await analyst.get("/stats/export.json?region=460000")).json()) as Record<string, string>[];
    expect(exported.find((row) => row["Complaint ID"] === code)).toMatchObject({
      Categories: "third_party.family",
      "Substantiated categories": "",
      "Categories found by reviewer": "harassment.inconvenient_hours",
    });

    // The audit chain holds: the state digest covers the finding.
    const audit = runCli("audit-verify", [], server.dataDir);
    expect(audit.status, audit.stderr).toBe(0);

    // "Not substantiated" withdraws the reviewer's own finding.
    expect((await act(regulator, code, { intent: "substantiate", category: "harassment.inconvenient_hours", substantiated: "no" })).status).toBe(302);
    expect(await nights()).toEqual(before);
    expect((await matchesScratch({})).equal).toBe(true);
  });

  it("loads afresh when journal rows it had not read were deleted", async () => {
    await total();
    const { code } = await fileComplaint(server.url, { region: "540000" });
    // As if another process had trimmed the journal past this server's index: all but the newest row,
    // so that on PostgreSQL, which keeps no number past its rows, the journal still shows how far it went.
    await db.run('DELETE FROM "StatsChange" WHERE "seq" < (SELECT MAX("seq") FROM "StatsChange")');
    expect(await total({ region: "540000" })).toBe(await count(`SELECT COUNT(*) AS n FROM "Complaint" WHERE region = '540000'`));
    expect(await count('SELECT COUNT(*) AS n FROM "Complaint" WHERE code = ? AND region = ?', [code, "540000"])).toBe(1);
    await expectAllMatch([{}, { region: "540000" }]);
  });
});
