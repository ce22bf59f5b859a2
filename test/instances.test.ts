import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "./support/client";
import { filingForm, fixture, fixtureFile, listFiles, validFiling } from "./support/filing";
import { mailbox, recipientsOf } from "./support/mailbox";
import { onPostgres } from "./support/engine";
import { dataEnv, freshDataDir, removeDataDir, ServerProcess } from "./support/process";
import { slowFiling } from "./support/slow-filing";
import { act, signIn } from "./support/reviewer";
import { waitFor } from "./support/wait";

/**
 * Two app servers on one PostgreSQL database, as behind a load balancer: each with a DATA_DIR of its
 * own, the same secrets and the same EVIDENCE_DIR (docs/decisions/023).
 */
const PASSWORD = "correct horse battery staple";

const tmp = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `cw-instances-${name}-`));

let sql: pg.Client;
let shared: Record<string, string>;
let box: ReturnType<typeof mailbox>;
const dataDirs = { a: "", b: "" };
let evidenceDir: string;
const servers: { a?: ServerProcess; b?: ServerProcess } = {};
const urls = { a: "", b: "" };
// Every process either server ran as, for the logs of the whole test.
const everyProcess: ServerProcess[] = [];

async function rows<T>(text: string, values: unknown[] = []): Promise<T[]> {
  return (await sql.query(text, values)).rows as T[];
}

/** Runs one of the project's npm commands against the shared database. */
function cli(script: string, args: string[], input?: string) {
  return spawnSync("npx", ["tsx", path.resolve("scripts", `${script}.ts`), ...args], {
    env: { ...process.env, ...shared, DATA_DIR: dataDirs.a },
    input,
    encoding: "utf8",
  });
}

async function start(which: "a" | "b") {
  const server = ServerProcess.start(dataDirs[which], "server.js", shared);
  servers[which] = server;
  everyProcess.push(server);
  urls[which] = await server.url();
}

// Two instances on two cores take their time: a minute for each thing waited for.
const WAIT_MS = 60_000;

const allLogs = () => everyProcess.map((p) => p.logs()).join("\n");

/** Files a complaint on A (even i) or B (odd i), with a screenshot every fifth time; returns its code. */
async function fileOn(i: number): Promise<string> {
  const consumer = new Client(i % 2 ? urls.b : urls.a, { "x-forwarded-for": `192.0.2.${10 + (i % 200)}` });
  const csrf = await consumer.csrf("/complaints/new");
  const files = i % 5 === 0 ? [{ field: "evidence", file: fixtureFile("screenshot.png") }] : [];
  const response = await consumer.post("/complaints/new", filingForm(csrf, validFiling(), files));
  expect(response.status).toBe(302);
  return response.headers.get("location")!.split("/")[2];
}

const skipped = onPostgres() ? "" : " (skipped: two instances need PostgreSQL; set PG_TEST_URL and they run in the integration-postgres project)";

if (!onPostgres()) console.log(`test/instances.test.ts${skipped}`);

