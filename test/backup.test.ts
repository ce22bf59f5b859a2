import Database from "better-sqlite3";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { Client } from "./support/client";
import { filingForm, fixture, validFiling } from "./support/filing";
import { describeSqliteOnly } from "./support/engine";
import { freshDataDir, ServerProcess } from "./support/process";

type Run = { status: number | null; stdout: string; stderr: string };

/** Runs `npm run <script>` against a DATA_DIR without blocking this process, so the writers keep writing meanwhile. */
function run(script: "backup" | "restore" | "verify", args: string[], dataDir: string): Promise<Run> {
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve("scripts", `${script}.ts`), ...args], {
    env: { ...process.env, DATA_DIR: dataDir, SESSION_SECRET: "t".repeat(40) },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on("close", (status) => resolve({ status, stdout, stderr })));
}

const png = fs.readFileSync(fixture("screenshot.png"));
const screenshot = (name: string) =>
  new File([new Uint8Array(Buffer.concat([png, randomBytes(20_000 + Math.floor(Math.random() * 80_000))]))], name, { type: "image/png" });

const root = fs.mkdtempSync(path.join(os.tmpdir(), "cw-backup-"));
let dataDir: string;
// As in production, the audit key lives outside DATA_DIR (a backup does not carry it), so a
// restored copy is verified against the same key as the server that wrote it.
process.env.AUDIT_SIGNING_KEY = Buffer.alloc(32, 9).toString("base64");

let server: ServerProcess;
beforeAll(async () => {
  dataDir = freshDataDir();
  server = ServerProcess.start(dataDir);
  await server.url();
});
afterAll(async () => {
  await server.kill();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(root, { recursive: true, force: true });
});

/** A consumer filing complaints with evidence over HTTP, and adding evidence to each, until told to stop. */
async function writer(url: string, stop: () => boolean) {
  const done = { filings: 0, additions: 0 };
  const client = new Client(url);
  const csrf = await client.csrf("/complaints/new");
  while (!stop()) {
    const response = await client.post(
      "/complaints/new",
      filingForm(csrf, validFiling(), [
        { field: "evidence", file: screenshot("截图.png") },
        { field: "evidence", file: screenshot("短信.png") },
      ]),
    );
    const code = response.headers.get("location")?.match(/^\/complaints\/([^/]+)\/receipt$/)?.[1];
    if (!code) throw new Error(`filing refused: ${response.status}`);
    done.filings++;
    const more = new FormData();
    more.append("csrf", await client.csrf(`/track/${code}`));
    more.append("intent", "add_evidence");
    more.append("evidence", screenshot("补充.png"));
    if ((await client.post(`/track/${code}`, more)).status !== 302) throw new Error("adding evidence refused");
    done.additions++;
  }
  return done;
}

let restored: string;
let aBackup: string;

// On PostgreSQL the database is backed up with its own tools (README), not copied with DATA_DIR.
const describeOnSqlite = describeSqliteOnly("npm run backup, restore and verify copy and read DATA_DIR's SQLite file");

