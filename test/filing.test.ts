import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Prisma } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, visibleText } from "./support/client";
import { filingForm, fixture, fixtureFile, listFiles, validFiling } from "./support/filing";
import { startServer, type TestServer } from "./support/server";
import { openTestDb, type TestDb } from "./support/test-db";

let server: TestServer;
let db: TestDb;

beforeAll(async () => {
  server = await startServer({ MAX_FILE_MB: "0.5", MAX_FILES: "8" });
  db = openTestDb(server.dataDir, { readonly: true });
});
afterAll(async () => {
  await db.close();
  await server.stop();
});

const sha256 = (file: string) =>
  createHash("sha256")
    .update(fs.readFileSync(fixture(file)))
    .digest("hex");
const complaintCount = async () => ((await db.get('SELECT COUNT(*) AS n FROM "Complaint"')) as { n: number }).n;
const evidenceFiles = () => listFiles(path.join(server.dataDir, "evidence"));
const uploadFiles = () => listFiles(path.join(server.dataDir, "uploads"));

async function fileWith(client: Client, fields: Record<string, string | string[]>, files: { field: string; file: File }[] = []) {
  const csrf = await client.csrf("/complaints/new");
  return client.post("/complaints/new", filingForm(csrf, fields, files));
}

describe("filing a complaint", () => {
  it("stores the complaint and its evidence, typed by their bytes, and shows the receipt once", async () => {
    const client = new Client(server.url);
    const evidence = [
      { field: "evidence", file: fixtureFile("screenshot.png", "微信截图.png", "image/png") },
      { field: "evidence", file: fixtureFile("call.amr", "录音 2026-10-01.amr") },
      { field: "evidence", file: fixtureFile("call.m4a") },
      { field: "evidence", file: fixtureFile("call.mp3") },
      { field: "evidence", file: fixtureFile("photo.heic") },
      { field: "evidence", file: fixtureFile("letter.pdf", "律师函.pdf") },
      { field: "evidence", file: fixtureFile("notes.txt") },
      { field: "callLog", file: fixtureFile("calllog.csv") },
    ];
    const response = await fileWith(client, validFiling(), evidence);
    expect(response.status).toBe(302);
    const receiptPath = response.headers.get("location")!;
    expect(receiptPath).toMatch(/^\/complaints\/CW-\d{4}-\d{6}\/receipt$/);

    const receipt = await client.get(receiptPath);
    expect(receipt.status).toBe(200);
    const html = await receipt.text();
    const text = visibleText(html);
    const code = receiptPath.split("/")[2];
    expect(text).toContain(code);
    const key = html.match(/id="receipt-key"[^>]*>([^<]+)</)![1];
    expect(key).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$/);
    expect(text).toContain("招商银行");
    expect(text).toContain("在休息时间催收（夜间、清晨）");
    for (const number of ["138 0013 8000", "021 6123 4567", "95555"]) expect(text).toContain(number);
    for (const name of ["微信截图.png", "录音 2026-10-01.amr", "call.m4a", "call.mp3", "photo.heic", "律师函.pdf", "notes.txt", "calllog.csv"]) {
      expect(text).toContain(name);
    }
    for (const file of ["screenshot.png", "call.amr", "call.m4a", "call.mp3", "photo.heic", "letter.pdf", "notes.txt", "calllog.csv"]) {
      expect(html).toContain(sha256(file).slice(12));
      expect(evidenceFiles()).toContain(sha256(file));
    }

    const rows = await db.all<{ name: string; mime: string; kind: string }>('SELECT name, mime, kind FROM "Evidence" ORDER BY id');
    expect(rows.map((r) => [r.mime, r.kind])).toEqual([
      ["image/png", "image"],
      ["audio/amr", "audio"],
      ["audio/x-m4a", "audio"],
      ["audio/mpeg", "audio"],
      ["image/heic", "image"],
      ["application/pdf", "pdf"],
      ["text/plain", "text"],
      ["text/csv", "call_log"],
    ]);
    const stored = (await db.get('SELECT "keyHash", "consumerPhone" FROM "Complaint" WHERE code = ?', [code])) as { keyHash: string; consumerPhone: string };
    expect(stored.keyHash).not.toContain(key.replace(/-/g, ""));
    expect(stored.keyHash).toBe(createHash("sha256").update(key).digest("hex"));
    expect(stored.consumerPhone).toMatch(/^enc:v1:/); // sealed at rest: test/encryption.test.ts
    expect(uploadFiles()).toEqual([]);

    // The key is shown once: the receipt again leads to the tracking page, without the key.
    const again = await client.get(receiptPath);
    expect(again.status).toBe(302);
    expect(again.headers.get("location")).toBe(`/track/${code}`);
  });

  it("stores the same bytes once, however many complaints carry them", async () => {
    const before = evidenceFiles().length;
    const client = new Client(server.url);
    const response = await fileWith(client, validFiling(), [
      { field: "evidence", file: fixtureFile("screenshot.png", "a.png") },
      { field: "evidence", file: fixtureFile("screenshot.png", "b.png") },
    ]);
    expect(response.status).toBe(302);
    expect(evidenceFiles().length).toBe(before);
    const names = await db.all<{ name: string }>('SELECT name FROM "Evidence" WHERE sha256 = ?', [sha256("screenshot.png")]);
    expect(names.map((n) => n.name)).toEqual(expect.arrayContaining(["a.png", "b.png"]));
  });

  it("writes every column as Prisma would, none left to a database default (decision 028)", async () => {
    // A filing's rows are inserted as SQL with their columns listed in code: a date left out would
    // get the database's default, on SQLite text in another format than the app's.
    const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/;
    const client = new Client(server.url);
    expect((await fileWith(client, validFiling())).status).toBe(302);
    const dates = (model: string) => Prisma.dmmf.datamodel.models.find((m) => m.name === model)!.fields.filter((f) => f.type === "DateTime");
    const rows = {
      Complaint: await db.all('SELECT * FROM "Complaint" ORDER BY id DESC LIMIT 1'),
      ConsumerSession: await db.all('SELECT * FROM "ConsumerSession" ORDER BY "createdAt" DESC LIMIT 1'),
      ConsumerSessionComplaint: await db.all('SELECT * FROM "ConsumerSessionComplaint" ORDER BY "openedAt" DESC LIMIT 1'),
    };
    for (const [model, [row]] of Object.entries(rows)) {
      for (const field of dates(model)) {
        const value = (row as Record<string, unknown>)[field.name];
        if (field.isRequired || value !== null)
          expect({ model, field: field.name, value: String(value) }).toMatchObject({ value: expect.stringMatching(ISO) as unknown });
      }
    }
    const [complaint] = rows.Complaint as Record<string, unknown>[];
    expect(complaint).toMatchObject({ version: 0, extensionLevel: 0, source: "web", status: "submitted" });
  });

  it("gives numbered codes in sequence", async () => {
    const codes = await db.all<{ code: string }>('SELECT code FROM "Complaint" ORDER BY id');
    const numbers = codes.map((c) => Number(c.code.slice(-6)));
    expect(numbers).toEqual(numbers.map((_, i) => numbers[0] + i));
  });
});

