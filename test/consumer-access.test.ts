import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, visibleText } from "./support/client";
import { filingForm, fixtureFile, validFiling } from "./support/filing";
import { startServer, type TestServer } from "./support/server";
import { openTestDb, type TestDb } from "./support/test-db";
import { waitFor } from "./support/wait";

let server: TestServer;
let db: TestDb;

beforeAll(async () => {
  server = await startServer();
  db = openTestDb(server.dataDir, { readonly: true });
});
afterAll(async () => {
  await db.close();
  await server.stop();
});

/** The session cookie a response set, as a browser would send it back. */
function sessionCookieOf(response: Response): string {
  const line = response.headers.getSetCookie().find((l) => l.startsWith("cw_session="));
  if (!line) throw new Error("no session cookie set");
  return line.split(";")[0];
}

/** A request carrying a copied cookie, as someone replaying it would send it. */
const replay = (url: string, cookie: string) => fetch(server.url + url, { headers: { cookie }, redirect: "manual" });

async function file(client = new Client(server.url)) {
  const csrf = await client.csrf("/complaints/new");
  const filed = await client.post("/complaints/new", filingForm(csrf, validFiling(), [{ field: "evidence", file: fixtureFile("screenshot.png") }]));
  expect(filed.status).toBe(302);
  const receiptPath = filed.headers.get("location")!;
  const code = receiptPath.split("/")[2];
  return { client, filed, receiptPath, code };
}

const keyOn = (html: string, id = "receipt-key") => html.match(new RegExp(`id="${id}"[^>]*>([^<]+)<`))?.[1] ?? null;

async function openWithKey(client: Client, code: string, key: string) {
  const csrf = await client.csrf("/track");
  return client.post("/track", new URLSearchParams({ csrf, code, key }));
}

async function consumerAct(client: Client, code: string, fields: Record<string, string>) {
  const csrf = await client.csrf(`/track/${code}`);
  return client.post(`/track/${code}`, new URLSearchParams({ csrf, ...fields }));
}

describe("the receipt", () => {
  it("shows the key once; the filing response's cookie replayed never shows it again, and never held it", async () => {
    const { client, filed, receiptPath, code } = await file();
    const cookie = sessionCookieOf(filed);

    // Before the receipt is read, the database holds the key only sealed, not readable.
    const pending = (await db.get('SELECT "keyToShow" FROM "ConsumerSession" WHERE "keyToShowFor" = ?', [code])) as { keyToShow: string };
    expect(pending.keyToShow).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

    const key = keyOn(await (await client.get(receiptPath)).text())!;
    expect(key).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);
    // The cookie is a signed random token: neither it nor what it decodes to carries the key.
    const value = decodeURIComponent(cookie.slice("cw_session=".length));
    const decoded = Buffer.from(value.split(".")[0], "base64").toString("utf8");
    for (const form of [key, key.replace(/-/g, "")]) {
      expect(value).not.toContain(form);
      expect(decoded).not.toContain(form);
    }
    expect(await db.get('SELECT "keyToShow" FROM "ConsumerSession" WHERE "keyToShowFor" = ?', [code])).toBeUndefined();

    const replayed = await replay(receiptPath, cookie);
    expect(replayed.status).toBe(302);
    expect(replayed.headers.get("location")).toBe(`/track/${code}`);
    expect(await replayed.text()).not.toContain(key);
    const page = await replay(`/track/${code}`, cookie);
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain(key);
  });
});

describe("leaving", () => {
  it("ends the session: the old cookie no longer opens the complaint or its evidence", async () => {
    const { client, receiptPath, code } = await file();
    const key = keyOn(await (await client.get(receiptPath)).text())!;
    const reader = new Client(server.url);
    const opened = await openWithKey(reader, code, key);
    const cookie = sessionCookieOf(opened);
    const evidenceId = ((await db.get('SELECT e.id FROM "Evidence" e JOIN "Complaint" c ON c.id = e."complaintId" WHERE c.code = ?', [code])) as { id: number })
      .id;
    expect((await replay(`/track/${code}/evidence/${evidenceId}`, cookie)).status).toBe(200);

    const left = await consumerAct(reader, code, { intent: "leave" });
    expect(left.status).toBe(302);
    expect(left.headers.get("location")).toBe("/track");

    const again = await replay(`/track/${code}`, cookie);
    expect(again.status).toBe(302);
    expect(again.headers.get("location")).toBe(`/track?code=${code}`);
    expect((await replay(`/track/${code}/evidence/${evidenceId}`, cookie)).status).toBe(404);
    // The filer's own browser is not affected by another browser leaving.
    expect((await client.get(`/track/${code}`)).status).toBe(200);
  });

  it("keeps the other complaints this browser opened", async () => {
    const browser = new Client(server.url);
    const first = await file(browser);
    await browser.get(first.receiptPath);
    const second = await file(browser);
    await browser.get(second.receiptPath);
    expect((await consumerAct(browser, second.code, { intent: "leave" })).status).toBe(302);
    expect((await browser.get(`/track/${second.code}`)).status).toBe(302);
    expect((await browser.get(`/track/${first.code}`)).status).toBe(200);
  });
});

