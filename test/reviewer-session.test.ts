import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "./support/cli";
import { signIn } from "./support/reviewer";
import { startServer, type TestServer } from "./support/server";
import { openTestDb } from "./support/test-db";
import { waitFor } from "./support/wait";

describe("a reviewer's session", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
    createUser(server.dataDir, "regulator@example.cn", "regulator");
  });
  afterAll(() => server?.stop());

  it("is marked as used when the reviewer opens a page after some minutes away, so the idle period starts again", async () => {
    const regulator = await signIn(server.url, "regulator@example.cn");
    const db = openTestDb(server.dataDir);
    const away = Date.now() - 5 * 60_000;
    const lastSeen = async () => new Date((await db.all<{ lastSeenAt: string | Date }>('SELECT "lastSeenAt" FROM "UserSession"'))[0].lastSeenAt).getTime();
    try {
      await db.run('UPDATE "UserSession" SET "lastSeenAt" = ?', [new Date(away).toISOString()]);
      expect(await lastSeen()).toBe(away);
      const page = await regulator.get("/triage");
      expect(page.status).toBe(200);
      // The write follows the page rather than holding it up: it lands a moment after the answer.
      await waitFor(async () => (await lastSeen()) !== away, "the session to be marked as used", 5_000);
      expect(Date.now() - (await lastSeen())).toBeLessThan(60_000);
      expect((await regulator.get("/triage")).status).toBe(200);
    } finally {
      await db.close();
    }
  });
});
