import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { Client } from "./support/client";
import { filingForm, listFiles, validFiling } from "./support/filing";
import { freePort, freshDataDir, removeDataDir, ServerProcess } from "./support/process";
import { slowFiling, uniqueScreenshot } from "./support/slow-filing";
import { openTestDb } from "./support/test-db";

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

const dataDirs: string[] = [];
const started: ServerProcess[] = [];
/** Starts a server that is killed after the test whatever happens in it. */
function start(dataDir: string, env: Record<string, string> = {}): ServerProcess {
  const server = ServerProcess.start(dataDir, "server.js", env);
  started.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.kill("SIGKILL")));
});
afterAll(() => dataDirs.forEach(removeDataDir));

type Acknowledged = { code: string; shas: string[]; client: Client; via: "filing" | "add_evidence" };

async function file(client: Client, csrf: string, sizes: number[]): Promise<Acknowledged | null> {
  const files = sizes.map(uniqueScreenshot);
  const form = filingForm(
    csrf,
    validFiling(),
    files.map((f, i) => ({ field: "evidence", file: new File([f.bytes], `截图${i}.png`, { type: "image/png" }) })),
  );
  const response = await client.post("/complaints/new", form);
  const receipt = response.headers.get("location")?.match(/^\/complaints\/([^/]+)\/receipt$/);
  return receipt ? { code: receipt[1], shas: files.map((f) => f.sha), client, via: "filing" } : null;
}

async function addEvidence(client: Client, code: string, csrf: string, sizes: number[]): Promise<Acknowledged | null> {
  const files = sizes.map(uniqueScreenshot);
  const form = new FormData();
  form.append("csrf", csrf);
  form.append("intent", "add_evidence");
  files.forEach((f, i) => form.append("evidence", new File([f.bytes], `补充${i}.png`, { type: "image/png" })));
  const response = await client.post(`/track/${code}`, form);
  return response.status === 302 ? { code, shas: files.map((f) => f.sha), client, via: "add_evidence" } : null;
}