describe.skipIf(!onPostgres())(`two instances on one PostgreSQL${skipped}`, () => {
  beforeAll(async () => {
    box = mailbox();
    evidenceDir = tmp("evidence");
    // A's DATA_DIR comes with a database copied from the migrated template; B shares that database.
    dataDirs.a = freshDataDir();
    dataDirs.b = tmp("b");
    shared = {
      DATABASE_URL: dataEnv(dataDirs.a).DATABASE_URL,
      EVIDENCE_DIR: evidenceDir,
      SESSION_SECRET: randomBytes(32).toString("hex"),
      AUDIT_SIGNING_KEY: randomBytes(32).toString("base64"),
      DATA_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
      // The test speaks for many consumers: each request says which address it comes from.
      TRUST_PROXY: "loopback",
      SMTP_URL: `smtp://127.0.0.1:${await box.listening}?ignoreTLS=true`,
      MAIL_FROM: "Collection Watch <notify@example.cn>",
      OUTBOX_CHECK_SECONDS: "0.2",
      OUTBOX_RETRY_SECONDS: "0.2",
      // A bank's deadline of one day of two seconds, checked by each instance every 0.6 s.
      DEADLINE_DAY_SECONDS: "2",
      BANK_RESPONSE_DAYS: "1",
      DEADLINE_CHECK_MINUTES: "0.01",
    };
    sql = new pg.Client({ connectionString: shared.DATABASE_URL });
    await sql.connect();
    // Both start at once, as after a deployment: each loads the institution directory at start.
    await Promise.all([start("a"), start("b")]);
    for (const [email, role, institution] of [
      ["regulator@example.cn", "regulator"],
      ["cmb@example.cn", "bank", "招商银行"],
    ]) {
      const made = cli(
        "user",
        ["create", "--email", email, "--role", role, "--password-stdin", ...(institution ? ["--institution", institution] : [])],
        `${PASSWORD}\n`,
      );
      if (made.status !== 0) throw new Error(`user create failed: ${made.stderr}`);
    }
  });

  afterAll(async () => {
    await Promise.all(everyProcess.map((p) => p.kill()));
    await sql?.end();
    await box?.close();
    if (dataDirs.a) removeDataDir(dataDirs.a);
    for (const dir of [evidenceDir, dataDirs.b]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("takes a CSRF token made on one with a form sent to the other, and keeps a session made on one on the other", async () => {
    const consumer = new Client(urls.a, { "x-forwarded-for": "192.0.2.1" });
    const csrf = await consumer.csrf("/complaints/new");
    const filed = await consumer
      .at(urls.b)
      .post("/complaints/new", filingForm(csrf, validFiling(), [{ field: "evidence", file: fixtureFile("screenshot.png") }]));
    expect(filed.status).toBe(302);
    const receipt = filed.headers.get("location")!;
    const code = receipt.split("/")[2];
    // The consumer's session was made by B; A opens the receipt and the complaint with it.
    expect((await consumer.get(receipt)).status).toBe(200);
    const tracked = await consumer.get(`/track/${code}`);
    expect(tracked.status).toBe(200);
    const evidencePath = (await tracked.text()).match(new RegExp(`/track/${code}/evidence/\\d+`))![0];
    // The evidence B stored is served by A, from the shared EVIDENCE_DIR, byte for byte.
    const served = await consumer.get(evidencePath);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer())).toEqual(fs.readFileSync(fixture("screenshot.png")));

    // A reviewer signed in on A is signed in on B.
    const reviewer = await signIn(urls.a, "regulator@example.cn");
    const queue = await reviewer.at(urls.b).get("/triage");
    expect(queue.status).toBe(200);
    expect(await queue.text()).toContain(code);
    // A stranger with no cookie is sent to sign in: B does not let everyone in.
    expect((await new Client(urls.b).get("/triage")).status).toBe(302);
  });

  it("does not start an instance without SESSION_SECRET, which would sign cookies the others refuse", async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, ...shared, NODE_ENV: "production", PORT: "0", DATA_DIR: tmp("no-secret") };
    delete env.SESSION_SECRET;
    // It stops at once; one that started after all is stopped after a minute, and fails below.
    const run = spawnSync(process.execPath, ["server.js"], { env, encoding: "utf8", timeout: 60_000 });
    fs.rmSync(env.DATA_DIR!, { recursive: true, force: true });
    const [code, output] = [run.status, run.stdout + run.stderr];
    expect(code).not.toBe(0);
    expect(output).toContain("SESSION_SECRET is not set: on PostgreSQL every instance must sign cookies with the same secret");
    expect(output).not.toContain("listening on");
  });

  it("counts wrong passwords sent to both against one limit", async () => {
    const attacker = new Client(urls.a, { "x-forwarded-for": "198.51.100.10" });
    const csrf = await attacker.csrf("/login");
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        attacker.at(i % 2 ? urls.b : urls.a).post("/login", new URLSearchParams({ csrf, email: "regulator@example.cn", password: `wrong guess ${i}` })),
      ),
    );
    const statuses = answers.map((a) => a.status);
    // LOGIN_ATTEMPTS (5) checked across the two instances together; the rest wait.
    expect(statuses.filter((s) => s === 400)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(25);
  });

  it("gives 50 filings spread over both unique, gapless codes, and keeps one audit chain under actions on both", async () => {
    // Ten at a time, each half on either instance.
    const codes: string[] = [];
    for (let round = 0; round < 5; round++) codes.push(...(await Promise.all(Array.from({ length: 10 }, (_, i) => fileOn(round * 10 + i)))));
    expect(new Set(codes).size).toBe(50);

    const all = await rows<{ code: string }>(`SELECT "code" FROM "Complaint" ORDER BY "code"`);
    const year = all[0].code.split("-")[1];
    expect(all.map((c) => c.code)).toEqual(all.map((_, i) => `CW-${year}-${String(i + 1).padStart(6, "0")}`));

    // Reviewers on both instances write notes on 30 complaints at once: 30 appends racing for the chain's head.
    const regulator = await signIn(urls.a, "regulator@example.cn");
    const noted = await Promise.all(
      codes.slice(0, 30).map((code, i) => act(i % 2 ? regulator.at(urls.b) : regulator, code, { intent: "note", message: `第 ${i} 条备注` })),
    );
    expect(noted.map((r) => r.status)).toEqual(Array(30).fill(302));

    // One chain: every event follows the one before it, and no two follow the same one.
    const events = await rows<{ hash: string; prevHash: string }>(`SELECT "hash", "prevHash" FROM "Event" ORDER BY "id"`);
    expect(events.length).toBeGreaterThanOrEqual(81);
    expect(new Set(events.map((e) => e.prevHash)).size).toBe(events.length);
    events.slice(1).forEach((event, i) => expect(event.prevHash).toBe(events[i].hash));
    const verified = cli("audit-verify", []);
    expect(verified.stderr).toBe("");
    expect(verified.status).toBe(0);
    expect(verified.stdout).toContain(`audit chain intact: ${events.length} events`);
  });

  it("runs the deadline check once for both, and sends each message once", async () => {
    const reviewer = await signIn(urls.a, "regulator@example.cn");
    const routed = await Promise.all(Array.from({ length: 6 }, (_, i) => fileOn(i)));
    for (const [i, code] of routed.entries()) {
      const response = await act(i % 2 ? reviewer.at(urls.b) : reviewer, code, { intent: "route", route: "bank", reason: "先由银行处理" });
      expect(response.status).toBe(302);
    }
    // The bank's day of two seconds passes; one instance or the other escalates each complaint.
    await waitFor(
      async () => (await rows(`SELECT 1 FROM "Complaint" WHERE "code" = ANY($1) AND "status" = 'escalated'`, [routed])).length === routed.length,
      "the routed complaints to be escalated",
      WAIT_MS,
    );
    const missed = await rows<{ code: string; n: string }>(
      `SELECT c."code", COUNT(*) AS n FROM "Event" e JOIN "Complaint" c ON c."id" = e."complaintId" WHERE e."type" = 'miss_deadline' GROUP BY c."code"`,
    );
    expect(missed.map((m) => [m.code, Number(m.n)]).sort()).toEqual(routed.map((code) => [code, 1]).sort());
    for (const code of routed) expect(allLogs().split(`deadline: ${code} routed_to_bank → escalated`)).toHaveLength(2);

    // Each escalated complaint's new deadline is near: one reminder to the regulator, not one per instance.
    await waitFor(async () => (await rows(`SELECT 1 FROM "OutboxMessage" WHERE "kind" = 'deadline_soon'`)).length >= routed.length, "the reminders", WAIT_MS);
    await waitFor(async () => (await rows(`SELECT 1 FROM "OutboxMessage" WHERE "sentAt" IS NULL`)).length === 0, "the outbox to be empty", WAIT_MS);
    const sent = await rows<{ n: string }>(`SELECT COUNT(*) AS n FROM "OutboxMessage" WHERE "sentAt" IS NOT NULL`);
    await waitFor(() => box.received.length >= Number(sent[0].n), "the mails to arrive", WAIT_MS);
    // Every message the outbox sent arrived once: as many mails as messages, and no mail twice.
    expect(box.received).toHaveLength(Number(sent[0].n));
    const mails = box.received.map((m) => `${recipientsOf(m).join(",")}|${m.subject}|${m.text}`);
    expect(new Set(mails).size).toBe(mails.length);
    expect(allLogs()).not.toMatch(/deadline check failed|outbox: /);
  });

  it("runs the deadline check in each tick on one instance alone", async () => {
    // Each instance's timer fires once in every tick of 0.6 s, each at its own moment of the tick: the
    // first to fire claims the tick and runs the check; the other finds it claimed and skips it.
    const ticksRun = () => [...allLogs().matchAll(/deadline check of the tick at (\S+): /g)].map((m) => m[1]);
    const before = ticksRun().length;
    await waitFor(() => ticksRun().length >= before + 15, "fifteen more ticks", WAIT_MS);
    const ticks = ticksRun();
    const twice = ticks.filter((tick, i) => ticks.indexOf(tick) !== i);
    expect(twice).toEqual([]);
    // The claim names the newest tick run (or one run since), and the process that ran it.
    const [claim] = await rows<{ tickMs: string; claimedBy: string }>(
      `SELECT (EXTRACT(EPOCH FROM "tickAt") * 1000)::bigint::text AS "tickMs", "claimedBy" FROM "JobTick" WHERE "job" = 'deadlines'`,
    );
    expect(Number(claim.tickMs)).toBeGreaterThanOrEqual(Date.parse(ticks.at(-1)!));
    const pids = [servers.a!, servers.b!].map((server) => String(server.child.pid));
    expect(pids).toContain(claim.claimedBy.split(":").at(-1));
  });

  it("connects to PostgreSQL without JIT compilation, on every instance", async () => {
    for (const url of [urls.a, urls.b]) {
      const health = (await (await fetch(`${url}/healthz`)).json()) as { database: Record<string, unknown> };
      expect(health.database).toMatchObject({ engine: "postgres", jit: "off" });
    }
  });

  it("leaves an upload in progress on one untouched when the other restarts", async () => {
    const upload = await slowFiling(urls.a, { "x-forwarded-for": "192.0.2.200" });
    const staging = path.join(evidenceDir, ".uploads");
    await waitFor(() => listFiles(staging).length === 1, "the upload's first half on disk", WAIT_MS);
    const [inProgress] = listFiles(staging);
    // Folders of servers in other pid spaces (other hosts), known only by when they were last touched:
    // one quiet for ten minutes (a host whose clock is behind, or a slow network file system) and
    // one abandoned for more than a day.
    const quiet = path.join(staging, "eeeeeeee-4194001-1");
    const abandoned = path.join(staging, "ffffffff-4194000-1");
    for (const [folder, minutes] of [
      [quiet, 10],
      [abandoned, 25 * 60],
    ] as const) {
      fs.mkdirSync(folder);
      fs.writeFileSync(path.join(folder, "half-received"), randomBytes(500));
      const then = new Date(Date.now() - minutes * 60_000);
      fs.utimesSync(folder, then, then);
    }

    await servers.b!.kill();
    await start("b");
    expect(listFiles(staging).sort()).toEqual([inProgress, path.join("eeeeeeee-4194001-1", "half-received")].sort());
    expect(fs.existsSync(abandoned)).toBe(false);
    fs.rmSync(quiet, { recursive: true });

    const receipt = await upload.finish();
    expect(receipt).toMatch(/^\/complaints\/CW-\d{4}-\d{6}\/receipt$/);
    expect(fs.existsSync(path.join(evidenceDir, upload.sha))).toBe(true);
    expect(listFiles(staging)).toEqual([]);
  });
});
