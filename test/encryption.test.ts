import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { visibleText } from "./support/client";
import { createUser, runCli } from "./support/cli";
import { fileComplaint, signIn } from "./support/reviewer";
import { startServer, type TestServer } from "./support/server";
import { onPostgres } from "./support/engine";
import { dataEnv } from "./support/process";
import { openTestDb } from "./support/test-db";

const CONTACT = { consumerName: "王小明", consumerPhone: "13912345678", consumerEmail: "xiaoming@example.cn" };

async function storedContact(dataDir: string, code: string) {
  const db = openTestDb(dataDir, { readonly: true });
  try {
    return (await db.get('SELECT "consumerName", "consumerPhone", "consumerEmail" FROM "Complaint" WHERE code = ?', [code])) as Record<string, string>;
  } finally {
    await db.close();
  }
}

/** Everything the database holds, as stored: the SQLite file and its WAL, or a dump of the PostgreSQL database. */
function storedBytes(dataDir: string): string {
  const database = dataEnv(dataDir).DATABASE_URL;
  if (database) return execFileSync("pg_dump", ["--data-only", "-d", database], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  const file = path.join(dataDir, "collection-watch.db");
  return fs.readFileSync(file).toString("utf8") + fs.readFileSync(`${file}-wal`).toString("utf8");
}

const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe("personal data at rest", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
    createUser(server.dataDir, "regulator@example.cn", "regulator");
  });
  afterAll(() => server.stop());

  it("keeps the consumer's name, phone and e-mail sealed in the database file, and readable to the reviewer", async () => {
    const { code } = await fileComplaint(server.url);
    const stored = await storedContact(server.dataDir, code);
    for (const value of Object.values(stored)) expect(value).toMatch(/^enc:v1:[0-9a-f]{8}:[A-Za-z0-9_-]+$/);
    for (const value of Object.values(CONTACT)) expect(storedBytes(server.dataDir)).not.toContain(value);

    const regulator = await signIn(server.url, "regulator@example.cn");
    const page = visibleText(await (await regulator.get(`/triage/${code}`)).text());
    // The phone as the library formats it for reading.
    for (const value of Object.values({ ...CONTACT, consumerPhone: "139 1234 5678" })) expect(page).toContain(value);
  });

  it("leaves the data directory, database and evidence to the service's user alone", async () => {
    await fileComplaint(server.url);
    expect(mode(server.dataDir)).toBe(0o700);
    // On PostgreSQL the database's files are the cluster's, not in DATA_DIR.
    if (!onPostgres()) {
      expect(mode(path.join(server.dataDir, "collection-watch.db"))).toBe(0o600);
      expect(mode(path.join(server.dataDir, "collection-watch.db-wal"))).toBe(0o600);
    }
    expect(mode(path.join(server.dataDir, "evidence"))).toBe(0o700);
    for (const file of fs.readdirSync(path.join(server.dataDir, "evidence"))) expect(mode(path.join(server.dataDir, "evidence", file)) & 0o077).toBe(0);
    expect(mode(path.join(server.dataDir, ".data-encryption-key"))).toBe(0o600);
  });

  it("rotates the key while the server runs: every row resealed, the old key forgotten, the pages still readable", async () => {
    const { code } = await fileComplaint(server.url);
    const before = (await storedContact(server.dataDir, code)).consumerName.split(":")[2];
    const oldKey = fs.readFileSync(path.join(server.dataDir, ".data-encryption-key"), "utf8").trim();
    const run = runCli("rotate-key", [], server.dataDir);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/\d+ complaint\(s\) resealed under key [0-9a-f]{8}/);
    expect(run.stderr).toContain("100%");
    const after = (await storedContact(server.dataDir, code)).consumerName.split(":")[2];
    expect(after).not.toBe(before);
    const keyLines = fs.readFileSync(path.join(server.dataDir, ".data-encryption-key"), "utf8").trim().split("\n");
    expect(keyLines).toHaveLength(1);
    expect(keyLines[0]).not.toBe(oldKey);

    const regulator = await signIn(server.url, "regulator@example.cn");
    expect(visibleText(await (await regulator.get(`/triage/${code}`)).text())).toContain("王小明");
    // And what is filed after the rotation is sealed under the new key.
    const { code: later } = await fileComplaint(server.url);
    expect((await storedContact(server.dataDir, later)).consumerName.split(":")[2]).toBe(after);
  });
});

describe("a key from the environment", () => {
  it("is used instead of a generated key file", async () => {
    const key = Buffer.alloc(32, 7).toString("base64");
    const server = await startServer({ DATA_ENCRYPTION_KEY: key });
    try {
      const { code } = await fileComplaint(server.url);
      expect(fs.existsSync(path.join(server.dataDir, ".data-encryption-key"))).toBe(false);
      expect((await storedContact(server.dataDir, code)).consumerPhone).toMatch(/^enc:v1:/);
    } finally {
      await server.stop();
    }
  });
});
