import { simpleParser } from "mailparser";
import type { AddressInfo } from "node:net";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatLastDay } from "~/domain/format";
import { createUser } from "./support/cli";
import { mailbox, recipientsOf } from "./support/mailbox";
import { act, consumerAct, fileComplaint, signIn } from "./support/reviewer";
import { startServer, type TestServer } from "./support/server";
import { openTestDb, type TestDb } from "./support/test-db";
import { waitFor } from "./support/wait";

/** The subject (and text message) of a request for information: the code and the last day to answer. */
const asksForInformation = (code: string) => new RegExp(`^投诉 ${code}：请在 \\d{4}年\\d{1,2}月\\d{1,2}日 前补充材料$`);

describe("notifications by e-mail", () => {
  let box: ReturnType<typeof mailbox>;
  let port: number;
  let server: TestServer;
  let db: TestDb;

  beforeAll(async () => {
    box = mailbox();
    port = await box.listening;
    server = await startServer({
      SMTP_URL: `smtp://127.0.0.1:${port}?ignoreTLS=true`,
      MAIL_FROM: "Collection Watch <notify@example.cn>",
      PUBLIC_URL: "https://cw.example.cn",
      OUTBOX_CHECK_SECONDS: "0.2",
      OUTBOX_RETRY_SECONDS: "0.2",
    });
    createUser(server.dataDir, "regulator@example.cn", "regulator");
    createUser(server.dataDir, "cmb@example.cn", "bank", "招商银行");
    createUser(server.dataDir, "icbc@example.cn", "bank", "icbc");
    db = openTestDb(server.dataDir, { readonly: true });
  });
  afterAll(async () => {
    await db.close();
    await server.stop();
    await box.close();
  });

  it("tells each party at each step of a complaint's life, in the consumer's language, never with the key", async () => {
    const [regulator, cmb] = await Promise.all([signIn(server.url, "regulator@example.cn"), signIn(server.url, "cmb@example.cn")]);
    const { consumer, code } = await fileComplaint(server.url, { consumerEmail: "xiaoming@example.cn", collectorPhones: "" });
    const key = (await db.get('SELECT "keyHash" FROM "Complaint" WHERE code = ?', [code])) as { keyHash: string };
    const count = () => box.received.length;
    const next = async (n: number) => waitFor(() => (count() >= n ? box.received.slice(n - 1) : undefined), `mail ${n}`);

    expect((await act(regulator, code, { intent: "request_info", message: "请提供催收短信的截图。" })).status).toBe(302);
    const [asked] = await next(1);
    expect(recipientsOf(asked)).toEqual(["xiaoming@example.cn"]);
    // The consumer is told the last day to answer by, in the subject (all a text message carries) and the body.
    const answerBy = ((await db.get('SELECT "infoDueAt" FROM "Complaint" WHERE code = ?', [code])) as { infoDueAt: string }).infoDueAt;
    expect(asked.subject).toBe(`投诉 ${code}：请在 ${formatLastDay(answerBy, "zh-CN")} 前补充材料`);
    expect(asked.text).toContain(`请在 ${formatLastDay(answerBy, "zh-CN")} 前在投诉进度页面顶部作答`);
    expect(asked.text).toContain("请提供催收短信的截图。");
    expect(asked.text).toContain(`https://cw.example.cn/track/${code}`);

    expect((await consumerAct(consumer, code, { intent: "answer_info", message: "截图已上传。" })).status).toBe(302);
    expect((await act(regulator, code, { intent: "route", route: "bank" })).status).toBe(302);
    const [routed] = await next(2);
    expect(recipientsOf(routed)).toEqual(["cmb@example.cn"]); // the bank of the complaint, not icbc
    expect(routed.subject).toMatch(new RegExp(`^新投诉 ${code}：请在 \\d{4}年\\d{1,2}月\\d{1,2}日 前答复$`));
    expect(routed.text).toContain(`https://cw.example.cn/triage/${code}`);

    expect((await act(cmb, code, { intent: "respond", outcome: "explanation", message: "已停止联系您的家人。" })).status).toBe(302);
    const [responded] = await next(3);
    expect(responded.subject).toBe(`投诉 ${code}：招商银行已答复`);
    const acceptBy = ((await db.get('SELECT "dueAt" FROM "Complaint" WHERE code = ?', [code])) as { dueAt: string }).dueAt;
    expect(responded.text).toContain(`请在 ${formatLastDay(acceptBy, "zh-CN")} 前选择接受或申诉`);

    expect((await consumerAct(consumer, code, { intent: "dispute", message: "他们今天又打给我妈了。" })).status).toBe(302);
    await next(5);
    expect(box.received.slice(3, 5).flatMap(recipientsOf).sort()).toEqual(["cmb@example.cn", "regulator@example.cn"]);

    expect((await act(regulator, code, { intent: "conclude", finding: "substantiated", message: "催收行为违规，已责令整改。" })).status).toBe(302);
    const [closed] = await next(6);
    expect(closed.subject).toBe(`投诉 ${code}：已办结`);

    // File → info request → answer → route → response → dispute → conclusion: six messages.
    await new Promise((r) => setTimeout(r, 500));
    expect(count()).toBe(6);
    for (const mail of box.received) {
      expect(mail.from?.text).toContain("notify@example.cn");
      expect(mail.text).not.toContain(key.keyHash);
    }
    // Sent messages keep no address.
    expect(await db.get(`SELECT COUNT(*) AS n FROM "OutboxMessage" WHERE "sentAt" IS NULL OR recipient != ''`)).toEqual({ n: 0 });
  });

  it("writes to an English-speaking consumer in English", async () => {
    const regulator = await signIn(server.url, "regulator@example.cn");
    const { code } = await fileComplaint(server.url, { consumerEmail: "jane@example.com", collectorPhones: "" });
    await db.get("SELECT 1");
    const writable = openTestDb(server.dataDir);
    await writable.run(`UPDATE "Complaint" SET locale = 'en' WHERE code = ?`, [code]);
    await writable.close();
    const before = box.received.length;
    expect((await act(regulator, code, { intent: "request_info", message: "Please send the screenshots." })).status).toBe(302);
    const mail = await waitFor(() => box.received.slice(before).find((m) => recipientsOf(m).includes("jane@example.com")), "the English mail");
    expect(mail.subject).toMatch(new RegExp(`^Complaint ${code}: please provide information by \\d{1,2} [A-Z][a-z]+ \\d{4}$`));
    expect(mail.text).toContain("Please send the screenshots.");
  });

  it("keeps a message while the mail server is down and sends it when it is back", async () => {
    const regulator = await signIn(server.url, "regulator@example.cn");
    const { code } = await fileComplaint(server.url, { consumerEmail: "later@example.cn", collectorPhones: "" });
    await box.close();
    expect((await act(regulator, code, { intent: "request_info", message: "请补充通话记录。" })).status).toBe(302);
    const failed = await waitFor(
      async () =>
        await db.get<{ attempts: number; lastError: string | null; sentAt: string | null }>(
          'SELECT attempts, "lastError", "sentAt" FROM "OutboxMessage" WHERE "complaintId" = (SELECT id FROM "Complaint" WHERE code = ?)',
          [code],
        ),
      "a failed attempt",
    );
    await waitFor(async () => (await db.get<{ attempts: number }>('SELECT attempts FROM "OutboxMessage" WHERE "lastError" IS NOT NULL'))?.attempts, "an error");
    expect(failed.sentAt).toBeNull();
    const again = mailbox(port);
    await again.listening;
    try {
      const mail = await waitFor(() => again.received.find((m) => recipientsOf(m).includes("later@example.cn")), "the retried mail", 20_000);
      expect(mail.subject).toMatch(asksForInformation(code));
    } finally {
      box = again;
    }
  });
});

