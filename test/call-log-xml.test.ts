import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_CALL_LOG_ROWS } from "~/domain/call-log/limits";
import { Client, visibleText } from "./support/client";
import { createUser } from "./support/cli";
import { filingForm, fixtureFile, listFiles, validFiling } from "./support/filing";
import { signIn } from "./support/reviewer";
import { startServer, type TestServer } from "./support/server";
import { openTestDb } from "./support/test-db";

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
  createUser(server.dataDir, "regulator@example.cn", "regulator");
});
afterAll(() => server.stop());

async function file(field: "callLog" | "evidence", log: File) {
  const consumer = new Client(server.url);
  const csrf = await consumer.csrf("/complaints/new");
  const fields = validFiling({ collectorPhones: "138 0013 8000", categories: ["third_party.family"] });
  return { consumer, response: await consumer.post("/complaints/new", filingForm(csrf, fields, [{ field, file: log }])) };
}

/** Rows of the reviewer's call table, as visible text. */
function callTableRows(html: string): string[] {
  const body = html.match(/<table class="calls">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/)?.[1] ?? "";
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) => visibleText(row[1]).trim());
}

async function evidenceOf(code: string) {
  const db = openTestDb(server.dataDir, { readonly: true });
  const rows = await db.all('SELECT e.name, e.mime, e.kind FROM "Evidence" e JOIN "Complaint" c ON c.id = e."complaintId" WHERE c.code = ? ORDER BY e.id', [
    code,
  ]);
  await db.close();
  return rows;
}

const HEADLINE = "8 次来电中有 4 次在 22:00 至次日 08:00 之间，来自 2 个不同号码。";

describe("a filing with SMS Backup & Restore's calls.xml", () => {
  it("analyses it: the findings on the receipt and /triage/:code, and every call in the table by its kind", async () => {
    const { consumer, response } = await file("callLog", fixtureFile("call-logs/sms-backup-restore-calls.xml", "calls-20261101091245.xml"));
    expect(response.status).toBe(302);
    const receiptPath = response.headers.get("location")!;
    const code = receiptPath.split("/")[2];
    expect(visibleText(await (await consumer.get(receiptPath)).text())).toContain(HEADLINE);

    const regulator = await signIn(server.url, "regulator@example.cn");
    const html = await (await regulator.get(`/triage/${code}`)).text();
    expect(visibleText(html)).toContain(HEADLINE);
    const rows = callTableRows(html);
    expect(rows).toHaveLength(9);
    expect(rows[0]).toMatch(/^2026-10-01 21:50:00 周四 \+8613800138000 消费者所填催收号码 已接 1:35\s+第 5 行$/);
    expect(rows[1]).toMatch(/^2026-10-01 23:59:30 周四 13800138000 消费者所填催收号码 未接 0:00 禁止时段 第 6 行$/);
    // Past midnight Beijing time, an incoming call of 0 seconds: it rang and was not connected.
    expect(rows[2]).toMatch(/^2026-10-02 00:00:30 周五 13800138000 消费者所填催收号码 响铃未接通 0:00 禁止时段 第 7 行$/);
    // presentation="2": withheld by the caller, named so rather than by the file's "-2".
    expect(rows[8]).toMatch(/^2026-10-02 22:40:00 周五 隐藏号码 -2 未接 0:00 禁止时段 第 13 行$/);
    expect(rows.map((row) => row.match(/ (已接|响铃未接通|未接|语音信箱|去电|拒接|已拦截) /)?.[1])).toEqual([
      "已接",
      "未接",
      "响铃未接通",
      "拒接",
      "去电",
      "语音信箱",
      "已拦截",
      "已接",
      "未接",
    ]);

    const english = visibleText(await (await regulator.get(`/triage/${code}?lang=en`)).text());
    expect(english).toMatch(/2026-10-02 00:00:30 Fri 13800138000 .*Rang, not connected 0:00/);
    expect(english).toContain("Voicemail");
    expect(english).toContain("Blocked");

    expect(await evidenceOf(code)).toEqual([{ name: "calls-20261101091245.xml", mime: "application/xml", kind: "call_log" }]);
  });

  it("reads OPPO's CALL_RECORDS export", async () => {
    const { response } = await file("callLog", fixtureFile("call-logs/oppo-call-records.xml", "call_record.xml"));
    expect(response.status).toBe(302);
    const code = response.headers.get("location")!.split("/")[2];
    const regulator = await signIn(server.url, "regulator@example.cn");
    const rows = callTableRows(await (await regulator.get(`/triage/${code}`)).text());
    expect(rows).toHaveLength(5);
    expect(rows[1]).toContain("响铃未接通 0:00");
  });
});

