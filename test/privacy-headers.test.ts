import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "./support/client";
import { createUser } from "./support/cli";
import { fileComplaint, signIn } from "./support/reviewer";
import { startServer, type TestServer } from "./support/server";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("pages with personal data, redirects and reviewer sessions", () => {
  let server: TestServer;
  beforeAll(async () => {
    // Reviewer sessions end after three idle seconds here, instead of thirty minutes.
    server = await startServer({ REVIEWER_IDLE_MINUTES: "0.05" });
    createUser(server.dataDir, "regulator@example.cn", "regulator");
    createUser(server.dataDir, "analyst@example.cn", "analyst");
  });
  afterAll(() => server.stop());

  it("are never kept by a browser or proxy, and the site asks for HTTPS in production", async () => {
    const { consumer, code } = await fileComplaint(server.url);
    const regulator = await signIn(server.url, "regulator@example.cn");
    const analyst = await signIn(server.url, "analyst@example.cn");
    const pages: [Client, string][] = [
      [consumer, "/"],
      [consumer, "/complaints/new"],
      [consumer, `/track/${code}`],
      [consumer, "/track"],
      [new Client(server.url), "/login"],
      [regulator, "/triage"],
      [regulator, `/triage/${code}`],
      [analyst, "/stats"],
      [analyst, "/stats/export.csv"],
    ];
    for (const [client, path] of pages) {
      const response = await client.get(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("cache-control"), path).toBe("no-store");
      expect(response.headers.get("strict-transport-security"), path).toMatch(/max-age=\d{7,}/);
    }
    const html = await (await consumer.get("/")).text();
    const asset = html.match(/href="(\/build\/[^"]+\.css)"/)![1];
    expect((await consumer.get(asset)).headers.get("cache-control")).toMatch(/max-age=\d+/);
  });

  it("sends someone back after signing in only to a path on this site", async () => {
    for (const next of ["/%5Cevil.example", "//evil.example", "/%5C%5Cevil.example", "https://evil.example/", "/%09/evil.example"]) {
      const client = new Client(server.url);
      const csrf = await client.csrf(`/login?next=${next}`);
      const body = new URLSearchParams({ csrf, email: "regulator@example.cn", password: "correct horse battery staple" });
      const response = await client.post(`/login?next=${next}`, body);
      expect(response.status, next).toBe(302);
      expect(response.headers.get("location"), next).toBe("/triage");
      // Already signed in, the sign-in page redirects at once: the same rule applies.
      expect((await client.get(`/login?next=${next}`)).headers.get("location"), next).toBe("/triage");
    }
    const client = new Client(server.url);
    const csrf = await client.csrf("/login");
    const body = new URLSearchParams({ csrf, email: "regulator@example.cn", password: "correct horse battery staple" });
    expect((await client.post(`/login?next=${encodeURIComponent("/triage?q=138")}`, body)).headers.get("location")).toBe("/triage?q=138");
  });

  it("ends a reviewer's session after the idle period", async () => {
    const regulator = await signIn(server.url, "regulator@example.cn");
    expect((await regulator.get("/triage")).status).toBe(200);
    await pause(4000);
    const after = await regulator.get("/triage");
    expect(after.status).toBe(302);
    expect(after.headers.get("location")).toMatch(/^\/login\?next=/);
  });
});
