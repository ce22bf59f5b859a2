// seed:demo drops the filled tables' indexes on an empty database and makes them again: the
// database it leaves has every index the migrations made, even when a seed is killed half-way.
import Database from "better-sqlite3";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { inject } from "vitest";
import { runCli } from "./support/cli";
import { describeSqliteOnly } from "./support/engine";

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function emptyDataDir() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-seed-indexes-"));
  dirs.push(dataDir);
  fs.copyFileSync(inject("templateDb"), path.join(dataDir, "collection-watch.db"));
  return dataDir;
}

function read<T>(dataDir: string, sql: string): T[] {
  const db = new Database(path.join(dataDir, "collection-watch.db"), { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

const indexes = (dataDir: string) => read<{ name: string; sql: string }>(dataDir, "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name");

// On PostgreSQL the seed keeps the indexes: it runs beside servers whose queries need them (decision 026).
describeSqliteOnly("seed:demo drops SQLite's indexes on an empty database and makes them again")("seed:demo's indexes", () => {
  it("leaves every index of the migrations after seeding an empty database", () => {
    const dataDir = emptyDataDir();
    const before = indexes(dataDir);
    expect(before.map((i) => i.name)).toContain("Complaint_status_dueAt_id_idx");
    const result = runCli("seed-demo", ["--count", "300"], dataDir);
    expect(result.status, result.stderr).toBe(0);
    expect(indexes(dataDir)).toEqual(before);
    expect(fs.existsSync(path.join(dataDir, "seed-dropped-indexes.json"))).toBe(false);
  });

  it("makes them again on the next run after a seed was killed half-way", async () => {
    const dataDir = emptyDataDir();
    const before = indexes(dataDir);
    const child = spawn("npx", ["tsx", path.resolve("scripts/seed-demo.ts"), "--count", "100000"], {
      env: { ...process.env, DATA_DIR: dataDir, SESSION_SECRET: "t".repeat(40) },
      stdio: "ignore",
      detached: true,
    });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    // Killed (no chance to clean up) once it is writing complaints with the indexes gone.
    const seeding = () =>
      fs.existsSync(path.join(dataDir, "seed-dropped-indexes.json")) && read<{ n: number }>(dataDir, "SELECT COUNT(*) AS n FROM Complaint")[0].n > 0;
    for (let waited = 0; !seeding() && waited < 120_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
    process.kill(-child.pid!, "SIGKILL");
    await exited;
    expect(indexes(dataDir).map((i) => i.name)).not.toContain("Complaint_status_dueAt_id_idx");

    const result = runCli("seed-demo", ["--count", "10"], dataDir);
    expect(result.status, result.stderr).toBe(0);
    expect(indexes(dataDir)).toEqual(before);
    expect(fs.existsSync(path.join(dataDir, "seed-dropped-indexes.json"))).toBe(false);
  }, 180_000);
});
