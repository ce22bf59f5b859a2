import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { periodEnd } from "~/domain/calendar/legal-period";
import { Client, visibleText } from "./support/client";
import { createUser, runCli } from "./support/cli";
import { act, consumerAct, fileComplaint, signIn, versionOf } from "./support/reviewer";
import { startServer, type TestServer } from "./support/server";
import { openTestDb, type TestDb } from "./support/test-db";

let server: TestServer;
let db: TestDb;
let regulator: Client;
let cmbReviewer: Client;
let icbcReviewer: Client;

beforeAll(async () => {
  server = await startServer({ LOGIN_ATTEMPTS: "3" });
  createUser(server.dataDir, "regulator@example.cn", "regulator");
  createUser(server.dataDir, "cmb@example.cn", "bank", "招商银行");
  createUser(server.dataDir, "icbc@example.cn", "bank", "icbc");
  createUser(server.dataDir, "analyst@example.cn", "analyst");
  db = openTestDb(server.dataDir);
  [regulator, cmbReviewer, icbcReviewer] = await Promise.all([
    signIn(server.url, "regulator@example.cn"),
    signIn(server.url, "cmb@example.cn"),
    signIn(server.url, "icbc@example.cn"),
  ]);
});
afterAll(async () => {
  await db.close();
  await server.stop();
});

const statusOf = async (code: string) => ((await db.get('SELECT status FROM "Complaint" WHERE code = ?', [code])) as { status: string }).status;
const ordinary = { categories: ["harassment.repeated_calls", "third_party.family"], collectorPhones: "", agency: null };

