import { RULE_PACKS } from "~/domain/call-log/rules";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, visibleText } from "./support/client";
import { createUser, runCli } from "./support/cli";
import { signIn } from "./support/reviewer";
import { startServer, type TestServer } from "./support/server";
import { openTestDb, type TestDb } from "./support/test-db";

let server: TestServer;
let db: TestDb;
let analyst: Client;

beforeAll(async () => {
  server = await startServer();
  const seeded = runCli("seed-demo", ["--count", "400", "--seed", "7"], server.dataDir);
  expect(seeded.status).toBe(0);
  createUser(server.dataDir, "analyst@example.cn", "analyst");
  createUser(server.dataDir, "cmb@example.cn", "bank", "cmb");
  db = openTestDb(server.dataDir, { readonly: true });
  analyst = await signIn(server.url, "analyst@example.cn");
});
afterAll(async () => {
  await db.close();
  await server.stop();
});

const scalar = async (sql: string, ...params: unknown[]) => Object.values((await db.get<object>(sql, params))!)[0] as number;

describe("the dashboard", () => {
  it("shows the seeded numbers: totals, categories alleged and substantiated, institutions", async () => {
    const html = await (await analyst.get("/stats")).text();
    expect(html).toMatch(new RegExp(`id="stat-total">${await scalar('SELECT COUNT(*) FROM "Complaint"')}<`));
    const categoryTable = html.match(/<table class="numbers" id="table-category">([\s\S]*?)<\/table>/)![1];
    const rows = [...categoryTable.matchAll(/<tr><td>([^<]+)<\/td><td class="n">(\d+)<\/td><td class="n">(\d+)<\/td><td class="n">(\d+)<\/td><\/tr>/g)];
    expect(rows.length).toBeGreaterThan(10);
    const alleged = rows.reduce((n, r) => n + Number(r[2]), 0);
    const substantiated = rows.reduce((n, r) => n + Number(r[3]), 0);
    expect(alleged).toBe(await scalar('SELECT COUNT(*) FROM "ComplaintCategory" WHERE alleged = TRUE'));
    expect(substantiated).toBe(await scalar('SELECT COUNT(*) FROM "ComplaintCategory" WHERE alleged = TRUE AND substantiated = TRUE'));
    expect(html).toContain("<svg");
    expect(visibleText(html)).toContain("按违规类型");
  });

  it("counts what the call logs show across complaints, as the stored analyses say", async () => {
    const analyses = (await db.all<{ json: string }>('SELECT "callLogFindings" AS json FROM "Complaint" WHERE "callLogFindings" IS NOT NULL')).map(
      (row) => JSON.parse(row.json) as { outsideHours: { count: number }; distinctNumbers: number; results: { ruleId: string; breached: boolean }[] },
    );
    expect(analyses.length).toBeGreaterThan(40); // one seeded complaint in five has a call log
    const html = await (await analyst.get("/stats")).text();
    expect(html).toMatch(new RegExp(`id="stat-call-logs">${analyses.length}<`));

    const table = (id: string) =>
      [...html.match(new RegExp(`<table class="numbers" id="${id}">([\\s\\S]*?)</table>`))![1].matchAll(/<tr>((?:<td[^>]*>[^<]*<\/td>)+)<\/tr>/g)].map((row) =>
        [...row[1].matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((cell) => cell[1]),
      );
    // Each log is read against its creditor's kind's pack: banks' under the banking association's guideline, the rest under GB/T 45251.
    const breaching = (ruleId: string) => String(analyses.filter((a) => a.results.some((r) => r.ruleId === ruleId && r.breached)).length);
    expect(table("table-call-rules")).toContainEqual(["禁止时段", RULE_PACKS.gbt_45251.quietHours.source.zh, breaching("gbt_45251.collection_hours")]);
    expect(table("table-call-rules")).toContainEqual(["禁止时段", RULE_PACKS.cba_2026.quietHours.source.zh, breaching("cba_2026.collection_hours")]);
    expect(table("table-call-rules").map(([label]) => label)).not.toContain("密集来电");
    const night = (low: number, high: number) => String(analyses.filter((a) => a.outsideHours.count >= low && a.outsideHours.count <= high).length);
    expect(table("table-call-outside")).toEqual([
      ["0", night(0, 0)],
      ["1–4", night(1, 4)],
      ["5–9", night(5, 9)],
      ["10–19", night(10, 19)],
      ["20+", night(20, Infinity)],
    ]);
    const numbers = table("table-call-numbers").reduce((sum, [, count]) => sum + Number(count), 0);
    expect(numbers).toBe(analyses.length);
  });

  it("applies the filters in the query string", async () => {
    const html = await (await analyst.get("/stats?product=credit_card&region=440000")).text();
    const expected = await scalar(`SELECT COUNT(*) FROM "Complaint" WHERE product = 'credit_card' AND region = '440000'`);
    expect(html).toMatch(new RegExp(`id="stat-total">${expected}<`));
  });

  it("puts a bad filter's message beside the field and keeps the rest", async () => {
    const response = await analyst.get("/stats?from=2026-13-45&product=credit_card");
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toMatch(/id="from-error">日期格式不正确。/);
    expect(html).toMatch(/<option value="credit_card" selected="">/);
  });

  it("is not there for a bank reviewer or an anonymous visitor", async () => {
    const bank = await signIn(server.url, "cmb@example.cn");
    for (const url of ["/stats", "/stats/export.csv", "/stats/export.json", "/stats/export.csv?by=institution"]) {
      expect((await bank.get(url)).status).toBe(404);
      const anonymous = await new Client(server.url).get(url);
      expect(anonymous.status).toBe(302);
      expect(anonymous.headers.get("location")).toMatch(/^\/login\?next=/);
    }
  });
});

describe("the exports", () => {
  it("give one CSV row per complaint, UTF-8 with a BOM, and no phone number, e-mail or name from any complaint", async () => {
    const response = await analyst.get("/stats/export.csv");
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = bytes.toString("utf8");
    expect(csv.split("\n")[0]).toContain("Date received,Product,Categories,Institution");
    const { parse } = await import("csv-parse/sync");
    const records = parse<Record<string, string>>(csv, { bom: true, columns: true });
    expect(records).toHaveLength(await scalar('SELECT COUNT(*) FROM "Complaint"'));
    const people = await db.all<Record<string, string | null>>('SELECT "consumerName", "consumerPhone", "consumerEmail" FROM "Complaint"');
    const secrets = new Set<string>();
    for (const p of people) for (const v of Object.values(p)) if (v) secrets.add(v);
    for (const { number } of await db.all<{ number: string }>('SELECT number FROM "CollectorPhone"')) secrets.add(number);
    expect(secrets.size).toBeGreaterThan(800);
    const leaked = [...secrets].filter((s) => csv.includes(s));
    expect(leaked).toEqual([]);
    // Narratives only where the consumer consented, and then redacted.
    const withNarrative = records.filter((r) => r["Consumer complaint narrative"]);
    expect(withNarrative.length).toBe(await scalar('SELECT COUNT(*) FROM "Complaint" WHERE consent = TRUE'));
    expect(withNarrative.every((r) => r["Consumer consent provided?"] === "Consent provided")).toBe(true);
    expect(withNarrative.some((r) => r["Consumer complaint narrative"].includes("XXXX"))).toBe(true);
  });

  it("streams the same rows as a JSON array", async () => {
    const response = await analyst.get("/stats/export.json?status=closed");
    const rows = (await response.json()) as Record<string, string>[];
    expect(rows).toHaveLength(await scalar(`SELECT COUNT(*) FROM "Complaint" WHERE status = 'closed'`));
    expect(rows.every((r) => r.Status === "closed")).toBe(true);
  });

  it("suppresses aggregate cells under 5", async () => {
    const csv = await (await analyst.get("/stats/export.csv?by=institution")).text();
    const counts = await db.all<{
      key: string;
      n: number;
    }>('SELECT COALESCE("institutionId", "institutionName") AS key, COUNT(*) AS n FROM "Complaint" GROUP BY key');
    for (const { key, n } of counts) {
      expect(csv).toContain(`${key},${n < 5 && n > 0 ? "<5" : n}`);
    }
    const small: unknown = await (await analyst.get("/stats/export.json?by=region&product=other&category=fees.unlawful")).json();
    expect((small as { complaints: number | string }[]).every((r) => r.complaints === "<5" || Number(r.complaints) >= 5)).toBe(true);
  });
});
