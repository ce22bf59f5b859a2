import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { dataEnv, freshDataDir, removeDataDir } from "./support/process";
import { openTestDb, type TestDb } from "./support/test-db";

type Server = typeof import("~/server/institutions.server");

describe("the institution directory a server keeps in memory", () => {
  let dataDir: string;
  let other: TestDb;
  let server: Server;
  let directoryReads: () => number;

  beforeAll(async () => {
    dataDir = freshDataDir();
    Object.assign(process.env, dataEnv(dataDir));
    server = await import("~/server/institutions.server");
    const { sharedReader } = await import("~/server/reads.server");
    // Calls through: counts the statements that read the directory's rows, on the connection every page reads on.
    const all = vi.spyOn(sharedReader(), "all");
    directoryReads = () => all.mock.calls.filter(([sql]) => /FROM "Institution(Alias)?"/.test(sql)).length;
    await server.loadInstitutionDirectory();
    other = openTestDb(dataDir);
  });

  afterAll(async () => {
    await other.close();
    const { db } = await import("~/server/db.server");
    const { sharedReader } = await import("~/server/reads.server");
    await Promise.all([db.$disconnect(), sharedReader().close()]);
    removeDataDir(dataDir);
  });

  const nameOf = async (id: string) => (await server.creditorDirectory()).find((e) => e.id === id);

  it("is read once, and not again when complaints and sessions are written", async () => {
    const first = await server.creditorDirectory();
    expect(first.find((e) => e.id === "cmb")?.aliases).toContain("招行");
    const reads = directoryReads();
    expect(reads).toBeGreaterThan(0);

    // What every filing and page commits, by this process and by another.
    const { db } = await import("~/server/db.server");
    await db.complaintSequence.create({ data: { year: 1999, last: 1 } });
    await other.run(`UPDATE "ComplaintSequence" SET "last" = 2 WHERE "year" = 1999`);

    expect(await server.creditorDirectory()).toBe(first);
    expect(await server.listInstitutions()).toHaveLength(first.length);
    expect(directoryReads()).toBe(reads);
  });

  it("is read again after another process changes an institution or an alias", async () => {
    await other.run(`UPDATE "Institution" SET "nameEn" = 'CMB (renamed elsewhere)' WHERE "id" = 'cmb'`);
    expect((await nameOf("cmb"))?.nameEn).toBe("CMB (renamed elsewhere)");

    await other.run(`INSERT INTO "InstitutionAlias" ("alias", "institutionId", "position") VALUES ('招招', 'cmb', 99)`);
    expect((await nameOf("cmb"))?.aliases.at(-1)).toBe("招招");
    const body = JSON.parse((await server.creditorDirectoryJson()).body) as { id: string; aliases: string[] }[];
    expect(body.find((e) => e.id === "cmb")?.aliases).toContain("招招");

    await other.run(`DELETE FROM "InstitutionAlias" WHERE "alias" = '招招'`);
    expect((await nameOf("cmb"))?.aliases).not.toContain("招招");
  });

  it("holds institutions.json's names again once a start loads the file", async () => {
    await server.loadInstitutionDirectory();
    const fromFile = (await server.creditorDirectoryJson()).etag;
    await other.run(`UPDATE "Institution" SET "nameEn" = 'Changed by hand' WHERE "id" = 'cmb'`);
    expect((await server.creditorDirectoryJson()).etag).not.toBe(fromFile);

    await server.loadInstitutionDirectory();
    expect((await nameOf("cmb"))?.nameEn).toBe("China Merchants Bank");
    // The same directory as the file's before the hand edit: the form's copy in a browser is still good.
    expect((await server.creditorDirectoryJson()).etag).toBe(fromFile);
  });
});
