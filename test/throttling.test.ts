import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, visibleText } from "./support/client";
import { createUser } from "./support/cli";
import { filingForm, validFiling } from "./support/filing";
import { startServer, type TestServer } from "./support/server";

// The server believes X-Forwarded-For from the test (as behind a reverse proxy), so each client
// below can come from its own address.
const PROXIED = { TRUST_PROXY: "loopback" };
const PASSWORD = "correct horse battery staple";

let server: TestServer;

beforeAll(async () => {
  server = await startServer(PROXIED);
  for (const email of ["reviewer@example.cn", "other@example.cn"]) createUser(server.dataDir, email, "regulator");
});
afterAll(async () => {
  await server.stop();
});

const from = (address: string, base = server.url) => new Client(base, { "x-forwarded-for": address });

async function signInFrom(client: Client, email: string, password: string) {
  const csrf = await client.csrf("/login");
  return client.post("/login", new URLSearchParams({ csrf, email, password }));
}

async function openFrom(client: Client, code: string, key: string) {
  const csrf = await client.csrf("/track");
  return client.post("/track", new URLSearchParams({ csrf, code, key }));
}

async function file(): Promise<{ code: string; key: string }> {
  const client = from("192.0.2.1");
  const csrf = await client.csrf("/complaints/new");
  const receiptPath = (await client.post("/complaints/new", filingForm(csrf, validFiling()))).headers.get("location")!;
  const html = await (await client.get(receiptPath)).text();
  return { code: receiptPath.split("/")[2], key: html.match(/id="receipt-key"[^>]*>([^<]+)</)![1] };
}

const WRONG_KEY = "AAAAA-AAAAA-AAAAA-AAAAA";
const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;

describe("passwords", () => {
  it("checks at most LOGIN_ATTEMPTS of 30 parallel wrong passwords, and answers the rest 429 with the wait", async () => {
    const attacker = from("198.51.100.10");
    const csrf = await attacker.csrf("/login");
    const started = performance.now();
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => attacker.post("/login", new URLSearchParams({ csrf, email: "reviewer@example.cn", password: `wrong guess ${i}` }))),
    );
    const ms = performance.now() - started;
    const statuses = answers.map((a) => a.status);
    console.log(`30 parallel wrong passwords: ${count(statuses, 400)} checked (400), ${count(statuses, 429)} refused (429), ${ms.toFixed(0)} ms`);
    expect(count(statuses, 400)).toBe(5);
    expect(count(statuses, 429)).toBe(25);
    const refused = answers.find((a) => a.status === 429)!;
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(visibleText(await refused.text())).toMatch(/登录失败次数过多，请 1 分钟后再试。/);

    // The right password from that address waits too; from the reviewer's own address it gets in.
    expect((await signInFrom(from("198.51.100.10"), "reviewer@example.cn", PASSWORD)).status).toBe(429);
    expect((await signInFrom(from("203.0.113.20"), "reviewer@example.cn", PASSWORD)).status).toBe(302);
  });

  it("stops one address spraying many accounts, and not anyone else", async () => {
    const sprayer = from("198.51.100.11");
    const statuses: number[] = [];
    for (let i = 0; i < 24; i++) statuses.push((await signInFrom(sprayer, `someone${i}@example.cn`, "wrong password!!")).status);
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(400));
    expect(statuses.slice(20)).toEqual([429, 429, 429, 429]);
    expect((await signInFrom(sprayer, "other@example.cn", PASSWORD)).status).toBe(429);
    expect((await signInFrom(from("203.0.113.21"), "other@example.cn", PASSWORD)).status).toBe(302);
  });

  it("does not let strangers lock a reviewer out, from one address or from many", async () => {
    for (let i = 0; i < 12; i++) await signInFrom(from(`198.51.100.${30 + i}`), "other@example.cn", "wrong password!!");
    // The account is under attack: an address that failed on it now waits after one failure…
    expect((await signInFrom(from("198.51.100.30"), "other@example.cn", "wrong password!!")).status).toBe(429);
    // …while the reviewer, from an address that has not failed, signs in at once.
    expect((await signInFrom(from("203.0.113.22"), "other@example.cn", PASSWORD)).status).toBe(302);
  });
});

describe("access keys", () => {
  it("does not let 10+ wrong keys from a stranger's address lock the consumer out", async () => {
    const { code, key } = await file();
    const stranger = from("198.51.100.50");
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await openFrom(stranger, code, WRONG_KEY)).status);
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429, 429, 429, 429, 429, 429, 429]);
    const refused = await openFrom(stranger, code, key);
    expect(refused.status).toBe(429);
    expect(visibleText(await refused.text())).toMatch(/尝试次数过多，请 \d+ 分钟后再试。/);
    expect((await openFrom(from("203.0.113.50"), code, key)).status).toBe(302);
  });

  it("does not let many strangers' addresses lock the consumer out either", async () => {
    const { code, key } = await file();
    for (let i = 0; i < 15; i++) expect((await openFrom(from(`198.51.100.${100 + i}`), code, WRONG_KEY)).status).toBe(400);
    expect((await openFrom(from("198.51.100.100"), code, WRONG_KEY)).status).toBe(429);
    expect((await openFrom(from("203.0.113.51"), code, key)).status).toBe(302);
  });

  it("stops one address, or one IPv6 /64, trying many codes", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++)
      statuses.push((await openFrom(from(`2001:db8:7:7::${i.toString(16)}`), `CW-2026-${String(500 + i).padStart(6, "0")}`, WRONG_KEY)).status);
    expect(statuses.slice(0, 30)).toEqual(Array(30).fill(400));
    expect(statuses.slice(30)).toEqual([429, 429]);
    // Another /64 is another household.
    expect((await openFrom(from("2001:db8:7:8::1"), "CW-2026-000999", WRONG_KEY)).status).toBe(400);
  });
});

describe("across restarts and processes", () => {
  it("keeps the count in the database: a new process over the same DATA_DIR still refuses", async () => {
    const first = await startServer(PROXIED);
    createUser(first.dataDir, "restart@example.cn", "regulator");
    // A second server process over the first one's DATA_DIR (the env overrides its own fresh copy).
    const second = await startServer({ ...PROXIED, DATA_DIR: first.dataDir });
    try {
      for (let i = 0; i < 5; i++) expect((await signInFrom(from("198.51.100.200", second.url), "restart@example.cn", "wrong password!!")).status).toBe(400);
    } finally {
      await second.stop();
    }
    const restarted = await startServer({ ...PROXIED, DATA_DIR: first.dataDir });
    try {
      expect((await signInFrom(from("198.51.100.200", restarted.url), "restart@example.cn", PASSWORD)).status).toBe(429);
      expect((await signInFrom(from("198.51.100.200", first.url), "restart@example.cn", PASSWORD)).status).toBe(429);
      expect((await signInFrom(from("203.0.113.200", restarted.url), "restart@example.cn", PASSWORD)).status).toBe(302);
    } finally {
      await restarted.stop();
      await first.stop();
    }
  });
});
