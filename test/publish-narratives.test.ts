import Database from "better-sqlite3";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { runCli } from "./support/cli";

// An upgraded deployment: complaints written before Complaint.publicNarrative existed have it
// null, consented or not, until `npm run setup` (run by `npm start`) publishes them.
let dataDir: string;
let file: string;
type Row = { code: string; consent: number; publicNarrative: string | null };
const rows = (): Row[] => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare("SELECT code, consent, publicNarrative FROM Complaint ORDER BY id").all() as Row[];
  } finally {
    db.close();
  }
};
const write = (sql: string) => {
  const db = new Database(file);
  db.prepare(sql).run();
  db.close();
};
const setup = () => spawnSync("npm", ["run", "setup"], { env: { ...process.env, DATA_DIR: dataDir }, encoding: "utf8" });

let seeded: Row[];
beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-test-"));
  file = path.join(dataDir, "collection-watch.db");
  fs.copyFileSync(inject("templateDb"), file);
  expect(runCli("seed-demo", ["--count", "60", "--seed", "3"], dataDir).status).toBe(0);
  seeded = rows();
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

it("publishes at setup the redacted narrative of every consented complaint that lacks it, and of no other", () => {
  expect(seeded.some((r) => r.consent && r.publicNarrative)).toBe(true);
  expect(seeded.some((r) => !r.consent)).toBe(true);
  write("UPDATE Complaint SET publicNarrative = NULL");

  const result = setup();
  expect(result.status, result.stderr).toBe(0);
  expect(result.stdout).toContain(`${seeded.filter((r) => r.consent).length} narrative(s) published`);
  // Exactly what filing would have written; without consent, still nothing.
  expect(rows()).toEqual(seeded);
});

it("recomputes every complaint with --all, and leaves nothing published without consent", () => {
  write("UPDATE Complaint SET publicNarrative = 'stale' WHERE consent = 1");
  write("UPDATE Complaint SET publicNarrative = 'never published' WHERE id = (SELECT MIN(id) FROM Complaint WHERE consent = 0)");
  expect(setup().status).toBe(0);
  expect(rows().filter((r) => r.publicNarrative === "stale")).toHaveLength(seeded.filter((r) => r.consent).length);

  const all = runCli("publish-narratives", ["--all"], dataDir);
  expect(all.status, all.stderr).toBe(0);
  expect(rows()).toEqual(seeded);
});