describeOnSqlite("backups taken while the server writes", () => {
  it("restore and verify, every one of 20", async () => {
    const url = await server.url();
    let stopping = false;
    const writers = [writer(url, () => stopping)];
    const t0 = performance.now();
    const backups: string[] = [];
    const taken: Run[] = [];
    try {
      for (let i = 0; i < 20; i++) {
        const dir = path.join(root, `backup-${i}`);
        taken.push(await run("backup", [dir], dataDir));
        backups.push(dir);
      }
    } finally {
      stopping = true;
    }
    const written = await Promise.all(writers);
    const t1 = performance.now();
    expect(taken.map((t) => t.status)).toEqual(taken.map(() => 0));

    const manifests = backups.map((dir) => JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8")) as { counts: { complaints: number } });
    const complaints = manifests.map((m) => m.counts.complaints);
    // Taken under load: the complaints in each copy grow as the writers keep filing.
    expect(complaints).toEqual([...complaints].sort((a, b) => a - b));
    expect(new Set(complaints).size).toBeGreaterThan(10);

    // Two at a time: each is a restore into a fresh DATA_DIR, then a verify of it.
    const results: { restore: Run; verify: Run }[] = [];
    for (let i = 0; i < backups.length; i += 2) {
      const pairs = backups.slice(i, i + 2).map(async (backup, j) => {
        const target = path.join(root, `restored-${i + j}`);
        const restore = await run("restore", [backup], target);
        return { restore, verify: await run("verify", [], target) };
      });
      results.push(...(await Promise.all(pairs)));
    }
    console.log(`backups ${(t1 - t0).toFixed(0)} ms, restores ${(performance.now() - t1).toFixed(0)} ms`);
    const verified = results.filter((r) => r.restore.status === 0 && r.verify.status === 0).length;
    const filings = written.reduce((sum, w) => sum + w.filings, 0);
    const additions = written.reduce((sum, w) => sum + w.additions, 0);
    console.log(
      `20 backups while a writer filed ${filings} complaints and added evidence ${additions} times over HTTP ` +
        `(copies held ${complaints[0]}–${complaints.at(-1)} complaints): ${verified} of 20 restored and verified`,
    );
    expect(results.map((r) => [r.restore.status, r.verify.status, r.verify.stderr.match(/^.*(problem|broken|missing|hash to).*$/m)])).toEqual(
      results.map(() => [0, 0, null]),
    );
    expect(results[19].verify.stdout).toMatch(/verified: database ok \(\d+ complaints, \d+ evidence rows\), \d+ evidence files .* audit chain intact/);
    restored = path.join(root, "restored-19");
    aBackup = backups[19];
  }, 240_000);

  it("refuses to restore over a running server, or over data without --force, which moves the data aside", async () => {
    const running = await run("restore", [aBackup, "--force"], dataDir);
    expect(running.status).toBe(1);
    expect(running.stderr).toContain("a server is running on");

    const held = await run("restore", [aBackup], restored);
    expect(held.status).toBe(1);
    expect(held.stderr).toContain("already holds collection-watch.db and evidence: nothing restored. Use --force");

    const forced = await run("restore", [aBackup, "--force"], restored);
    expect(forced.status).toBe(0);
    const aside = forced.stdout.match(/was moved to (\S+)/)![1];
    // The database with its WAL files, if any, and the evidence.
    expect(fs.readdirSync(aside)).toEqual(expect.arrayContaining(["collection-watch.db", "evidence"]));
    fs.rmSync(aside, { recursive: true });
    expect((await run("verify", [], restored)).status).toBe(0);
  });
});

describeOnSqlite("npm run verify", () => {
  /** A copy of a verified DATA_DIR, damaged by `harm`, and what verify says of it. */
  async function verifyAfter(harm: (dir: string, evidence: string[]) => void) {
    const dir = fs.mkdtempSync(path.join(root, "damaged-"));
    fs.cpSync(restored, dir, { recursive: true });
    const evidence = fs.readdirSync(path.join(dir, "evidence")).sort();
    harm(dir, evidence);
    return { ...(await run("verify", [], dir)), evidence };
  }

  it("names an evidence file whose bytes changed", async () => {
    const result = await verifyAfter((dir, [first]) => {
      const file = path.join(dir, "evidence", first);
      const bytes = fs.readFileSync(file);
      bytes[bytes.length - 1] ^= 0xff;
      fs.writeFileSync(file, bytes);
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`evidence/${result.evidence[0]}: its bytes hash to [0-9a-f]{64}, not to its name`));
    expect(result.stderr).toContain("1 problem(s) found");
  });

  it("names an evidence row whose file is missing", async () => {
    const result = await verifyAfter((dir, [, second]) => fs.rmSync(path.join(dir, "evidence", second)));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`evidence/${result.evidence[1]}: named by an evidence row but missing`);
  });

  it("says the database is broken", async () => {
    const result = await verifyAfter((dir) => {
      const file = path.join(dir, "collection-watch.db");
      const handle = fs.openSync(file, "r+");
      const size = fs.fstatSync(handle).size;
      // Pages past the schema, overwritten with noise: what a copy torn by a write looks like.
      fs.writeSync(handle, randomBytes(size - 16384), 0, size - 16384, 8192);
      fs.closeSync(handle);
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^database: (integrity_check failed|cannot be read)/m);
  });

  it("names the audit event that was edited", async () => {
    const result = await verifyAfter((dir) => {
      const db = new Database(path.join(dir, "collection-watch.db"));
      db.prepare("UPDATE Event SET note = 'rewritten' WHERE id = 3").run();
      db.close();
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("audit chain broken at event 3 (its content was changed)");
  });

  it("passes what the server holds while it runs", async () => {
    const result = await run("verify", [], dataDir);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("verified");
  });
});
