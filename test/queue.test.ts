import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "./support/client";
import { createUser } from "./support/cli";
import { act, fileComplaint, signIn } from "./support/reviewer";
import { startServer, type TestServer } from "./support/server";

let server: TestServer;
let regulator: Client;
const codes: string[] = [];

beforeAll(async () => {
  server = await startServer({ DEADLINE_DAY_SECONDS: "2", TRIAGE_DAYS: "1", BANK_RESPONSE_DAYS: "1000" });
  createUser(server.dataDir, "regulator@example.cn", "regulator");
  // Routing to a creditor with no bank reviewer is refused.
  createUser(server.dataDir, "cmb@example.cn", "bank", "cmb");
  regulator = await signIn(server.url, "regulator@example.cn");
  for (let i = 0; i < 30; i++) {
    const overrides: Record<string, string | string[]> = i % 3 === 0 ? { product: "online_loan", region: "440000", categories: ["privacy.publication"] } : {};
    codes.push((await fileComplaint(server.url, { collectorPhones: "", ...overrides })).code);
  }
});
afterAll(() => server.stop());

const listed = (html: string) => [...html.matchAll(/<a href="\/triage\/(CW-\d{4}-\d{6})">/g)].map((m) => m[1]);

describe("the queue", () => {
  it("pages by keyset, 25 at a time, oldest deadline first, with nothing repeated or lost", async () => {
    const first = await (await regulator.get("/triage")).text();
    const page1 = listed(first);
    expect(page1).toHaveLength(25);
    const next = first.match(/href="(\/triage\?[^"]*after=[^"]+)" rel="next"/)![1].replace(/&amp;/g, "&");
    const page2 = listed(await (await regulator.get(next)).text());
    expect(page2).toHaveLength(5);
    expect([...page1, ...page2]).toEqual(codes);
  });

  it("filters by product, province and category, keeping the filters in the query string", async () => {
    const expected = codes.filter((_, i) => i % 3 === 0);
    expect(listed(await (await regulator.get("/triage?product=online_loan")).text())).toEqual(expected);
    expect(listed(await (await regulator.get("/triage?region=440000&category=privacy.publication")).text())).toEqual(expected);
    const html = await (await regulator.get("/triage?region=440000")).text();
    expect(html).toMatch(/<option value="440000" selected="">/);
  });

  it("shows only overdue complaints when asked, and ignores filters it does not know", async () => {
    // A deadline day is two seconds here (the bank's 1,000 of them far ahead): by now every complaint is past its one-day triage target.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const routed = codes[1]; // a credit-card complaint, now with the bank's period ahead of it
    expect((await act(regulator, routed, { intent: "route", route: "bank", reason: "测试：交银行处理" })).status).toBe(302);
    const overdue = listed(await (await regulator.get("/triage?overdue=1&product=credit_card")).text());
    expect(overdue).toHaveLength(19);
    expect(overdue).not.toContain(routed);
    expect(listed(await (await regulator.get("/triage?product=credit_card")).text())).toContain(routed);
    // Filters that are not understood are left out, and the page says so.
    const bad = await regulator.get("/triage?product=spaceship&status=%27;drop&after=zzz");
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(listed(html)).toHaveLength(25);
    expect(html).toContain("链接里有无法识别的参数，已忽略。");
  });
});