describe("the life of a complaint", () => {
  it("goes file → route to bank → respond → dispute → escalate → conclude, and the consumer sees each public step", async () => {
    const { consumer, code } = await fileComplaint(server.url, ordinary);
    const page = visibleText(await (await regulator.get(`/triage/${code}`)).text());
    expect(page).toMatch(/建议去向\s*:\s*转交债权机构/);
    expect(page).toContain("首诉负责：先由债权机构处理");

    expect((await act(regulator, code, { intent: "note", message: "先看看银行怎么说" })).status).toBe(302);
    expect((await act(regulator, code, { intent: "route", route: "bank" })).status).toBe(302);
    expect(await statusOf(code)).toBe("routed_to_bank");

    expect((await cmbReviewer.get("/triage")).status).toBe(200);
    expect(await (await cmbReviewer.get("/triage")).text()).toContain(code);
    expect((await act(cmbReviewer, code, { intent: "respond", outcome: "explanation", message: "已停止联系您的家人，并对催收员进行了处理。" })).status).toBe(
      302,
    );
    expect(await statusOf(code)).toBe("responded");

    const tracking = visibleText(await (await consumer.get(`/track/${code}`)).text());
    expect(tracking).toContain("债权机构已答复");
    expect(tracking).toContain("办结：作出解释");
    expect(tracking).toContain("已停止联系您的家人");
    expect(tracking).not.toContain("先看看银行怎么说");

    expect((await consumerAct(consumer, code, { intent: "dispute", message: "他们今天又打给我妈了。" })).status).toBe(302);
    expect(await statusOf(code)).toBe("escalated");
    // The bank can no longer respond once escalated: refused with a message, not a 500.
    const late = await act(cmbReviewer, code, { intent: "respond", outcome: "explanation", message: "补充说明" });
    expect(late.status).toBe(409);
    expect(visibleText(await late.text())).toContain("这件投诉当前的状态不允许这样操作。");

    expect((await act(regulator, code, { intent: "substantiate", category: "third_party.family", substantiated: "yes" })).status).toBe(302);
    expect((await act(regulator, code, { intent: "conclude", finding: "substantiated", message: "催收行为违规，已责令整改。" })).status).toBe(302);
    expect(await statusOf(code)).toBe("closed");
    expect(
      await db.get(
        `SELECT substantiated FROM "ComplaintCategory" c JOIN "Complaint" p ON p.id = c."complaintId" WHERE p.code = ? AND category = 'third_party.family'`,
        [code],
      ),
    ).toEqual({ substantiated: 1 });

    const events = await db.all(
      'SELECT e.type, e."toStatus", e.public, e."actorRole" FROM "Event" e JOIN "Complaint" c ON c.id = e."complaintId" WHERE c.code = ? ORDER BY e.id',
      [code],
    );
    expect(events).toEqual([
      { type: "filed", toStatus: "submitted", public: 1, actorRole: "consumer" },
      { type: "note", toStatus: "submitted", public: 0, actorRole: "regulator" },
      { type: "routed", toStatus: "routed_to_bank", public: 1, actorRole: "regulator" },
      { type: "responded", toStatus: "responded", public: 1, actorRole: "bank" },
      { type: "disputed", toStatus: "escalated", public: 1, actorRole: "consumer" },
      { type: "substantiated", toStatus: "escalated", public: 0, actorRole: "regulator" },
      { type: "concluded", toStatus: "closed", public: 1, actorRole: "regulator" },
    ]);
    expect(visibleText(await (await consumer.get(`/track/${code}`)).text())).toContain("催收行为违规，已责令整改。");
  });

  it("suggests the regulator for threats, and asks a reason to override the suggestion", async () => {
    const { code } = await fileComplaint(server.url, { ...ordinary, categories: ["harassment.threats"] });
    expect(visibleText(await (await regulator.get(`/triage/${code}`)).text())).toContain("涉及威胁、冒充公检法、伪造文书或公开个人信息");
    const noReason = await act(regulator, code, { intent: "route", route: "bank" });
    expect(noReason.status).toBe(400);
    expect(visibleText(await noReason.text())).toContain("改变建议去向时，请写明理由。");
    expect((await act(regulator, code, { intent: "route", route: "bank", reason: "银行已有专人处理此类投诉" })).status).toBe(302);
  });

  it("names related complaints that share a collector number", async () => {
    const first = await fileComplaint(server.url, { ...ordinary, collectorPhones: "17000000001" });
    const second = await fileComplaint(server.url, { ...ordinary, collectorPhones: "170 0000 0001\n95555" });
    const html = await (await regulator.get(`/triage/${second.code}`)).text();
    expect(html).toContain(`href="/triage/${first.code}"`);
    expect(visibleText(html)).toContain("催收号码已出现在其他投诉中");
  });

  it("refuses a form loaded before someone else changed the complaint", async () => {
    const { code } = await fileComplaint(server.url, ordinary);
    const stale = await versionOf(regulator, code);
    expect((await act(regulator, code, { intent: "note", message: "第一条" }, stale)).status).toBe(302);
    const refused = await act(regulator, code, { intent: "route", route: "bank" }, stale);
    expect(refused.status).toBe(409);
    expect(visibleText(await refused.text())).toContain("投诉的状态已经变化，请刷新后再试。");
    expect(await statusOf(code)).toBe("submitted");
  });

  it("requires a reason to reject, shows it to the consumer, and links a duplicate", async () => {
    const original = await fileComplaint(server.url, ordinary);
    const { consumer, code } = await fileComplaint(server.url, ordinary);
    const noReason = await act(regulator, code, { intent: "reject", reason: "" });
    expect(noReason.status).toBe(400);
    expect(visibleText(await noReason.text())).toContain("请写明理由。");
    const unknown = await act(regulator, code, { intent: "reject", reason: "重复", duplicateOf: "CW-2026-999999" });
    expect(visibleText(await unknown.text())).toContain("找不到这个投诉编号。");
    expect(
      (await act(regulator, code, { intent: "reject", reason: "与之前的投诉重复", duplicateOf: original.code.toLowerCase().replace(/-/g, "") })).status,
    ).toBe(302);
    // Typed without dashes, as a reviewer copying it from a phone might.
    expect(await db.get('SELECT d.code FROM "Complaint" c JOIN "Complaint" d ON d.id = c."duplicateOfId" WHERE c.code = ?', [code])).toEqual({
      code: original.code,
    });
    expect(visibleText(await (await consumer.get(`/track/${code}`)).text())).toContain("与之前的投诉重复");
  });

  it("lets a reviewer ask for information, and the consumer answer on the tracking page", async () => {
    const { consumer, code } = await fileComplaint(server.url, ordinary);
    expect((await act(regulator, code, { intent: "request_info", message: "请提供催收短信的截图。" })).status).toBe(302);
    expect(visibleText(await (await regulator.get("/triage")).text())).toContain("待补充材料");
    const tracking = visibleText(await (await consumer.get(`/track/${code}`)).text());
    expect(tracking).toContain("请提供催收短信的截图。");
    expect((await consumerAct(consumer, code, { intent: "answer_info", message: "截图已经作为证据补充上传。" })).status).toBe(302);
    expect(await db.get('SELECT "awaitingInfo" FROM "Complaint" WHERE code = ?', [code])).toEqual({ awaitingInfo: 0 });
  });

  it("lets a bank extend to 30 days with a reason the consumer sees, and no further without a named approval", async () => {
    const { consumer, code } = await fileComplaint(server.url, ordinary);
    await act(regulator, code, { intent: "route", route: "bank" });
    const row = async () => (await db.get('SELECT "dueAt", "routedAt" FROM "Complaint" WHERE code = ?', [code])) as { dueAt: string; routedAt: string };
    // Counted as the Civil Code counts days (test/extension-ladder.test.ts climbs the whole ladder).
    const dueAfter = async (days: number) => periodEnd(new Date((await row()).routedAt), days).toISOString();
    expect(new Date((await row()).dueAt).toISOString()).toBe(await dueAfter(15));
    expect((await act(cmbReviewer, code, { intent: "extend", reason: "需要调取三家催收公司的录音。" })).status).toBe(302);
    expect(new Date((await row()).dueAt).toISOString()).toBe(await dueAfter(30));
    expect(visibleText(await (await consumer.get(`/track/${code}`)).text())).toContain("需要调取三家催收公司的录音。");
    const again = await act(cmbReviewer, code, { intent: "extend", reason: "再延期" });
    expect(again.status).toBe(400);
    expect(visibleText(await again.text())).toContain("延长至 60 天须经内部审批：请写明批准人。");
    expect(new Date((await row()).dueAt).toISOString()).toBe(await dueAfter(30));
    // An in-progress answer is not final: the complaint stays with the bank.
    expect((await act(cmbReviewer, code, { intent: "respond", outcome: "in_progress", message: "正在核查。" })).status).toBe(302);
    expect(await statusOf(code)).toBe("routed_to_bank");
  });
});