describe("signing out everywhere", () => {
  it("ends every browser's access to the complaint, this one's included; the key still opens it again", async () => {
    const { client: filer, receiptPath, code } = await file();
    const key = keyOn(await (await filer.get(receiptPath)).text())!;
    const phone = new Client(server.url);
    await openWithKey(phone, code, key);
    expect((await phone.get(`/track/${code}`)).status).toBe(200);

    const page = visibleText(await (await filer.get(`/track/${code}`)).text());
    expect(page).toContain("在所有设备上退出");
    const out = await consumerAct(filer, code, { intent: "sign_out_everywhere" });
    expect(out.status).toBe(302);
    expect(out.headers.get("location")).toBe("/track");

    expect((await phone.get(`/track/${code}`)).status).toBe(302);
    expect((await filer.get(`/track/${code}`)).status).toBe(302);
    expect((await openWithKey(phone, code, key)).status).toBe(302);
    expect((await phone.get(`/track/${code}`)).status).toBe(200);
  });
});

describe("setting a new key", () => {
  it("shows the new key once; the new key opens the complaint, the old one does not, other browsers are signed out, and the timeline says so without the key", async () => {
    const { client: filer, receiptPath, code } = await file();
    const oldKey = keyOn(await (await filer.get(receiptPath)).text())!;
    const other = new Client(server.url);
    await openWithKey(other, code, oldKey);
    const otherCookie = sessionCookieOf(await openWithKey(new Client(server.url), code, oldKey));

    const unconfirmed = await consumerAct(filer, code, { intent: "rotate_key" });
    expect(unconfirmed.status).toBe(400);
    expect(visibleText(await unconfirmed.text())).toContain("请勾选确认。");
    expect((await openWithKey(new Client(server.url), code, oldKey)).status).toBe(302);

    const rotated = await consumerAct(filer, code, { intent: "rotate_key", confirm: "on" });
    expect(rotated.status).toBe(302);
    const shown = await (await filer.get(`/track/${code}`)).text();
    const newKey = keyOn(shown, "new-key")!;
    expect(newKey).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);
    expect(newKey).not.toBe(oldKey);
    expect(visibleText(shown)).toContain("您的新访问密钥");
    // Shown once: the next load of the page has it no more.
    const reloaded = await (await filer.get(`/track/${code}`)).text();
    expect(keyOn(reloaded, "new-key")).toBeNull();
    expect(reloaded).not.toContain(newKey);

    expect((await other.get(`/track/${code}`)).status).toBe(302);
    expect((await replay(`/track/${code}`, otherCookie)).status).toBe(302);
    const withOld = await openWithKey(new Client(server.url), code, oldKey);
    expect(withOld.status).toBe(400);
    expect(visibleText(await withOld.text())).toContain("编号或访问密钥不正确。");
    const withNew = new Client(server.url);
    expect((await openWithKey(withNew, code, newKey.toLowerCase())).status).toBe(302);
    const timeline = visibleText(await (await withNew.get(`/track/${code}`)).text());
    expect(timeline).toContain("更换了访问密钥");
    for (const key of [oldKey, newKey]) expect(timeline).not.toContain(key);

    const events = await db.all('SELECT e.type, e.note, e.public FROM "Event" e JOIN "Complaint" c ON c.id = e."complaintId" WHERE c.code = ? ORDER BY e.id', [
      code,
    ]);
    expect(events).toEqual([
      { type: "filed", note: null, public: 1 },
      { type: "key_changed", note: null, public: 1 },
    ]);
  });
});

describe("expiry", () => {
  it("starts the idle period again when the consumer opens a page after some minutes away", async () => {
    const { client, code } = await file();
    const writable = openTestDb(server.dataDir);
    const away = new Date(Date.now() - 5 * 60_000).toISOString();
    const sessionOf = 'SELECT s."id", s."lastSeenAt" FROM "ConsumerSession" s JOIN "ConsumerSessionComplaint" c ON c."sessionId" = s."id" WHERE c."code" = ?';
    const lastSeen = async () => new Date((await db.get<{ lastSeenAt: string }>(sessionOf, [code]))!.lastSeenAt).getTime();
    try {
      const { id } = (await db.get<{ id: string }>(sessionOf, [code]))!;
      await writable.run('UPDATE "ConsumerSession" SET "lastSeenAt" = ? WHERE "id" = ?', [away, id]);
      expect(await lastSeen()).toBe(Date.parse(away));
      expect((await client.get(`/track/${code}`)).status).toBe(200);
      // The write follows the page rather than holding it up: it lands a moment after the answer.
      await waitFor(async () => (await lastSeen()) !== Date.parse(away), "the session to be marked as used", 5_000);
      expect(Date.now() - (await lastSeen())).toBeLessThan(60_000);
      expect((await client.get(`/track/${code}`)).status).toBe(200);
    } finally {
      await writable.close();
    }
  });

  it("ends a session left idle longer than CONSUMER_IDLE_MINUTES", async () => {
    const idle = await startServer({ CONSUMER_IDLE_MINUTES: "0.03" });
    try {
      const browser = new Client(idle.url);
      const csrf = await browser.csrf("/complaints/new");
      const filed = await browser.post("/complaints/new", filingForm(csrf, validFiling()));
      const code = filed.headers.get("location")!.split("/")[2];
      expect((await browser.get(`/track/${code}`)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect((await browser.get(`/track/${code}`)).status).toBe(302);
    } finally {
      await idle.stop();
    }
  });
});
