import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { visibleText } from "./support/client";
import { createUser, runCli } from "./support/cli";
import { act, consumerAct, fileComplaint, signIn } from "./support/reviewer";
import { startServer, type TestServer } from "./support/server";
import { openTestDb } from "./support/test-db";

// Deadlines of one "day" of nine seconds (DEADLINE_DAY_SECONDS, tests only), so the tests wait
// briefly instead of fifteen days (long enough for the steps before the "not yet due" check on a busy machine).
const SHORT = { DEADLINE_DAY_SECONDS: "9", BANK_RESPONSE_DAYS: "1", CONSUMER_ANSWER_DAYS: "1" };
const ordinary = { categories: ["harassment.repeated_calls"], collectorPhones: "", agency: null };
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("npm run deadlines", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ ...SHORT, DEADLINE_CHECK_MINUTES: "600" });
    createUser(server.dataDir, "regulator@example.cn", "regulator");
    createUser(server.dataDir, "cmb@example.cn", "bank", "cmb");
  });
  afterAll(() => server.stop());

  it("escalates a bank that missed its deadline and closes a response the consumer left unanswered", async () => {
    const regulator = await signIn(server.url, "regulator@example.cn");
    const bank = await signIn(server.url, "cmb@example.cn");
    const missed = await fileComplaint(server.url, ordinary);
    const answered = await fileComplaint(server.url, ordinary);
    await act(regulator, missed.code, { intent: "route", route: "bank" });
    await act(regulator, answered.code, { intent: "route", route: "bank" });
    await act(bank, answered.code, { intent: "respond", outcome: "non_monetary_relief", message: "已更换催收公司。" });

    const early = runCli("deadlines", [], server.dataDir);
    expect(early.stdout).toContain("0 complaint(s) changed");
    // Until both deadlines have passed, as stored.
    const db = openTestDb(server.dataDir, { readonly: true });
    const dueAt = async (code: string) =>
      new Date(((await db.get('SELECT "dueAt" FROM "Complaint" WHERE code = ?', [code])) as { dueAt: string }).dueAt).getTime();
    await pause(Math.max(await dueAt(missed.code), await dueAt(answered.code)) - Date.now() + 200);
    await db.close();
    const due = runCli("deadlines", [], server.dataDir);
    expect(due.status).toBe(0);
    expect(due.stdout).toContain(`${missed.code}: routed_to_bank → escalated`);
    expect(due.stdout).toContain(`${answered.code}: responded → closed`);
    expect(due.stdout).toContain("2 complaint(s) changed");
    expect(runCli("deadlines", [], server.dataDir).stdout).toContain("0 complaint(s) changed");

    const tracking = visibleText(await (await missed.consumer.get(`/track/${missed.code}`)).text());
    expect(tracking).toContain("已升级至监管人员");
    expect(tracking).toContain("债权机构未按期答复，自动升级");
    // Too late for the consumer to dispute a closed complaint.
    expect((await consumerAct(answered.consumer, answered.code, { intent: "dispute" })).status).toBe(409);
  });
});

describe("the server's own deadline check", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ ...SHORT, DEADLINE_CHECK_MINUTES: "0.01" });
    createUser(server.dataDir, "regulator@example.cn", "regulator");
    createUser(server.dataDir, "cmb@example.cn", "bank", "cmb");
  });
  afterAll(() => server.stop());

  it("escalates on a timer, without anyone running the command", async () => {
    const regulator = await signIn(server.url, "regulator@example.cn");
    const { code } = await fileComplaint(server.url, ordinary);
    await act(regulator, code, { intent: "route", route: "bank" });
    const db = openTestDb(server.dataDir, { readonly: true });
    const status = async () => ((await db.get('SELECT status FROM "Complaint" WHERE code = ?', [code])) as { status: string }).status;
    await expect.poll(status, { timeout: 20_000, interval: 250 }).toBe("escalated");
    expect(await db.get(`SELECT "actorRole", public FROM "Event" WHERE type = 'miss_deadline'`)).toEqual({ actorRole: "system", public: 1 });
    await db.close();
    expect(server.logs()).toContain(`deadline: ${code} routed_to_bank → escalated`);
  });
});
