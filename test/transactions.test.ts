import type { PrismaClient } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeSqliteOnly, itSqliteOnly } from "./support/engine";
import { dataEnv, freshDataDir, removeDataDir } from "./support/process";
import { startServer, type TestServer } from "./support/server";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const institution = (id: string) => ({ id, nameZh: `测试机构${id}`, nameEn: `Test ${id}`, kind: "bank" });

describe("transactions on the app's database connection", () => {
  let db: PrismaClient;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = freshDataDir();
    Object.assign(process.env, dataEnv(dataDir));
    ({ db } = await import("~/server/db.server"));
  });

  afterAll(async () => {
    await db.$disconnect();
    removeDataDir(dataDir);
  });

  it("never undoes an unrelated write, and never lets a reader see what a transaction has not committed", async () => {
    const failing = db.$transaction(async (tx) => {
      await tx.institution.create({ data: institution("uncommitted") });
      await sleep(300);
      throw new Error("refused halfway, like a stale version");
    });
    await sleep(50);
    // Both start while the transaction is open and waiting (a Prisma query starts when then() is called).
    const write = db.institution.create({ data: institution("unrelated") }).then((row) => row);
    const read = db.institution.findUnique({ where: { id: "uncommitted" } }).then((row) => row);

    await expect(failing).rejects.toThrow("refused halfway");
    expect((await write).id).toBe("unrelated");
    expect(await read).toBeNull();
    expect(await db.institution.findUnique({ where: { id: "unrelated" } })).not.toBeNull();
    expect(await db.institution.findUnique({ where: { id: "uncommitted" } })).toBeNull();
  });

  // On PostgreSQL transactions run side by side (READ COMMITTED): what must not interleave takes a lock of its own (decision 023).
  itSqliteOnly("one transaction at a time")("runs many transactions and queries at once to the end, each transaction whole", async () => {
    await db.complaintSequence.create({ data: { year: 1999, last: 0 } });
    const work = Array.from({ length: 40 }, (_, i) =>
      i % 2
        ? db.$transaction(async (tx) => {
            const { last } = await tx.complaintSequence.findUniqueOrThrow({ where: { year: 1999 } });
            await sleep(2);
            await tx.complaintSequence.update({ where: { year: 1999 }, data: { last: last + 1 } });
          })
        : db.complaintSequence.findUniqueOrThrow({ where: { year: 1999 } }).then((row) => row),
    );
    await Promise.all(work);
    // A read-then-write that interleaved with another would lose an increment.
    expect((await db.complaintSequence.findUniqueOrThrow({ where: { year: 1999 } })).last).toBe(20);
  });
});

describeSqliteOnly("PRAGMAs and WAL are SQLite's")("the running server's database connection", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.stop());

  it("is in WAL mode, syncs every commit, waits for locks and checks foreign keys", async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    const health = (await response.json()) as { database: Record<string, unknown> };
    expect(health.database).toEqual({ journal_mode: "wal", synchronous: 2, busy_timeout: 5000, foreign_keys: 1 });
  });
});