/** What a look at DATA_DIR finds: receipts whose complaint or evidence is missing, and files nothing refers to. */
async function audit(dataDir: string, acknowledged: Acknowledged[]) {
  const db = openTestDb(dataDir, { readonly: true });
  try {
    const evidence = await db.all<{ code: string; sha256: string }>(
      'SELECT c."code", e."sha256" FROM "Evidence" e JOIN "Complaint" c ON c."id" = e."complaintId"',
    );
    const stored = (sha: string) => {
      const file = path.join(dataDir, "evidence", sha);
      return fs.existsSync(file) && sha256(fs.readFileSync(file)) === sha;
    };
    const lost = acknowledged.filter(({ code, shas }) => {
      const rows = new Set(evidence.filter((e) => e.code === code).map((e) => e.sha256));
      return !shas.every((sha) => rows.has(sha) && stored(sha));
    });
    // Originals and images' clean copies: each named by a row, each a file of its own.
    const rows = (
      await db.all<{ sha: string }>('SELECT "sha256" AS "sha" FROM "Evidence" UNION SELECT "cleanSha256" FROM "Evidence" WHERE "cleanSha256" IS NOT NULL')
    ).map((r) => r.sha);
    const referenced = new Set(rows);
    const [{ n }] = await db.all<{ n: number }>('SELECT COUNT(*) AS "n" FROM "Complaint"');
    return {
      complaints: n,
      lost: lost.map((a) => `${a.via} ${a.code}`),
      rowsWithoutFile: rows.filter((sha) => !stored(sha)),
      unreferencedEvidence: listFiles(path.join(dataDir, "evidence")).filter((name) => !referenced.has(name)),
      uploads: listFiles(path.join(dataDir, "uploads")),
    };
  } finally {
    await db.close();
  }
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("a server killed in the middle of uploads", () => {
  it("keeps every receipted complaint with all its evidence, and leaves no file behind", async () => {
    const dataDir = freshDataDir();
    dataDirs.push(dataDir);
    const env = { PORT: String(await freePort()) };
    const acknowledged: Acknowledged[] = [];
    const rounds = Number(process.env.CRASH_ROUNDS ?? 22);
    let interrupted = 0;
    let finishedAtStart = 0;
    let window = 0;
    for (let round = 0; round < rounds; round++) {
      const server = start(dataDir, env);
      const url = await server.url();
      // Two new filings and one upload to a complaint filed earlier, each ready to send before the clock starts.
      const filers = await Promise.all(
        [0, 1].map(async () => {
          const client = new Client(url);
          return { client, csrf: await client.csrf("/complaints/new") };
        }),
      );
      const earlier = acknowledged.filter((a) => a.via === "filing").at(-1 - (round % 3));
      const adder = earlier ? { ...earlier, csrf: await earlier.client.csrf(`/track/${earlier.code}`) } : null;
      const sent = performance.now();
      const requests: Promise<Acknowledged | null>[] = [
        file(filers[0].client, filers[0].csrf, [500_000, 800_000]),
        delay(60).then(() => file(filers[1].client, filers[1].csrf, [300_000])),
        ...(adder ? [delay(120).then(() => addEvidence(adder.client, adder.code, adder.csrf, [600_000]))] : []),
      ].map((request) => request.catch(() => null));
      if (round === 0) {
        // The first round measures how long the uploads take on this machine (a loaded CI runner is slower)
        // and is killed once they are done; the others are killed at a random moment within 1.5 times that:
        // before, during and after the files arrive, the rows commit and the files move.
        await Promise.all(requests);
        window = 1.5 * (performance.now() - sent);
      } else await delay(Math.random() * window);
      await server.kill("SIGKILL");
      const outcomes = await Promise.all(requests);
      interrupted += outcomes.filter((o) => o === null).length;
      acknowledged.push(...outcomes.filter((o): o is Acknowledged => o !== null));
      finishedAtStart += Number(/(\d+) moved into evidence/.exec(server.logs())?.[1] ?? 0);
    }
    // The next start after the last kill clears what the kill left.
    const last = start(dataDir, env);
    await last.url();
    const found = await audit(dataDir, acknowledged);
    await last.kill();
    console.log(
      `${rounds} kills: ${acknowledged.length} uploads receipted, ${interrupted} cut off, ${found.complaints} complaints stored, ` +
        `${finishedAtStart} files moved into evidence/ by the next start; ` +
        `receipts missing something ${found.lost.length}, rows without their file ${found.rowsWithoutFile.length}, ` +
        `unreferenced evidence files ${found.unreferencedEvidence.length}, files left in uploads/ ${found.uploads.length}`,
    );
    // Both kinds of moment happened: uploads that got their receipt before the kill, and uploads it cut off.
    expect(acknowledged.length).toBeGreaterThan(3);
    expect(interrupted).toBeGreaterThan(3);
    expect(found).toMatchObject({ lost: [], rowsWithoutFile: [], unreferencedEvidence: [], uploads: [] });
    // The only folder under uploads/ is the one the last server made for itself.
    expect(fs.readdirSync(path.join(dataDir, "uploads")).length).toBeLessThanOrEqual(1);
  }, 300_000);
});

describe("two servers on one DATA_DIR", () => {
  it("clear a dead server's uploads at start, never a running one's", async () => {
    const dataDir = freshDataDir();
    dataDirs.push(dataDir);
    const uploads = path.join(dataDir, "uploads");
    const a = start(dataDir);
    const dead = start(dataDir);
    try {
      const [urlA, urlDead] = await Promise.all([a.url(), dead.url()]);
      const inFlight = await slowFiling(urlA);
      const cutOff = await slowFiling(urlDead);
      // Both halves are on disk, each in its own server's folder.
      await expect.poll(() => listFiles(uploads).length, { timeout: 10_000 }).toBe(2);
      const [folderA, folderDead] = [a, dead].map((server) => fs.readdirSync(uploads).find((name) => name.includes(`-${server.child.pid}-`))!);
      await dead.kill("SIGKILL");
      cutOff.abandon();

      const b = start(dataDir);
      await b.url();
      await b.kill();
      expect(fs.existsSync(path.join(uploads, folderDead))).toBe(false);
      expect(listFiles(path.join(uploads, folderA))).toHaveLength(1);

      expect(await inFlight.finish()).toMatch(/^\/complaints\/CW-\d{4}-\d{6}\/receipt$/);
      expect(fs.existsSync(path.join(dataDir, "evidence", inFlight.sha))).toBe(true);
      expect(listFiles(uploads)).toEqual([]);
    } finally {
      await Promise.all([a.kill(), dead.kill("SIGKILL")]);
    }
  });
});

describe("the next start after a crash", () => {
  it("finishes a committed upload, removes an uncommitted one and any file no row names", async () => {
    const dataDir = freshDataDir();
    dataDirs.push(dataDir);
    const uploads = path.join(dataDir, "uploads");
    const evidence = path.join(dataDir, "evidence");
    const first = start(dataDir);
    const client = new Client(await first.url());
    const committed = await file(client, await client.csrf("/complaints/new"), [1000]);
    await first.kill();
    // What a kill between the commit and the move leaves: the row, and the file still in the dead process's folder
    // (a folder of another pid space, untouched for over a day, so only its heartbeat tells it is dead: on
    // PostgreSQL, where it may be another host's, a day is what it takes; decision 023).
    const deadFolder = path.join(uploads, "ffffffff-4194000-1");
    fs.mkdirSync(deadFolder);
    const sha = committed!.shas[0];
    fs.renameSync(path.join(evidence, sha), path.join(deadFolder, `3b1f.${sha}`));
    const uncommitted = uniqueScreenshot(1000);
    fs.writeFileSync(path.join(deadFolder, `9c2e.${uncommitted.sha}`), uncommitted.bytes);
    fs.writeFileSync(path.join(deadFolder, "half-received"), randomBytes(500));
    const overADayAgo = new Date(Date.now() - 25 * 60 * 60 * 1000);
    fs.utimesSync(deadFolder, overADayAgo, overADayAgo);
    // A folder named by a pid that now belongs to another process (this test's), started at another time: dead.
    const [space] = fs.readdirSync(uploads)[0].split("-");
    const reusedPid = path.join(uploads, `${space}-${process.pid}-1`);
    fs.mkdirSync(reusedPid);
    fs.writeFileSync(path.join(reusedPid, "half-received"), randomBytes(500));
    // A folder of a server that still runs elsewhere, touched a moment ago: left alone.
    const liveFolder = path.join(uploads, "eeeeeeee-4194001-1");
    fs.mkdirSync(liveFolder);
    fs.writeFileSync(path.join(liveFolder, "in-flight"), randomBytes(500));
    // Left by an older version that stored files before committing.
    const unreferenced = uniqueScreenshot(1000);
    fs.writeFileSync(path.join(evidence, unreferenced.sha), unreferenced.bytes);

    const next = start(dataDir);
    await next.url();
    await next.kill();
    expect(next.logs()).toContain("uploads left by stopped processes: 1 moved into evidence, 3 removed");
    expect(next.logs()).toContain("evidence files no complaint refers to: 1 removed");
    expect(sha256(fs.readFileSync(path.join(evidence, sha)))).toBe(sha);
    // The screenshot's clean copy stayed in evidence/ throughout: only the original was moved back.
    const db = openTestDb(dataDir, { readonly: true });
    const { clean } = (await db.get<{ clean: string }>('SELECT "cleanSha256" AS "clean" FROM "Evidence" WHERE "sha256" = ?', [sha]))!;
    await db.close();
    expect(listFiles(evidence).sort()).toEqual([sha, clean].sort());
    expect(listFiles(uploads)).toEqual([path.join("eeeeeeee-4194001-1", "in-flight")]);
    expect(fs.existsSync(reusedPid)).toBe(false);
  });
});