describe("a call log attached as ordinary evidence", () => {
  it("is recognised by its content, stored as a call log and analysed, calls.xml and CSV alike", async () => {
    for (const [log, name, mime] of [
      [fixtureFile("call-logs/sms-backup-restore-calls.xml", "calls.xml"), "calls.xml", "application/xml"],
      [fixtureFile("call-logs/xiaomi-zh.csv", "通话记录.csv"), "通话记录.csv", "text/csv"],
    ] as const) {
      const { consumer, response } = await file("evidence", log);
      expect(response.status).toBe(302);
      const code = response.headers.get("location")!.split("/")[2];
      expect(await evidenceOf(code)).toEqual([{ name, mime, kind: "call_log" }]);
      // The consumer's tracking page and the reviewer's page both show what it shows.
      expect(visibleText(await (await consumer.get(`/track/${code}`)).text())).toContain("通话记录分析");
      const regulator = await signIn(server.url, "regulator@example.cn");
      const triage = await (await regulator.get(`/triage/${code}`)).text();
      expect(visibleText(triage)).toMatch(/\d+ 次来电中有 \d+ 次在 22:00 至次日 08:00 之间/);
      expect(callTableRows(triage).length).toBeGreaterThan(0);
    }
  });

  it("is analysed when added later on the tracking page", async () => {
    const { consumer, response } = await file("evidence", fixtureFile("notes.txt"));
    expect(response.status).toBe(302);
    const code = response.headers.get("location")!.split("/")[2];
    expect(visibleText(await (await consumer.get(`/track/${code}`)).text())).not.toContain("通话记录分析");
    const csrf = await consumer.csrf(`/track/${code}`);
    const form = new FormData();
    form.append("csrf", csrf);
    form.append("intent", "add_evidence");
    form.append("evidence", fixtureFile("call-logs/sms-backup-restore-calls.xml", "calls.xml"));
    const added = await consumer.post(`/track/${code}`, form);
    expect(added.status).toBeLessThan(400);
    expect(visibleText(await (await consumer.get(`/track/${code}`)).text())).toContain(HEADLINE);
  });

  it("leaves a text file that is not a call log as text", async () => {
    const { response } = await file("evidence", fixtureFile("notes.txt"));
    const code = response.headers.get("location")!.split("/")[2];
    expect(await evidenceOf(code)).toEqual([{ name: "notes.txt", mime: "text/plain", kind: "text" }]);
  });
});

describe("refusing XML that cannot be read safely", () => {
  it("refuses a DOCTYPE (entity expansion) beside the field it came in, and writes nothing", async () => {
    const before = listFiles(path.join(server.dataDir, "evidence")).length;
    for (const field of ["callLog", "evidence"] as const) {
      const { response } = await file(field, fixtureFile("call-logs/billion-laughs.xml", "calls.xml"));
      expect(response.status).toBe(400);
      const html = await response.text();
      expect(visibleText(html)).toContain("“calls.xml”含有 DOCTYPE（文档类型或实体声明）。为安全起见，我们不读取这样的 XML");
      expect(html).toContain(`id="${field}-error"`);
    }
    expect(listFiles(path.join(server.dataDir, "evidence")).length).toBe(before);
    expect(listFiles(path.join(server.dataDir, "uploads"))).toEqual([]);
  });

  it("refuses XML that is not a call log it reads, and a calls.xml longer than the row limit", async () => {
    const sms = new File([`<?xml version="1.0"?>\n<smses count="1"><sms address="13800138000" body="fictitious"/></smses>\n`], "sms.xml");
    const notLog = await file("callLog", sms);
    expect(notLog.response.status).toBe(400);
    expect(visibleText(await notLog.response.text())).toContain("“sms.xml”是 XML 文件，但不是我们能读取的通话记录。");

    const row = `<call number="13800138000" duration="0" date="1790870370000" type="3" presentation="1" readable_date="Oct 1, 2026 11:59:30 PM" contact_name="(Unknown)" />\n`;
    const big = new File(
      [`<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<calls count="${MAX_CALL_LOG_ROWS + 1}">\n`, row.repeat(MAX_CALL_LOG_ROWS + 1), "</calls>\n"],
      "calls.xml",
    );
    const tooLong = await file("callLog", big);
    expect(tooLong.response.status).toBe(400);
    expect(visibleText(await tooLong.response.text())).toContain(`“calls.xml”超过了 ${MAX_CALL_LOG_ROWS} 行`);
  });
});