describe("two banks", () => {
  it("cannot see each other's complaints or evidence: anything else is a 404", async () => {
    const { code } = await fileComplaint(server.url, ordinary);
    await act(regulator, code, { intent: "route", route: "bank" });
    const evidenceId = ((await db.get('SELECT e.id FROM "Evidence" e JOIN "Complaint" c ON c.id = e."complaintId" WHERE c.code = ?', [code])) as { id: number })
      .id;
    expect((await cmbReviewer.get(`/triage/${code}`)).status).toBe(200);
    expect((await cmbReviewer.get(`/triage/${code}/evidence/${evidenceId}`)).status).toBe(200);
    expect((await icbcReviewer.get(`/triage/${code}`)).status).toBe(404);
    expect((await icbcReviewer.get(`/triage/${code}/evidence/${evidenceId}`)).status).toBe(404);
    expect(await (await icbcReviewer.get("/triage?status=all")).text()).not.toContain(code);
    const csrf = await icbcReviewer.csrf("/triage");
    expect(
      (await icbcReviewer.post(`/triage/${code}`, new URLSearchParams({ csrf, intent: "respond", outcome: "explanation", message: "x", version: "0" }))).status,
    ).toBe(404);
  });

  it("does not show a bank a complaint about it that the regulator kept", async () => {
    const { code } = await fileComplaint(server.url, { ...ordinary, categories: ["deception.impersonation"] });
    await act(regulator, code, { intent: "route", route: "regulator" });
    expect((await cmbReviewer.get(`/triage/${code}`)).status).toBe(404);
  });
});

describe("signing in", () => {
  it("refuses a wrong password, slows down repeated failures, and ends sessions on logout", async () => {
    const client = new Client(server.url);
    const csrf = await client.csrf("/login");
    const attempt = (password: string) => client.post("/login", new URLSearchParams({ csrf, email: "analyst@example.cn", password }));
    const wrong = await attempt("wrong password!!");
    expect(wrong.status).toBe(400);
    expect(visibleText(await wrong.text())).toContain("邮箱或密码不正确。");
    await attempt("wrong password!!");
    await attempt("wrong password!!");
    const blocked = await attempt("correct horse battery staple");
    expect(blocked.status).toBe(429);
    expect(visibleText(await blocked.text())).toMatch(/登录失败次数过多，请 \d+ 分钟后再试。/);

    const reviewer = await signIn(server.url, "regulator@example.cn");
    expect((await reviewer.get("/triage")).status).toBe(200);
    const logoutCsrf = await reviewer.csrf("/triage");
    expect((await reviewer.post("/logout", new URLSearchParams({ csrf: logoutCsrf }))).status).toBe(302);
    expect((await reviewer.get("/triage")).status).toBe(302);
  });

  it("ends a disabled user's sessions at once", async () => {
    createUser(server.dataDir, "temp@example.cn", "regulator");
    const temp = await signIn(server.url, "temp@example.cn");
    expect((await temp.get("/triage")).status).toBe(200);
    expect(runCli("user", ["disable", "--email", "temp@example.cn"], server.dataDir).status).toBe(0);
    expect((await temp.get("/triage")).status).toBe(302);
  });

  it("refuses a password on the command line and a bank reviewer without an institution", () => {
    const noStdin = runCli("user", ["create", "--email", "x@example.cn", "--role", "regulator"], server.dataDir);
    expect(noStdin.status).toBe(1);
    expect(noStdin.stderr).toContain("--password-stdin");
    const noBank = runCli(
      "user",
      ["create", "--email", "y@example.cn", "--role", "bank", "--password-stdin"],
      server.dataDir,
      "correct horse battery staple\n",
    );
    expect(noBank.status).toBe(1);
    expect(noBank.stderr).toContain("institution");
  });
});

describe("the audit trail", () => {
  it("verifies, and catches an edited event", async () => {
    const { code } = await fileComplaint(server.url, ordinary);
    await act(regulator, code, { intent: "note", message: "原始备注" });
    const ok = runCli("audit-verify", [], server.dataDir);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/audit chain intact: \d+ events/);
    const event = (await db.get(`SELECT id FROM "Event" WHERE note = '原始备注'`)) as { id: number };
    await db.run(`UPDATE "Event" SET note = '改过的备注' WHERE id = ?`, [event.id]);
    const broken = runCli("audit-verify", [], server.dataDir);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain(`audit chain broken at event ${event.id}`);
    await db.run(`UPDATE "Event" SET note = '原始备注' WHERE id = ?`, [event.id]);
    expect(runCli("audit-verify", [], server.dataDir).status).toBe(0);
  });
});
