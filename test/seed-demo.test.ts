import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { dashboardFromScratch } from "~/server/stats-reference.server";
import { runCli } from "./support/cli";
import { onPostgres } from "./support/engine";
import { freshDataDir, removeDataDir } from "./support/process";
import { openTestDb, openTestRead } from "./support/test-db";

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDataDir));

function seeded(seed: string, dataDir = freshDataDir()) {
  dirs.push(dataDir);
  const result = runCli("seed-demo", ["--count", "300", "--seed", seed], dataDir);
  expect(result.status, result.stderr).toBe(0);
  expect(result.stdout).toMatch(/seeded 300 demo complaints/);
  expect(result.stderr).toMatch(/seeding 300\/300/);
  return dataDir;
}

/** A SQLite data directory beside the PostgreSQL ones, migrated as `npm run setup` migrates one. */
function sqliteDataDir() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-seed-sqlite-"));
  // No DATABASE_URL: SQLite under DATA_DIR (an undefined variable is not passed on).
  execFileSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: undefined }, stdio: "ignore" });
  return dataDir;
}

/** What a seed decides, without what depends on the clock or on fresh randomness (dates, IVs, hashes). */
async function content(dataDir: string) {
  const db = openTestDb(dataDir, { readonly: true });
  try {
    return {
      complaints: await db.all(
        `SELECT id, code, status, "institutionId", "institutionName", agency, product, region, narrative, "publicNarrative", consent, "routedTo", outcome, finding,
           "consumerPhone" IS NOT NULL AS "sealedPhone", "callLogFindings" IS NOT NULL AS "callLog" FROM "Complaint" ORDER BY id`,
      ),
      categories: await db.all('SELECT "complaintId", category, substantiated, alleged FROM "ComplaintCategory" ORDER BY "complaintId", category'),
      phones: await db.all('SELECT "complaintId", number, typed FROM "CollectorPhone" ORDER BY "complaintId", number'),
      events: await db.all('SELECT "complaintId", type, "actorRole", "fromStatus", "toStatus", note FROM "Event" ORDER BY id'),
      evidence: await db.all('SELECT "complaintId", kind FROM "Evidence" ORDER BY "complaintId"'),
    };
  } finally {
    await db.close();
  }
}

/** Each year's codes, which must run 1, 2, 3… without a gap, up to the year's sequence. */
async function codesByYear(dataDir: string) {
  const db = openTestDb(dataDir, { readonly: true });
  try {
    const codes = await db.all<{ code: string }>('SELECT code FROM "Complaint" ORDER BY code');
    const sequences = await db.all<{ year: number; last: number }>('SELECT year, last FROM "ComplaintSequence" ORDER BY year');
    const numbers = new Map<number, number[]>();
    for (const { code } of codes) {
      const [, year, number] = code.split("-");
      numbers.set(Number(year), [...(numbers.get(Number(year)) ?? []), Number(number)]);
    }
    return { numbers: [...numbers], sequences };
  } finally {
    await db.close();
  }
}

function expectGapless({ numbers, sequences }: Awaited<ReturnType<typeof codesByYear>>) {
  expect(numbers.length).toBeGreaterThan(0);
  for (const [year, taken] of numbers) expect(taken, `codes of ${year}`).toEqual(taken.map((_, i) => i + 1));
  expect(sequences).toEqual(numbers.map(([year, taken]) => ({ year, last: taken.length })));
}

// Each test seeds as a user does (npx tsx, migrations, worker threads): minutes on a busy machine.
const SLOW = 300_000;

describe("npm run seed:demo", () => {
  let first = "";

  it(
    "gives the same complaints for the same --seed, other ones for another",
    async () => {
      first = seeded("5");
      const seen = await content(first);
      expect(seen.complaints).toHaveLength(300);
      expect(await content(seeded("5"))).toEqual(seen);
      expect((await content(seeded("6"))).complaints).not.toEqual(seen.complaints);
    },
    SLOW,
  );

  it(
    "seals the contact details, publishes only consented narratives, redacted, numbers codes without a gap, and leaves a data directory that verifies",
    async () => {
      if (!first) first = seeded("5");

      // Contact details are sealed, never stored as typed; a consented narrative is published redacted.
      const db = openTestDb(first, { readonly: true });
      const phones = await db.all<{ consumerPhone: string; narrative: string; publicNarrative: string | null; consent: number }>(
        'SELECT "consumerPhone", narrative, "publicNarrative", consent FROM "Complaint"',
      );
      await db.close();
      expect(phones.every((row) => row.consumerPhone.startsWith("enc:v1:"))).toBe(true);
      expect(phones.filter((row) => row.consent).every((row) => row.publicNarrative && !/1[3-9]\d{9}/.test(row.publicNarrative))).toBe(true);
      expect(phones.filter((row) => !row.consent).every((row) => row.publicNarrative === null)).toBe(true);
      // One in five with a call log, its file on disk (verify below checks every file against its row).
      expect((await content(first)).evidence.length).toBeGreaterThan(30);
      // Two years of complaints: codes of two or three years, each year's from 1 up.
      expectGapless(await codesByYear(first));

      const audit = runCli("audit-verify", [], first);
      expect(audit.status, audit.stderr).toBe(0);
      expect(audit.stdout).toContain("complaints matching their latest event: 300");
      expect(runCli("verify", [], first).status).toBe(0);
    },
    SLOW,
  );

  it.skipIf(!onPostgres())(
    "writes on PostgreSQL what it writes on SQLite for the same --seed: the same rows and the same dashboard",
    async () => {
      if (!first) first = seeded("5");
      const sqlite = seeded("5", sqliteDataDir());
      expect(await content(first)).toEqual(await content(sqlite));
      expectGapless(await codesByYear(sqlite));

      const now = new Date();
      const onSqlite = openTestRead(sqlite);
      const onPostgresRead = openTestRead(first);
      try {
        for (const locale of ["zh-CN", "en"]) {
          const expected = await dashboardFromScratch(onSqlite, {}, locale, now);
          expect(expected.total).toBe(300);
          expect(await dashboardFromScratch(onPostgresRead, {}, locale, now)).toEqual(expected);
        }
      } finally {
        await onSqlite.close();
        await onPostgresRead.close();
      }
    },
    SLOW,
  );
});