describe("without SMTP_URL, with an SMS hook", () => {
  it("writes each e-mail to DATA_DIR/outbox as an .eml file and posts texts to the hook", async () => {
    const texts: { to: string; text: string }[] = [];
    const hook = http.createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString()));
      request.on("end", () => {
        texts.push(JSON.parse(body) as { to: string; text: string });
        response.end("ok");
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, "127.0.0.1", resolve));
    // A one-day deadline is always within two working days: the bank is reminded at once.
    const server = await startServer({
      OUTBOX_CHECK_SECONDS: "0.2",
      DEADLINE_CHECK_MINUTES: "0.005",
      BANK_RESPONSE_DAYS: "1",
      SMS_WEBHOOK_URL: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/sms`,
    });
    try {
      createUser(server.dataDir, "regulator@example.cn", "regulator");
      const regulator = await signIn(server.url, "regulator@example.cn");
      const { code } = await fileComplaint(server.url, { consumerEmail: "xiaoming@example.cn", collectorPhones: "" });
      expect((await act(regulator, code, { intent: "request_info", message: "请提供截图。" })).status).toBe(302);
      const dir = path.join(server.dataDir, "outbox");
      const file = await waitFor(() => (fs.existsSync(dir) ? fs.readdirSync(dir).find((f) => f.endsWith(".eml")) : undefined), "an .eml file");
      const mail = await simpleParser(fs.readFileSync(path.join(dir, file)));
      expect(recipientsOf(mail)).toEqual(["xiaoming@example.cn"]);
      expect(mail.subject).toMatch(asksForInformation(code));
      const text = await waitFor(() => texts[0], "a text");
      expect(text).toEqual({ to: "+8613912345678", text: mail.subject });

      createUser(server.dataDir, "cmb@example.cn", "bank", "招商银行");
      expect((await act(regulator, code, { intent: "route", route: "bank" })).status).toBe(302);
      const subjects = async () => Promise.all(fs.readdirSync(dir).map(async (f) => (await simpleParser(fs.readFileSync(path.join(dir, f)))).subject ?? ""));
      await waitFor(async () => (await subjects()).some((s) => s.includes("即将届满")) || undefined, "a reminder");
      // Several deadline checks later, still one reminder for this deadline.
      await new Promise((r) => setTimeout(r, 1500));
      const reminders = (await subjects()).filter((s) => s.startsWith(`投诉 ${code}：答复期限`));
      expect(reminders).toHaveLength(1);
    } finally {
      await server.stop();
      hook.close();
    }
  });
});
