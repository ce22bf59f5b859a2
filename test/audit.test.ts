import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anchorSchema, eventHash, GENESIS_HASH, sealOf } from "~/domain/audit-chain";
import { auditKeyFromText, headSignatureHolds, signHead, type AuditKey } from "~/server/audit-key.server";
import { createUser, runCli } from "./support/cli";
import { Client, visibleText } from "./support/client";
import { filingForm, fixtureFile, validFiling } from "./support/filing";
import { act, signIn } from "./support/reviewer";
import { copyDataDir, removeDataDir } from "./support/process";
import { startServer, type TestServer } from "./support/server";
import { openTestDb, type TestDb } from "./support/test-db";

/**
 * Each tampering is done in SQL straight on a copy of the database (SQLite's file, or a PostgreSQL
 * database), as someone with the database's owner's rights but not the app would; then the real
 * `npm run audit:verify` must fail and name what was touched. No trigger stands in the way of such
 * an edit (Event's only triggers feed the statistics journal), and one that did could be dropped by
 * the owner: the chain, its seals and the anchors are what must catch it.
 */

let server: TestServer;
let live: TestDb;
let outside: string;
let anchorFile: string;
const cases: string[] = [];

type EventRow = {
  id: number;
  complaintId: number | null;
  type: string;
  actorRole: string;
  actorId: string | null;
  fromStatus: string | null;
  toStatus: string | null;
  note: string | null;
  public: number;
  createdAt: string | number;
  stateDigest: string | null;
  prevHash: string;
  hash: string;
  seal: string | null;
};

async function file(evidence: string[]) {
  const consumer = new Client(server.url);
  const csrf = await consumer.csrf("/complaints/new");
  const files = evidence.map((name) => ({ field: "evidence", file: fixtureFile(name) }));
  const response = await consumer.post("/complaints/new", filingForm(csrf, validFiling(), files));
  expect(response.status).toBe(302);
  const receipt = response.headers.get("location")!;
  const html = await (await consumer.get(receipt)).text();
  return { consumer, code: receipt.split("/")[2], receipt: html };
}

const complaintId = async (code: string) => (await live.get<{ id: number }>('SELECT "id" FROM "Complaint" WHERE "code" = ?', [code]))!.id;
const latestHash = async (code: string) =>
  (await live.get<{ hash: string }>(
    'SELECT e."hash" FROM "Event" e JOIN "Complaint" c ON c."id" = e."complaintId" WHERE c."code" = ? ORDER BY e."id" DESC LIMIT 1',
    [code],
  ))!.hash;
const fingerprintIn = (html: string) => html.match(/id="audit-fingerprint"[^>]*><strong>([0-9a-f]+)</)?.[1];

let a: { code: string; consumer: Client; receipt: string };
let b: { code: string; consumer: Client; receipt: string };

beforeAll(async () => {
  server = await startServer();
  live = openTestDb(server.dataDir);
  outside = fs.mkdtempSync(path.join(os.tmpdir(), "cw-anchors-"));
  anchorFile = path.join(outside, "anchors.jsonl");
  createUser(server.dataDir, "reg@example.cn", "regulator");
  // Routing to a creditor with no bank reviewer is refused.
  createUser(server.dataDir, "cmb@example.cn", "bank", "cmb");
});
afterAll(async () => {
  await live.close();
  await server.stop();
  fs.rmSync(outside, { recursive: true, force: true });
  for (const dir of cases) removeDataDir(dir);
});

/** A copy of the live database and the key beside it, tampered with by `tamper`. */
async function tampered(tamper: (db: TestDb, key: AuditKey) => Promise<unknown>): Promise<string> {
  const dir = copyDataDir(server.dataDir);
  cases.push(dir);
  const keyText = fs.readFileSync(path.join(server.dataDir, ".audit-signing-key"), "utf8");
  fs.writeFileSync(path.join(dir, ".audit-signing-key"), keyText, { mode: 0o600 });
  const db = openTestDb(dir);
  try {
    await tamper(db, auditKeyFromText(keyText));
  } finally {
    await db.close();
  }
  return dir;
}

