import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { firstBrokenEvent, type ChainedEvent } from "~/domain/audit-chain";
import { Client, visibleText } from "./support/client";
import { filingForm, fixtureFile, validFiling } from "./support/filing";
import { startServer, type TestServer } from "./support/server";
import { openTestDb, type TestDb } from "./support/test-db";

let server: TestServer;
let db: TestDb;

beforeAll(async () => {
  server = await startServer({ TRACK_ATTEMPTS: "4" });
  db = openTestDb(server.dataDir, { readonly: true });
});
afterAll(async () => {
  await db.close();
  await server.stop();
});

/** Files a complaint with a screenshot and a PDF in a fresh browser, returning its code and key. */
async function file(): Promise<{ code: string; key: string }> {
  const client = new Client(server.url);
  const csrf = await client.csrf("/complaints/new");
  const response = await client.post(
    "/complaints/new",
    filingForm(csrf, validFiling(), [
      { field: "evidence", file: fixtureFile("screenshot.png", "截图.png") },
      { field: "evidence", file: fixtureFile("letter.pdf") },
    ]),
  );
  const receiptPath = response.headers.get("location")!;
  const html = await (await client.get(receiptPath)).text();
  return { code: receiptPath.split("/")[2], key: html.match(/id="receipt-key"[^>]*>([^<]+)</)![1] };
}

/** ASCII letters, digits and dashes as their full-width forms (Ａ, ０, －). */
const toFullWidth = (text: string) => text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

async function openWithKey(client: Client, code: string, key: string) {
  const csrf = await client.csrf("/track");
  return client.post("/track", new URLSearchParams({ csrf, code, key }));
}

