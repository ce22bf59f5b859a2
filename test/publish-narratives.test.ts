import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, expect, it } from "vitest";
import { runCli } from "./support/cli";
import { dataEnv, freshDataDir, removeDataDir } from "./support/process";
import { openTestDb } from "./support/test-db";

// An upgraded deployment: complaints written before Complaint.publicNarrative existed have it
// null, consented or not, until `npm run setup` (run by `npm start`) publishes them.
let dataDir: string;
type Row = { code: string; consent: number; publicNarrative: string | null };
const rows = async (): Promise<Row[]> => {
  const db = openTestDb(dataDir, { readonly: true });
  try {
    return await db.all<Row>('SELECT code, consent, "publicNarrative" FROM "Complaint" ORDER BY id');
  } finally {
    await db.close();
  }
};
const write = async (sql: string) => {
  const db = openTestDb(dataDir);
  await db.run(sql);
  await db.close();
};
const setup = () => spawnSync("npm", ["run", "setup"], { env: { ...process.env, ...dataEnv(dataDir) }, encoding: "utf8" });

let seeded: Row[];
beforeAll(async () => {
  dataDir = freshDataDir();
  expect(runCli("seed-demo", ["--count", "60", "--seed", "3"], dataDir).status).toBe(0);
  seeded = await rows();
});
afterAll(() => removeDataDir(dataDir));

it("publishes at setup the redacted narrative of every consented complaint that lacks it, and of no other", async () => {
  expect(seeded.some((r) => r.consent && r.publicNarrative)).toBe(true);
  expect(seeded.some((r) => !r.consent)).toBe(true);
  await write('UPDATE "Complaint" SET "publicNarrative" = NULL');

  const result = setup();
  expect(result.status, result.stderr).toBe(0);
  expect(result.stdout).toContain(`${seeded.filter((r) => r.consent).length} narrative(s) published`);
  // Exactly what filing would have written; without consent, still nothing.
  expect(await rows()).toEqual(seeded);
});

it("recomputes every complaint with --all, and leaves nothing published without consent", async () => {
  await write(`UPDATE "Complaint" SET "publicNarrative" = 'stale' WHERE consent = TRUE`);
  await write(`UPDATE "Complaint" SET "publicNarrative" = 'never published' WHERE id = (SELECT MIN(id) FROM "Complaint" WHERE consent = FALSE)`);
  expect(setup().status).toBe(0);
  expect((await rows()).filter((r) => r.publicNarrative === "stale")).toHaveLength(seeded.filter((r) => r.consent).length);

  const all = runCli("publish-narratives", ["--all"], dataDir);
  expect(all.status, all.stderr).toBe(0);
  expect(await rows()).toEqual(seeded);
});