/**
 * runCli blocks the event loop while the command runs, so a pooled keep-alive connection the
 * server closed meanwhile is only noticed once the loop turns: let it turn before the next request.
 */
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

const verify = (dataDir: string) => runCli("audit-verify", ["--file", anchorFile], dataDir);
const events = (db: TestDb) => db.all<EventRow>('SELECT * FROM "Event" ORDER BY "id"');

/**
 * Recomputes every hash from event `fromId` on, as a forger would after an edit; with the key
 * (an insider who holds it) also the seals and the signed head.
 */
async function recomputeFrom(db: TestDb, fromId: number, key?: AuditKey) {
  let prev = GENESIS_HASH;
  for (const row of await events(db)) {
    if (row.id < fromId) {
      prev = row.hash;
      continue;
    }
    const content = { ...row, public: row.public === 1, createdAt: new Date(row.createdAt) };
    const hash = eventHash(content, prev, row.seal !== null);
    await db.run('UPDATE "Event" SET "prevHash" = ?, "hash" = ?, "seal" = ? WHERE "id" = ?', [prev, hash, key ? sealOf(key.sealKey, hash) : row.seal, row.id]);
    prev = hash;
  }
  if (key) await resignHead(db, key);
}

async function resignHead(db: TestDb, key: AuditKey) {
  const last = (await db.get<{ id: number; hash: string }>('SELECT "id", "hash" FROM "Event" ORDER BY "id" DESC LIMIT 1'))!;
  const signedAt = new Date();
  await db.run('UPDATE "AuditHead" SET "eventId" = ?, "hash" = ?, "signedAt" = ?, "signature" = ?', [
    last.id,
    last.hash,
    signedAt.toISOString().replace("Z", "+00:00"),
    signHead(key, { eventId: last.id, hash: last.hash, signedAt }),
  ]);
}

