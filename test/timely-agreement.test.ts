import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Dashboard } from "~/domain/stats/dashboard";
import { isPastDue, isTimely } from "~/domain/timely";
import type { Client } from "./support/client";
import { createUser, runCli } from "./support/cli";
import { fixture } from "./support/filing";
import { act, fileComplaint, signIn } from "./support/reviewer";
import { startServer, type TestServer } from "./support/server";
import { openTestDb, type TestDb } from "./support/test-db";

// One definition of "timely" (domain/timely.ts): on a seeded database (demo seed and CFPB import,
// written by SQL outside Prisma) plus complaints answered on time, late and not at all over HTTP,
// the dashboard, the export and the queue agree on which complaints were answered in time.

// A deadline day lasts eight seconds (room for a loaded machine between routing and the answer
// in time); the bank has one of them (an extension, 30).
const SHORT = { DEADLINE_DAY_SECONDS: "8", BANK_RESPONSE_DAYS: "1" };
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let server: TestServer;
let db: TestDb;
let analyst: Client;
let regulator: Client;
let bank: Client;

beforeAll(async () => {
  server = await startServer({ ...SHORT, DEADLINE_CHECK_MINUTES: "600" });
  for (const [email, role, institution] of [
    ["analyst@example.cn", "analyst"],
    ["regulator@example.cn", "regulator"],
    ["cmb@example.cn", "bank", "cmb"],
  ])
    createUser(server.dataDir, email, role, institution);
  db = openTestDb(server.dataDir, { readonly: true });
  [analyst, regulator, bank] = await Promise.all(["analyst@example.cn", "regulator@example.cn", "cmb@example.cn"].map((e) => signIn(server.url, e)));
});
afterAll(async () => {
  await db.close();
  await server.stop();
});

type Row = { code: string; status: string; respondedAt: string | null; responseDueAt: string | null };
const date = (text: string | null) => (text ? new Date(text) : null);

/** Every code on the queue's pages for this query, with whether the row is flagged overdue. */
async function queue(query: string): Promise<Map<string, boolean>> {
  const rows = new Map<string, boolean>();
  for (let url: string | null = `/triage?${query}`; url;) {
    const html = await (await regulator.get(url)).text();
    for (const [, row] of html.matchAll(/<tr>(.*?)<\/tr>/gs)) {
      const code = row.match(/href="\/triage\/([^"]+)"/)?.[1];
      if (code) rows.set(code, row.includes('class="overdue"'));
    }
    url = html.match(/<a href="(\/triage\?[^"]+)" rel="next"/)?.[1].replaceAll("&amp;", "&") ?? null;
  }
  return rows;
}

describe("timely", () => {
  it("means the same on the dashboard, in the export and in the queue", async () => {
    expect(runCli("seed-demo", ["--count", "300", "--seed", "7"], server.dataDir).status).toBe(0);
    expect(runCli("import-cfpb", [fixture("cfpb-sample.csv")], server.dataDir).status).toBe(0);

    const codes: string[] = [];
    for (let i = 0; i < 5; i++) codes.push((await fileComplaint(server.url, { collectorPhones: "" }, [])).code);
    const [onTime, late, unanswered, extended, justRouted] = codes;
    // The answer in time comes straight after its routing.
    expect((await act(regulator, onTime, { intent: "route", route: "bank" })).status).toBe(302);
    expect((await act(bank, onTime, { intent: "respond", outcome: "explanation", message: "已核实。" })).status).toBe(302);
    for (const code of codes.slice(1, 4)) expect((await act(regulator, code, { intent: "route", route: "bank" })).status).toBe(302);
    expect((await act(bank, extended, { intent: "extend", reason: "需要调取录音。" })).status).toBe(302);
    await pause(8500); // past the one-day (eight-second) deadline
    expect((await act(bank, late, { intent: "respond", outcome: "explanation", message: "迟到的答复。" })).status).toBe(302);
    expect((await act(regulator, justRouted, { intent: "route", route: "bank" })).status).toBe(302);

    const now = new Date();
    const complaints = await db.all<Row>('SELECT code, status, "respondedAt", "responseDueAt" FROM "Complaint"');
    const truth = new Map(complaints.map((c) => [c.code, isTimely({ respondedAt: date(c.respondedAt), responseDueAt: date(c.responseDueAt) })]));
    expect([onTime, late, unanswered].map((code) => truth.get(code))).toEqual([true, false, null]);
    const timely = [...truth.values()].filter((t) => t === true).length;
    // The seed and the import wrote both answers in time and late ones.
    expect(complaints.filter((c) => !codes.includes(c.code) && truth.get(c.code) === true).length).toBeGreaterThan(10);
    expect(complaints.filter((c) => !codes.includes(c.code) && truth.get(c.code) === false).length).toBeGreaterThan(0);

    // The export: complaint by complaint.
    const text = await (await analyst.get("/stats/export.csv")).text();
    const exported = parse<Record<string, string>>(text.replace(/^\uFEFF/, ""), { columns: true });
    expect(exported).toHaveLength(complaints.length);
    const yesNo = (t: boolean | null | undefined) => (t === true ? "Yes" : t === false ? "No" : "");
    for (const row of exported)
      expect({ code: row["Complaint ID"], timely: row["Timely response?"] }).toEqual({
        code: row["Complaint ID"],
        timely: yesNo(truth.get(row["Complaint ID"])),
      });

    // The dashboard: as many timely responses as the export's "Yes".
    const dashboard = async (query = "") =>
      ((await (await analyst.get(`/stats?_data=routes%2Fstats._index${query}`)).json()) as { dashboard: Dashboard }).dashboard;
    expect((await dashboard()).timelyResponses).toBe(timely);
    expect(exported.filter((r) => r["Timely response?"] === "Yes")).toHaveLength(timely);

    // The queue: a complaint still with the bank is flagged overdue exactly when an answer now would
    // not be timely, and the dashboard counts those (due, unanswered) alike.
    const withBank = await queue("status=routed_to_bank");
    const stillWithBank = complaints.filter((c) => c.status === "routed_to_bank");
    expect(new Set(withBank.keys())).toEqual(new Set(stillWithBank.map((c) => c.code)));
    const lateIfAnsweredNow = (c: Row) => isPastDue(new Date(c.responseDueAt!), now);
    for (const c of stillWithBank) expect({ code: c.code, overdue: withBank.get(c.code) }).toEqual({ code: c.code, overdue: lateIfAnsweredNow(c) });
    expect([unanswered, extended, justRouted].map((code) => withBank.get(code))).toEqual([true, false, false]);
    const overdue = await queue("status=routed_to_bank&overdue=1");
    expect(new Set(overdue.keys())).toEqual(new Set(stillWithBank.filter(lateIfAnsweredNow).map((c) => c.code)));
    expect((await dashboard("&status=routed_to_bank")).byInstitution.reduce((sum, r) => sum + r.due, 0)).toBe(overdue.size);
  }, 120_000);
});
