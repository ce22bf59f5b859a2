import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, visibleText } from "./support/client";
import { filingForm, listFiles, validFiling } from "./support/filing";
import { signIn } from "./support/reviewer";
import { createUser } from "./support/cli";
import { startServer, type TestServer } from "./support/server";
import { openTestDb, type TestDb } from "./support/test-db";

/**
 * Every request is bounded and bad input is a 4xx: requests a browser would never
 * send (too large, not a form, cut short, forged) are answered with a status and a
 * page in the visitor's language, never a 500 or a reset, and store nothing.
 */

let server: TestServer;
let db: TestDb;

beforeAll(async () => {
  server = await startServer({ MAX_FILE_MB: "8", MAX_FILES: "3" });
  // Before any request: the command blocks this process, and a kept-alive connection would go stale meanwhile.
  createUser(server.dataDir, "reg@example.cn", "regulator");
  db = openTestDb(server.dataDir, { readonly: true });
});
afterAll(async () => {
  await db.close();
  await server.stop();
});

const complaintCount = async () => ((await db.get('SELECT COUNT(*) AS n FROM "Complaint"')) as { n: number }).n;
const stored = () => [...listFiles(path.join(server.dataDir, "uploads")), ...listFiles(path.join(server.dataDir, "evidence"))];

/** A multipart body written by hand, for what FormData cannot send: parts in any order, raw bytes in headers, a cut end. */
function multipart(boundary: string, parts: { headers: string; body: Buffer | string }[], end = true): Buffer {
  const chunks = parts.flatMap((p) => [Buffer.from(`--${boundary}\r\n${p.headers}\r\n\r\n`, "latin1"), Buffer.from(p.body), Buffer.from("\r\n")]);
  if (end) chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}
const field = (name: string, value: string) => ({ headers: `Content-Disposition: form-data; name="${name}"`, body: value });

/** Posts raw bytes with the content type given (the client's post takes only what a browser form sends). */
async function post(client: Client, path: string, body: Buffer | string, contentType: string, headers: Record<string, string> = {}) {
  return client.post(path, new Blob([typeof body === "string" ? body : new Uint8Array(body)]) as unknown as URLSearchParams, {
    "content-type": contentType,
    ...headers,
  });
}