describe("the audit trail", () => {
  it("shows the latest event's hash on the receipt and the tracking page, with what it is for", async () => {
    a = await file(["screenshot.png", "letter.pdf"]);
    expect(fingerprintIn(a.receipt)).toBe((await latestHash(a.code)).slice(0, 16));
    expect(visibleText(a.receipt)).toContain("记录指纹");
    expect(visibleText(a.receipt)).toContain("如果有人事后改动或删除这件投诉的记录，它就对不上了");
    b = await file(["screenshot.png"]);

    const regulator = await signIn(server.url, "reg@example.cn");
    expect((await act(regulator, a.code, { intent: "route", route: "bank", reason: "先由银行处理" })).status).toBe(302);
    expect((await act(regulator, b.code, { intent: "note", message: "待核实" })).status).toBe(302);
    const tracking = await (await a.consumer.get(`/track/${a.code}?lang=en`)).text();
    // The route added two events (one of them internal): the page shows the very latest.
    expect(fingerprintIn(tracking)).toBe((await latestHash(a.code)).slice(0, 16));
    expect(fingerprintIn(tracking)).not.toBe(fingerprintIn(a.receipt));
    expect(visibleText(tracking)).toContain("Record fingerprint");
    expect(visibleText(tracking)).toContain("if anyone later changes or deletes this complaint's records, it will no longer match");
  });

  it("appends signed heads to an anchor file outside DATA_DIR only", async () => {
    const inside = runCli("audit-anchor", ["--file", path.join(server.dataDir, "anchors.jsonl")], server.dataDir);
    expect(inside.status).toBe(2);
    expect(inside.stderr).toContain("outside DATA_DIR");
    expect(runCli("audit-anchor", [], server.dataDir).status).toBe(2);

    const first = runCli("audit-anchor", ["--file", anchorFile], server.dataDir);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/anchored event \d+/);
    await settle();
    await act(await signIn(server.url, "reg@example.cn"), a.code, { intent: "note", message: "第二次锚定之前" });
    expect(runCli("audit-anchor", ["--file", anchorFile], server.dataDir).status).toBe(0);
    await settle();
    // More events after the last anchor: the signed head covers those.
    const csrf = await a.consumer.csrf(`/track/${a.code}`);
    expect((await a.consumer.post(`/track/${a.code}`, new URLSearchParams({ csrf, intent: "comment", message: "又打来了" }))).status).toBe(302);
    expect((await a.consumer.post(`/track/${a.code}`, new URLSearchParams({ csrf, intent: "comment", message: "还在打" }))).status).toBe(302);
  });

  it("verifies an untampered chain against its anchors, and prints a head anyone can check", async () => {
    const lines = fs.readFileSync(anchorFile, "utf8").trim().split("\n");
    expect(lines).toHaveLength(2);
    const anchor = anchorSchema.parse(JSON.parse(lines[1]));
    expect(anchor.hash).toBe((await live.get<{ hash: string }>('SELECT "hash" FROM "Event" WHERE "id" = ?', [anchor.eventId]))!.hash);
    // Anyone with the line and the public key can check it.
    expect(headSignatureHolds(anchor.publicKey, { eventId: anchor.eventId, hash: anchor.hash, signedAt: new Date(anchor.signedAt) }, anchor.signature)).toBe(
      true,
    );

    const printed = runCli("audit-anchor", ["--print"], server.dataDir);
    expect(printed.status).toBe(0);
    const published = anchorSchema.parse(JSON.parse(printed.stdout.trim()));
    expect(published.eventId).toBe((await live.get<{ id: number }>('SELECT MAX("id") AS "id" FROM "Event"'))!.id);
    expect(published.keyId).toBe(anchor.keyId);

    const ok = verify(server.dataDir);
    expect(ok.stderr).not.toContain("broken");
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/audit chain intact: \d+ events/);
    expect(ok.stdout).toContain("complaints matching their latest event: 2");
    expect(ok.stdout).toContain(`anchors: 2 in ${anchorFile}`);
    const mode = fs.statSync(path.join(server.dataDir, ".audit-signing-key")).mode & 0o777;
    expect(mode).toBe(0o600);
  });

  it("names an edited event", async () => {
    const target = (await events(live))[2];
    const run = verify(await tampered((db) => db.run(`UPDATE "Event" SET "note" = 'rewritten' WHERE "id" = ?`, [target.id])));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`audit chain broken at event ${target.id} (its content was changed)`);
  });

  it("names the event after a deleted one", async () => {
    const [, second, third] = await events(live);
    const run = verify(await tampered((db) => db.run('DELETE FROM "Event" WHERE "id" = ?', [second.id])));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`audit chain broken at event ${third.id} (its predecessor is missing or was reordered)`);
  });

  it("names reordered events", async () => {
    const [, second, third] = await events(live);
    const run = verify(
      await tampered(async (db) => {
        // Swap the two rows' ids: each keeps its content and hash, in the other's place.
        await db.run('UPDATE "Event" SET "id" = -1 WHERE "id" = ?', [second.id]);
        await db.run('UPDATE "Event" SET "id" = ? WHERE "id" = ?', [second.id, third.id]);
        await db.run('UPDATE "Event" SET "id" = ? WHERE "id" = -1', [third.id]);
      }),
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`audit chain broken at event ${second.id} (its predecessor is missing or was reordered)`);
  });

  it("names the first deleted event when the last events are deleted", async () => {
    const all = await events(live);
    const firstGone = all[all.length - 2].id;
    const run = verify(await tampered((db) => db.run('DELETE FROM "Event" WHERE "id" >= ?', [firstGone])));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`audit chain truncated at event ${firstGone}`);

    const headGone = verify(
      await tampered(async (db) => {
        await db.run('DELETE FROM "Event" WHERE "id" >= ?', [firstGone]);
        await db.run('DELETE FROM "AuditHead"');
      }),
    );
    expect(headGone.status).toBe(1);
    expect(headGone.stderr).toContain("the signed head is missing");
  });

  it("catches a truncation re-signed with the key, by the anchor", async () => {
    const lastAnchored = anchorSchema.parse(JSON.parse(fs.readFileSync(anchorFile, "utf8").trim().split("\n")[1])).eventId;
    const run = verify(
      await tampered(async (db, key) => {
        await db.run('DELETE FROM "Event" WHERE "id" >= ?', [lastAnchored]);
        await resignHead(db, key);
      }),
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`event ${lastAnchored} is no longer in the chain`);
  });

  it("names the first event of a chain recomputed after an edit", async () => {
    const target = (await events(live))[3];
    const run = verify(
      await tampered(async (db) => {
        await db.run(`UPDATE "Event" SET "note" = 'rewritten' WHERE "id" = ?`, [target.id]);
        await recomputeFrom(db, target.id);
      }),
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`audit chain broken at event ${target.id} (its seal does not match: the hashes were recomputed from here on)`);
  });

  it("catches a chain recomputed, resealed and re-signed with the key, by the anchor", async () => {
    const target = (await events(live))[1];
    const firstAnchored = anchorSchema.parse(JSON.parse(fs.readFileSync(anchorFile, "utf8").split("\n")[0])).eventId;
    const run = verify(
      await tampered(async (db, key) => {
        await db.run(`UPDATE "Event" SET "note" = 'rewritten' WHERE "id" = ?`, [target.id]);
        await recomputeFrom(db, target.id, key);
      }),
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`anchor at line 1 of ${anchorFile}: event ${firstAnchored} no longer has the anchored hash`);
  });

  it("names the complaint whose row was edited", async () => {
    const run = verify(
      await tampered((db) => db.run(`UPDATE "Complaint" SET "status" = 'closed', "finding" = 'not_substantiated' WHERE "code" = ?`, [b.code])),
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`complaint ${b.code} no longer matches its latest event`);

    const id = await complaintId(a.code);
    // (1 = 1) is true on either engine: SQLite's 1, PostgreSQL's boolean.
    const category = verify(await tampered((db) => db.run('UPDATE "ComplaintCategory" SET "substantiated" = (1 = 1) WHERE "complaintId" = ?', [id])));
    expect(category.status).toBe(1);
    expect(category.stderr).toContain(`complaint ${a.code} no longer matches its latest event`);
  });

  it("names the complaint whose evidence hash was swapped", async () => {
    const id = await complaintId(a.code);
    const run = verify(
      await tampered((db) =>
        db.run('UPDATE "Evidence" SET "sha256" = ? WHERE "id" = (SELECT MIN("id") FROM "Evidence" WHERE "complaintId" = ?)', ["f".repeat(64), id]),
      ),
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`complaint ${a.code} no longer matches its latest event`);
  });

  it("names an edited anchor", () => {
    const lines = fs.readFileSync(anchorFile, "utf8").trim().split("\n");
    const forged = { ...anchorSchema.parse(JSON.parse(lines[0])), eventId: 1 };
    const forgedFile = path.join(outside, "forged.jsonl");
    fs.writeFileSync(forgedFile, [JSON.stringify(forged), lines[1]].join("\n") + "\n");
    const run = runCli("audit-verify", ["--file", forgedFile], server.dataDir);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`anchor at line 1 of ${forgedFile}: its signature does not hold`);
  });

  it("says so when run with a key other than the chain's, instead of calling every seal forged", async () => {
    process.env.AUDIT_SIGNING_KEY = crypto.generateKeyPairSync("ed25519").privateKey.export({ format: "der", type: "pkcs8" }).toString("base64");
    try {
      const run = verify(await tampered(async () => {}));
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/the audit chain is signed by key [0-9a-f]{16}, but this process has key [0-9a-f]{16} \(from AUDIT_SIGNING_KEY\)/);
    } finally {
      delete process.env.AUDIT_SIGNING_KEY;
    }
  });

  it("signs the head of a chain written before seals once, on the first anchor", async () => {
    const dir = await tampered(async (db) => {
      // What a database from before this change looks like: no digests, no seals, no head.
      await db.run('UPDATE "Event" SET "stateDigest" = NULL, "seal" = NULL');
      await recomputeFrom(db, 1);
      await db.run('DELETE FROM "AuditHead"');
    });
    const before = runCli("audit-verify", [], dir);
    expect(before.status).toBe(1);
    expect(before.stderr).toContain("run npm run audit:anchor once");
    expect(runCli("audit-anchor", ["--print"], dir).status).toBe(0);
    const after = runCli("audit-verify", [], dir);
    expect(after.status).toBe(0);
    expect(after.stdout).toContain("complaints matching their latest event: 0 (2 not covered: written before state digests)");
  });
});
