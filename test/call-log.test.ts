import Database from "better-sqlite3";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, visibleText } from "./support/client";
import { createUser } from "./support/cli";
import { filingForm, fixtureFile, listFiles, validFiling } from "./support/filing";
import { signIn } from "./support/reviewer";
import { startServer, type TestServer } from "./support/server";

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
  createUser(server.dataDir, "regulator@example.cn", "regulator");
});
afterAll(() => server.stop());

async function fileWithLog(log: File, overrides: Record<string, string | string[] | null> = {}) {
  const consumer = new Client(server.url);
  const csrf = await consumer.csrf("/complaints/new");
  const fields = validFiling({ collectorPhones: "138 0013 8000", categories: ["third_party.family"], ...overrides });
  return { consumer, response: await consumer.post("/complaints/new", filingForm(csrf, fields, [{ field: "callLog", file: log }])) };
}

describe("a filing with a call log", () => {
  it("states the counts on the receipt, the tracking page and the triage page", async () => {
    const { consumer, response } = await fileWithLog(fixtureFile("call-logs/xiaomi-zh.csv", "通话记录.csv"));
    expect(response.status).toBe(302);
    const receiptPath = response.headers.get("location")!;
    const code = receiptPath.split("/")[2];
    const receipt = visibleText(await (await consumer.get(receiptPath)).text());
    expect(receipt).toContain("通话记录分析");
    expect(receipt).toMatch(/\d+ 次来电中有 \d+ 次在 22:00 至次日 08:00 之间，来自 \d+ 个不同号码。/);
    expect(receipt).toContain("您填写的催收号码出现在记录中：13800138000");
    expect(receipt).toContain("中国互联网金融协会");

    const tracking = visibleText(await (await consumer.get(`/track/${code}`)).text());
    expect(tracking).toContain("通话记录分析");

    const regulator = await signIn(server.url, "regulator@example.cn");
    const triage = visibleText(await (await regulator.get(`/triage/${code}`)).text());
    expect(triage).toMatch(/\d+ 次来电中有 \d+ 次在 22:00 至次日 08:00 之间/);
    // Calls at night, though the consumer ticked only "family": suggested to the reviewer, never added.
    expect(triage).toMatch(/通话记录显示，但消费者没有勾选\s*:\s*在休息时间催收（夜间、清晨）/);
    const db = new Database(path.join(server.dataDir, "collection-watch.db"), { readonly: true });
    expect(db.prepare("SELECT cc.category FROM ComplaintCategory cc JOIN Complaint c ON c.id = cc.complaintId WHERE c.code = ?").all(code)).toEqual([{ category: "third_party.family" }]);
    db.close();
  });

  it("refuses a CSV that is not a call log, beside the field, and writes nothing", async () => {
    const before = listFiles(path.join(server.dataDir, "evidence")).length;
    const { response } = await fileWithLog(fixtureFile("call-logs/not-a-call-log.csv", "账单.csv"));
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(visibleText(html)).toContain("“账单.csv”不是通话记录：找不到时间和号码两列。");
    expect(html).toContain('id="callLog-error"');
    expect(listFiles(path.join(server.dataDir, "evidence")).length).toBe(before);
    expect(listFiles(path.join(server.dataDir, "uploads"))).toEqual([]);
  });
});