describe("bodies that are too large", () => {
  it("refuses a 400 MB url-encoded POST to /track from its Content-Length, before reading it, in the visitor's language", async () => {
    const started = Date.now();
    const { status, body, sent } = await new Promise<{ status: number; body: string; sent: number }>((resolve, reject) => {
      const url = new URL(`${server.url}/track?lang=en`);
      const request = http.request({
        host: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "content-length": 400 * 1024 * 1024 },
      });
      let sent = 0;
      const chunk = Buffer.alloc(256 * 1024, "a");
      // Send a little, then wait: the answer must come without the rest.
      const timer = setInterval(() => {
        if (sent < 4 * 1024 * 1024) {
          request.write(chunk);
          sent += chunk.length;
        }
      }, 5);
      request.on("response", (response) => {
        let text = "";
        response.on("data", (c: Buffer) => (text += c.toString()));
        response.on("end", () => {
          clearInterval(timer);
          request.destroy();
          resolve({ status: response.statusCode ?? 0, body: text, sent });
        });
      });
      request.on("error", (error) => {
        clearInterval(timer);
        reject(error);
      });
    });
    expect(status).toBe(413);
    expect(visibleText(body)).toContain("What was sent is too large.");
    expect(sent).toBeLessThanOrEqual(4 * 1024 * 1024);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("counts a body sent without a length and stops at the limit", async () => {
    const client = new Client(server.url);
    const csrf = await client.csrf("/login");
    const huge = `csrf=${csrf}&email=a%40b.cn&password=${"x".repeat(200 * 1024)}`;
    // A stream has no Content-Length: fetch sends it chunked.
    const body = new Blob([huge]).stream();
    const response = await fetch(`${server.url}/login`, {
      method: "POST",
      body,
      duplex: "half",
      headers: { "content-type": "application/x-www-form-urlencoded", "accept-language": "zh-CN" },
    });
    expect(response.status).toBe(413);
    expect(visibleText(await response.text())).toContain("提交的内容太大了。");
  });

  it("refuses too many fields and a field that is too long, with 413", async () => {
    const client = new Client(server.url);
    const csrf = await client.csrf("/track");
    const many = new URLSearchParams({ csrf });
    for (let i = 0; i < 150; i++) many.append(`f${i}`, "1");
    expect((await client.post("/track", many)).status).toBe(413);
    const form = filingForm(csrf, validFiling({ narrative: "长".repeat(30_000) }));
    const response = await client.post("/complaints/new", form, { "accept-language": "en" });
    expect(response.status).toBe(413);
    expect(visibleText(await response.text())).toContain("One of the fields is too long.");
  });

  it("answers headers that are too large with 431 in both languages", async () => {
    const response = await fetch(`${server.url}/`, { headers: { "x-filler": "a".repeat(20 * 1024) } });
    expect(response.status).toBe(431);
    const text = await response.text();
    expect(text).toContain("请求头太大了");
    expect(text).toContain("The request headers are too large");
  });
});

describe("bodies that are not a form", () => {
  it("answers 415 to JSON or text sent to a form, in the visitor's language", async () => {
    const client = new Client(server.url);
    const csrf = await client.csrf("/track");
    const json = await post(client, "/track", JSON.stringify({ csrf, code: "x", key: "y" }), "application/json", { "accept-language": "en" });
    expect(json.status).toBe(415);
    expect(visibleText(await json.text())).toContain("Only this site's forms can be submitted here.");
    const text = await post(client, "/complaints/new", "hello", "text/plain");
    expect(text.status).toBe(415);
    expect(visibleText(await text.text())).toContain("只能通过本网站的表单提交。");
    expect((await post(client, "/login", "", "")).status).toBe(415);
  });

  it("answers 400 to a bad boundary, a cut body and an over-long part header", async () => {
    const client = new Client(server.url);
    const csrf = await client.csrf("/complaints/new");
    const whole = multipart("b0undary", [field("csrf", csrf), field("narrative", "x")]);
    const cases: [string, Buffer | string][] = [
      ["multipart/form-data", whole],
      ["multipart/form-data; boundary=other", whole],
      ["multipart/form-data; boundary=b0undary", multipart("b0undary", [field("csrf", csrf), field("narrative", "x")], false)],
      [
        "multipart/form-data; boundary=b0undary",
        multipart("b0undary", [{ headers: `Content-Disposition: form-data; name="csrf"\r\nX-Long: ${"a".repeat(100_000)}`, body: csrf }]),
      ],
    ];
    for (const [type, body] of cases) {
      const response = await post(client, "/complaints/new?lang=en", body, type);
      expect(response.status, type).toBe(400);
      expect(visibleText(await response.text())).toContain("incomplete or malformed");
    }
    expect(await complaintCount()).toBe(0);
  });
});

describe("the CSRF token", () => {
  it("is checked before any file byte is stored: a 5 MB upload without a valid token writes nothing", async () => {
    const client = new Client(server.url);
    const csrf = await client.csrf("/complaints/new");
    const five = {
      headers: 'Content-Disposition: form-data; name="evidence"; filename="big.bin"\r\nContent-Type: application/octet-stream',
      body: Buffer.alloc(5 << 20, 1),
    };
    const bodies = [
      multipart("b", [five, field("csrf", csrf)]), // the token after the file: too late
      multipart("b", [field("csrf", "forged"), five]),
      multipart("b", [field("csrf", "é".repeat(csrf.length)), five]),
      multipart("b", [five]),
    ];
    for (const body of bodies) {
      const response = await post(client, "/complaints/new", body, "multipart/form-data; boundary=b");
      expect(response.status).toBe(403);
      expect(visibleText(await response.text())).toContain("页面已过期，请刷新后重新提交。");
      expect(stored()).toEqual([]);
    }
    expect(await complaintCount()).toBe(0);
  });

  it("comes first in every form that carries files, so it can be checked before them", async () => {
    const client = new Client(server.url);
    const html = await (await client.get("/complaints/new")).text();
    const forms = html.match(/<form[^>]*encType="multipart\/form-data"[^>]*>[\s\S]*?<\/form>/g) ?? [];
    expect(forms.length).toBeGreaterThan(0);
    for (const form of forms) expect(form.match(/<(input|textarea|select)\b[^>]*>/)![0]).toMatch(/name="csrf"/);
  });

  it("of non-ASCII characters is refused with 403, not a crash", async () => {
    const client = new Client(server.url);
    const csrf = await client.csrf("/login");
    for (const path of ["/login", "/track"]) {
      const response = await client.post(path, new URLSearchParams({ csrf: "令".repeat(csrf.length), email: "a@b.cn", password: "x", code: "x", key: "y" }));
      expect(response.status).toBe(403);
    }
  });
});

describe("form posts from another origin", () => {
  it("are refused with 403 and a page in the visitor's language, where Remix would answer 500", async () => {
    const client = new Client(server.url);
    const csrf = await client.csrf("/track");
    for (const origin of ["http://evil.example", "null", "not a url"]) {
      const response = await client.post("/track?lang=en", new URLSearchParams({ csrf, code: "x", key: "y" }), { origin });
      expect(response.status, origin).toBe(403);
      expect(visibleText(await response.text())).toContain("This form was not sent from this site");
    }
    expect((await client.post("/track", new URLSearchParams({ csrf, code: "x", key: "y" }), { origin: server.url })).status).toBe(400);
  });
});

describe("odd but honest filings", () => {
  it("takes the same category twice as one", async () => {
    const client = new Client(server.url);
    const csrf = await client.csrf("/complaints/new");
    const response = await client.post("/complaints/new", filingForm(csrf, validFiling({ categories: ["other", "other", "third_party.family"] })));
    expect(response.status).toBe(302);
    const code = response.headers.get("location")!.split("/")[2];
    const categories = await db.all(
      'SELECT category FROM "ComplaintCategory" cc JOIN "Complaint" c ON c.id = cc."complaintId" WHERE c.code = ? ORDER BY category',
      [code],
    );
    expect(categories).toEqual([{ category: "other" }, { category: "third_party.family" }]);
  });

  it("keeps a filing whose file name is cut in the middle of an emoji, with the name cleaned", async () => {
    const client = new Client(server.url);
    const csrf = await client.csrf("/complaints/new");
    const fields = Object.entries(validFiling()).flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((v) => field(name, v)));
    // The phone's name ends in the first two bytes of 😀 (F0 9F 98 80); another is 300 emoji long.
    const cutName = Buffer.concat([Buffer.from("截图"), Buffer.from([0xf0, 0x9f]), Buffer.from(".txt")]).toString("latin1");
    const longName = Buffer.from(`${"😀".repeat(300)}.txt`).toString("latin1");
    const file = (name: string) => ({
      headers: `Content-Disposition: form-data; name="evidence"; filename="${name}"\r\nContent-Type: text/plain`,
      body: "录音文字稿",
    });
    const body = multipart("b", [
      field("csrf", csrf),
      ...fields.map((f) => ({ headers: Buffer.from(f.headers).toString("latin1"), body: Buffer.from(f.body) })),
      file(cutName),
      file(longName),
    ]);
    const response = await post(client, "/complaints/new", body, "multipart/form-data; boundary=b");
    expect(response.status).toBe(302);
    const receipt = await client.get(response.headers.get("location")!);
    expect(receipt.status).toBe(200);
    const text = visibleText(await receipt.text());
    expect(text).toContain("截图\uFFFD.txt");
    expect(text).toContain("😀".repeat(200));
    expect(text).not.toContain("😀".repeat(201));
    const code = response.headers.get("location")!.split("/")[2];
    const track = await client.get(`/track/${code}`);
    const trackHtml = await track.text();
    const link = trackHtml.match(/href="(\/track\/[^"]+\/evidence\/\d+)"/)![1];
    // The tracking page's evidence form, too, carries its token before its files.
    const upload = trackHtml.match(/<form[^>]*encType="multipart\/form-data"[^>]*>[\s\S]*?<\/form>/)![0];
    expect(upload.match(/<(input|textarea|select)\b[^>]*>/)![0]).toMatch(/name="csrf"/);
    expect((await client.get(link)).status).toBe(200);
  });
});