describe("a filing with mistakes", () => {
  it("comes back with every message beside its field, in Chinese, keeping what was typed, writing nothing", async () => {
    const before = { complaints: await complaintCount(), files: evidenceFiles().length };
    const client = new Client(server.url);
    const fields = validFiling({
      categories: null,
      product: null,
      collectorPhones: "138 0013 8000\n催收员的号码",
      incidentStart: "2026-10-20",
      incidentEnd: "2026-10-01",
      consumerEmail: "not-an-email",
    });
    const response = await fileWith(client, fields, [{ field: "evidence", file: fixtureFile("screenshot.png") }]);
    expect(response.status).toBe(400);
    const html = await response.text();
    const text = visibleText(html);
    expect(html).toContain('class="error-summary"');
    expect(html).toContain('href="#categories"');
    expect(html).toContain('href="#collectorPhones"');
    expect(text).toContain("请至少选择一种违规行为。");
    expect(text).toContain("请选择借款类型。");
    expect(text).toContain("“催收员的号码”里没有数字，不是电话号码。");
    expect(text).toContain("邮箱地址格式不正确。");
    expect(html).toMatch(/id="categories-error"/);
    // What the consumer typed is still there.
    expect(html).toContain("催收员每天晚上十一点打电话，还打给我母亲，说要去她单位闹。");
    expect(html).toMatch(/138 0013 8000\r?\n催收员的号码/);
    expect(html).toMatch(/value="2026-10-20"/);
    expect(html).toMatch(/<option value="310000" selected="">/);
    expect(await complaintCount()).toBe(before.complaints);
    expect(evidenceFiles().length).toBe(before.files);
    expect(uploadFiles()).toEqual([]);
  });

  it("checks dates against each other once the rest is right", async () => {
    const client = new Client(server.url);
    const response = await fileWith(client, validFiling({ incidentStart: "2026-10-20", incidentEnd: "2026-10-01" }));
    expect(response.status).toBe(400);
    expect(visibleText(await response.text())).toContain("结束日期不能早于开始日期。");
    const future = await fileWith(client, validFiling({ incidentStart: "2099-01-01", incidentEnd: null }));
    expect(visibleText(await future.text())).toContain("日期不能晚于今天。");
  });

  it("speaks English to an English browser", async () => {
    const client = new Client(server.url, { "accept-language": "en-GB,en;q=0.9" });
    const response = await fileWith(client, validFiling({ narrative: "zzzz", consumerPhone: null, consumerEmail: null }));
    const text = visibleText(await response.text());
    expect(text).toContain("Please write a few more words (at least 4 letters or characters, not all the same) about what the collector did.");
  });

  it.each([
    ["program.jpg", "program.jpg"],
    ["drawing.svg", "drawing.svg"],
    ["page.txt", "page.txt"],
    // A workbook is read only as a call log, in its own field.
    ["call-logs/assistant-zh.xlsx", "通话记录.xlsx"],
  ])("refuses %s by name and keeps nothing", async (fixtureName, shownAs) => {
    const before = { complaints: await complaintCount(), files: evidenceFiles().length };
    const client = new Client(server.url);
    const response = await fileWith(client, validFiling(), [
      { field: "evidence", file: fixtureFile("screenshot.png") },
      { field: "evidence", file: fixtureFile(fixtureName, shownAs, "image/jpeg") },
    ]);
    expect(response.status).toBe(400);
    const text = visibleText(await response.text());
    expect(text).toContain(`“${shownAs}”不是允许的文件类型`);
    expect(await complaintCount()).toBe(before.complaints);
    expect(evidenceFiles().length).toBe(before.files);
    expect(uploadFiles()).toEqual([]);
  });

  it("refuses a file over the size limit and a call log that is not a table", async () => {
    const client = new Client(server.url);
    const big = new File([Buffer.alloc(600 * 1024, 7)], "huge.wav");
    const response = await fileWith(client, validFiling(), [
      { field: "evidence", file: big },
      { field: "callLog", file: fixtureFile("screenshot.png", "calls.csv") },
    ]);
    expect(response.status).toBe(400);
    const text = visibleText(await response.text());
    expect(text).toContain("“huge.wav”超过了 0.5 MB 的大小限制。");
    expect(text).toContain("“calls.csv”不是 CSV 或 Excel（.xlsx）表格文件，也不是通话记录的 XML 备份。");
    expect(uploadFiles()).toEqual([]);
  });

  it("refuses more files than the limit", async () => {
    const client = new Client(server.url);
    const files = Array.from({ length: 9 }, (_, i) => ({ field: "evidence", file: fixtureFile("notes.txt", `n${i}.txt`) }));
    const response = await fileWith(client, validFiling(), files);
    expect(response.status).toBe(400);
    expect(visibleText(await response.text())).toContain("一次最多上传 8 个文件。");
    expect(uploadFiles()).toEqual([]);
  });

  it("refuses a form without its CSRF token", async () => {
    const before = await complaintCount();
    const client = new Client(server.url);
    await client.csrf("/complaints/new");
    const response = await client.post("/complaints/new", filingForm("forged", validFiling(), [{ field: "evidence", file: fixtureFile("screenshot.png") }]));
    expect(response.status).toBe(403);
    expect(await complaintCount()).toBe(before);
    expect(uploadFiles()).toEqual([]);
  });
});

describe("the server", () => {
  it("sends the security headers and safe cookies", async () => {
    const response = await new Client(server.url).get("/complaints/new");
    const csp = response.headers.get("content-security-policy")!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("same-origin");
    for (const cookie of response.headers.getSetCookie()) {
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Lax/);
    }
  });

  it("keeps personal data out of its logs", () => {
    const logs = server.logs();
    expect(logs).toContain("POST /complaints/new 302");
    for (const secret of ["王小明", "13912345678", "xiaoming@example.cn", "催收员每天晚上", "13800138000"]) {
      expect(logs).not.toContain(secret);
    }
  });

  it("chooses the language by query, then cookie, then browser, else Chinese", async () => {
    const client = new Client(server.url, { "accept-language": "en" });
    expect(visibleText(await (await client.get("/")).text())).toContain("File a complaint");
    expect(visibleText(await (await client.get("/?lang=zh-CN")).text())).toContain("提交投诉");
    expect(visibleText(await (await client.get("/track")).text())).toContain("查询投诉进度");
    expect(visibleText(await (await new Client(server.url).get("/")).text())).toContain("提交投诉");
  });
});
