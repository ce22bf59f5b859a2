import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lastDayOf, periodEnd } from "~/domain/calendar/legal-period";
import { visibleText } from "./support/client";
import { createUser } from "./support/cli";
import { mailbox } from "./support/mailbox";
import { act, fileComplaint, signIn } from "./support/reviewer";
import { startServer, type TestServer } from "./support/server";
import { openTestDb, type TestDb } from "./support/test-db";

// The 15 → 30 → 60 day ladder over HTTP, with real days (the Civil Code's count) and a real SMTP
// server receiving what the consumer is told at each step.

const box = mailbox();
const received = box.received;

let server: TestServer;
let db: TestDb;

beforeAll(async () => {
  const port = await box.listening;
  server = await startServer({ SMTP_URL: `smtp://127.0.0.1:${port}?ignoreTLS=true`, MAIL_FROM: "notify@example.cn", OUTBOX_CHECK_SECONDS: "0.2" });
  createUser(server.dataDir, "regulator@example.cn", "regulator");
  createUser(server.dataDir, "cmb@example.cn", "bank", "cmb");
  db = openTestDb(server.dataDir, { readonly: true });
});
afterAll(async () => {
  await db.close();
  await server.stop();
  await box.close();
});

async function mailWith(subject: string) {
  const until = Date.now() + 15_000;
  for (;;) {
    const mail = received.find((m) => m.subject === subject);
    if (mail) return mail;
    if (Date.now() > until) throw new Error(`no mail "${subject}"; got ${received.map((m) => m.subject).join(" | ")}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const zhDate = (day: string) => {
  const [y, m, d] = day.split("-").map(Number);
  return `${y}年${m}月${d}日`;
};

describe("extending a creditor's deadline", () => {
  it("goes to 30 days with a reason, to 60 with a named internal approval, tells the consumer the date and reason each time, and stops there", async () => {
    const [regulator, bank] = await Promise.all([signIn(server.url, "regulator@example.cn"), signIn(server.url, "cmb@example.cn")]);
    const { consumer, code } = await fileComplaint(server.url, { consumerEmail: "xiaoming@example.cn", collectorPhones: "" });
    expect((await act(regulator, code, { intent: "route", route: "bank" })).status).toBe(302);
    const row = async () =>
      (await db.get('SELECT "routedAt", "dueAt", "responseDueAt", "extensionLevel" FROM "Complaint" WHERE code = ?', [code])) as {
        routedAt: string;
        dueAt: string;
        responseDueAt: string;
        extensionLevel: number;
      };
    const routedAt = new Date((await row()).routedAt);
    const due = (days: number) => periodEnd(routedAt, days).toISOString();
    const stored = async () => ({
      dueAt: new Date((await row()).dueAt).toISOString(),
      responseDueAt: new Date((await row()).responseDueAt).toISOString(),
      level: (await row()).extensionLevel,
    });
    expect(await stored()).toEqual({ dueAt: due(15), responseDueAt: due(15), level: 0 });

    // The form offers the first step, without an approval field.
    let page = await (await bank.get(`/triage/${code}`)).text();
    expect(visibleText(page)).toContain("延长至自分派之日起 30 天");
    expect(page).not.toContain('name="approvedBy"');

    expect((await act(bank, code, { intent: "extend", reason: "需要调取催收录音，案情复杂。" })).status).toBe(302);
    expect(await stored()).toEqual({ dueAt: due(30), responseDueAt: due(30), level: 1 });
    const first = await mailWith(`投诉 ${code}：答复期限延长至 ${zhDate(lastDayOf(new Date(due(30))))}`);
    expect(first.text).toContain("理由：需要调取催收录音，案情复杂。");

    // The second step needs who approved it.
    page = await (await bank.get(`/triage/${code}`)).text();
    expect(visibleText(page)).toContain("延长至自分派之日起 60 天");
    expect(page).toContain('name="approvedBy"');
    const unapproved = await act(bank, code, { intent: "extend", reason: "涉及多家催收机构。" });
    expect(unapproved.status).toBe(400);
    expect(visibleText(await unapproved.text())).toContain("延长至 60 天须经内部审批：请写明批准人。");
    expect((await stored()).level).toBe(1);

    const approved = { intent: "extend", reason: "涉及多家催收机构，需逐一核查。", approvedBy: "信用卡中心消费者权益保护部总经理" };
    expect((await act(bank, code, approved)).status).toBe(302);
    expect(await stored()).toEqual({ dueAt: due(60), responseDueAt: due(60), level: 2 });
    const second = await mailWith(`投诉 ${code}：答复期限延长至 ${zhDate(lastDayOf(new Date(due(60))))}`);
    expect(second.text).toContain("理由：涉及多家催收机构，需逐一核查。");
    expect(second.text).not.toContain("/track/" + code + "?");

    // Each step is a public event the consumer sees, with its reason and the approval.
    const timeline = visibleText(await (await consumer.get(`/track/${code}`)).text());
    expect(timeline).toContain("需要调取催收录音，案情复杂。");
    expect(timeline).toContain("延期经债权机构内部审批");
    expect(timeline).toContain("信用卡中心消费者权益保护部总经理");
    expect(
      await db.all(`SELECT type, public FROM "Event" WHERE "complaintId" = (SELECT id FROM "Complaint" WHERE code = ?) AND type LIKE 'exten%' ORDER BY id`, [
        code,
      ]),
    ).toEqual([
      { type: "extended", public: 1 },
      { type: "extended", public: 1 },
      { type: "extension_approved", public: 1 },
    ]);

    // No third step: the form is gone and a forged post is refused.
    page = await (await bank.get(`/triage/${code}`)).text();
    expect(page).not.toContain('value="extend"');
    const third = await act(bank, code, { ...approved, reason: "还需要更多时间。" });
    expect(third.status).toBe(409);
    expect(visibleText(await third.text())).toContain("答复期限已延长至 60 天，不能再延长。");
    expect((await stored()).level).toBe(2);
    // Two notices to the consumer, one per step.
    expect(received.filter((m) => m.subject?.includes("答复期限延长至"))).toHaveLength(2);
  });
});