describe("query strings", () => {
  it("answers a broken queue cursor and dates out of range with 400 and a message", async () => {
    const regulator = await signIn(server.url, "reg@example.cn");
    for (const after of ["zzz", "999999999999999_1", "99999999999999999_1", "1_99999999999"]) {
      const response = await regulator.get(`/triage?after=${after}&lang=en`);
      expect(response.status, after).toBe(400);
      expect(visibleText(await response.text())).toContain("Some parameters in this link were not understood and were ignored.");
    }
    const stats = await regulator.get("/stats?from=1900-01-01&lang=zh-CN");
    expect(stats.status).toBe(400);
    expect(visibleText(await stats.text())).toContain("日期须在 2000 年至 2099 年之间。");
    for (const url of ["/stats/export.csv?from=1900-01-01", "/stats/export.json?to=2100-01-01", "/stats/export.csv?by=month&from=0001-01-01"]) {
      expect((await regulator.get(url)).status, url).toBe(400);
    }
    expect((await regulator.get("/stats?from=2000-01-01&to=2099-12-31")).status).toBe(200);
    expect((await regulator.get("/triage/CW-2026-000001/evidence/99999999999999999999")).status).toBe(404);
  });
});

describe("the logs", () => {
  it("show no server error for any of this", () => {
    expect(server.logs()).not.toMatch(/ 5\d\d \d+ms/);
  });
});