describe("tracking a complaint", () => {
  it("opens with the code and key, typed in any case and without dashes", async () => {
    const { code, key } = await file();
    const client = new Client(server.url);
    const response = await openWithKey(client, code.toLowerCase(), key.toLowerCase().replace(/-/g, ""));
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/track/${code}`);
    const page = await client.get(`/track/${code}`);
    const text = visibleText(await page.text());
    expect(text).toContain("已提交，等待分派");
    expect(text).toContain("提交投诉");
    expect(text).toContain("截图.png");
    expect(text).not.toContain(key);
  });

  it.each([
    ["a dashless code and a key in spaced groups", (code: string) => code.replace(/-/g, ""), (key: string) => key.replace(/-/g, " ")],
    [
      "a code with spaces and a key typed in threes",
      (code: string) => code.toLowerCase().replace(/-/g, " "),
      (key: string) => key.replace(/-/g, "").replace(/(.{3})/g, "$1 "),
    ],
    [
      "a full-width code and key, as a Chinese input method types them",
      (code: string) => toFullWidth(code),
      (key: string) => toFullWidth(key).replace(/－/g, "\u3000"),
    ],
  ])("opens with %s", async (_, codeAs, keyAs) => {
    const { code, key } = await file();
    const client = new Client(server.url);
    const response = await openWithKey(client, codeAs(code), keyAs(key));
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/track/${code}`);
    expect((await client.get(`/track/${code}`)).status).toBe(200);
  });

  it("gives the same answer for a wrong key and for a code that does not exist", async () => {
    const { code } = await file();
    const wrongKey = await openWithKey(new Client(server.url), code, "00000-00000-00000-00000");
    const noSuchCode = await openWithKey(new Client(server.url), "CW-2026-999999", "00000-00000-00000-00000");
    expect(wrongKey.status).toBe(400);
    expect(noSuchCode.status).toBe(400);
    const [a, b] = [visibleText(await wrongKey.text()), visibleText(await noSuchCode.text())];
    expect(a).toContain("编号或访问密钥不正确。");
    expect(b).toContain("编号或访问密钥不正确。");
  });

  it("sends a browser without the key to the key form, and never serves it the evidence", async () => {
    const { code } = await file();
    const stranger = new Client(server.url);
    const page = await stranger.get(`/track/${code}`);
    expect(page.status).toBe(302);
    expect(page.headers.get("location")).toBe(`/track?code=${code}`);
    const evidenceId = ((await db.get('SELECT e.id FROM "Evidence" e JOIN "Complaint" c ON c.id = e."complaintId" WHERE c.code = ?', [code])) as { id: number })
      .id;
    expect((await stranger.get(`/track/${code}/evidence/${evidenceId}`)).status).toBe(404);
  });

  it("serves images inline and other files as downloads, never sniffed", async () => {
    const { code, key } = await file();
    const client = new Client(server.url);
    await openWithKey(client, code, key);
    const rows = await db.all<{
      id: number;
      mime: string;
    }>('SELECT e.id, e.mime FROM "Evidence" e JOIN "Complaint" c ON c.id = e."complaintId" WHERE c.code = ? ORDER BY e.id', [code]);
    const image = await client.get(`/track/${code}/evidence/${rows[0].id}`);
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/png");
    expect(image.headers.get("content-disposition")).toMatch(/^inline; filename\*=UTF-8''%E6%88%AA%E5%9B%BE\.png$/);
    expect(image.headers.get("x-content-type-options")).toBe("nosniff");
    expect(
      Buffer.from(await image.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe("PNG");
    const pdf = await client.get(`/track/${code}/evidence/${rows[1].id}`);
    expect(pdf.headers.get("content-disposition")).toMatch(/^attachment;/);
    // Another complaint's evidence id under this code is not found.
    const other = await file();
    const otherId = (
      (await db.get('SELECT e.id FROM "Evidence" e JOIN "Complaint" c ON c.id = e."complaintId" WHERE c.code = ?', [other.code])) as { id: number }
    ).id;
    expect((await client.get(`/track/${code}/evidence/${otherId}`)).status).toBe(404);
  });

  it("lets the consumer comment, add evidence and withdraw, each recorded in the audit chain", async () => {
    const { code, key } = await file();
    const client = new Client(server.url);
    await openWithKey(client, code, key);
    const csrf = await client.csrf(`/track/${code}`);

    const empty = await client.post(`/track/${code}`, new URLSearchParams({ csrf, intent: "comment", message: "  " }));
    expect(empty.status).toBe(400);
    expect(visibleText(await empty.text())).toContain("请输入内容。");

    const comment = await client.post(`/track/${code}`, new URLSearchParams({ csrf, intent: "comment", message: "今天又打了五次。" }));
    expect(comment.status).toBe(302);

    const more = new FormData();
    more.append("csrf", csrf);
    more.append("intent", "add_evidence");
    more.append("evidence", fixtureFile("call.amr", "新录音.amr"));
    expect((await client.post(`/track/${code}`, more)).status).toBe(302);

    const bad = new FormData();
    bad.append("csrf", csrf);
    bad.append("intent", "add_evidence");
    bad.append("evidence", fixtureFile("program.jpg"));
    const refused = await client.post(`/track/${code}`, bad);
    expect(refused.status).toBe(400);
    expect(visibleText(await refused.text())).toContain("“program.jpg”不是允许的文件类型");

    const unconfirmed = await client.post(`/track/${code}`, new URLSearchParams({ csrf, intent: "withdraw" }));
    expect(unconfirmed.status).toBe(400);
    expect(visibleText(await unconfirmed.text())).toContain("请勾选确认。");
    expect((await client.post(`/track/${code}`, new URLSearchParams({ csrf, intent: "withdraw", confirm: "on" }))).status).toBe(302);

    const text = visibleText(await (await client.get(`/track/${code}`)).text());
    expect(text).toContain("已撤回");
    expect(text).toContain("今天又打了五次。");
    expect(text).toContain("新录音.amr");
    expect(text).not.toContain("撤回投诉 撤回后"); // the actions are gone once withdrawn

    const afterwards = await client.post(`/track/${code}`, new URLSearchParams({ csrf, intent: "comment", message: "还在打" }));
    expect(afterwards.status).toBe(409);
    expect(visibleText(await afterwards.text())).toContain("这件投诉当前的状态不允许这样操作。");

    const events = await db.all(
      'SELECT e.type, e."fromStatus", e."toStatus" FROM "Event" e JOIN "Complaint" c ON c.id = e."complaintId" WHERE c.code = ? ORDER BY e.id',
      [code],
    );
    expect(events).toEqual([
      { type: "filed", fromStatus: null, toStatus: "submitted" },
      { type: "comment", fromStatus: "submitted", toStatus: "submitted" },
      { type: "evidence_added", fromStatus: "submitted", toStatus: "submitted" },
      { type: "withdrawn", fromStatus: "submitted", toStatus: "withdrawn" },
    ]);
    const chain = (await db.all<Record<string, unknown>>('SELECT * FROM "Event" ORDER BY id')).map(
      (row) => ({ ...row, public: row.public === 1, createdAt: new Date(row.createdAt as number) }) as ChainedEvent,
    );
    expect(firstBrokenEvent(chain)).toBeNull();
  });

  it("forgets the complaint in this browser when asked", async () => {
    const { code, key } = await file();
    const client = new Client(server.url);
    await openWithKey(client, code, key);
    const csrf = await client.csrf(`/track/${code}`);
    expect((await client.post(`/track/${code}`, new URLSearchParams({ csrf, intent: "leave" }))).status).toBe(302);
    expect((await client.get(`/track/${code}`)).status).toBe(302);
  });

  // From other addresses the right key still gets in: test/throttling.test.ts.
  it("slows down key guessing from one address, with a message, until the wait is over", async () => {
    const { code, key } = await file();
    const guesser = new Client(server.url);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await openWithKey(guesser, code, `AAAAA-AAAAA-AAAAA-AAAA${i}`)).status);
    expect(statuses).toEqual([400, 400, 400, 400, 429]);
    const blocked = await openWithKey(new Client(server.url), code, key);
    expect(blocked.status).toBe(429);
    expect(visibleText(await blocked.text())).toMatch(/尝试次数过多，请 \d+ 分钟后再试。/);
  });
});
