import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { filingYear } from "~/domain/receipt";
import { createUser, runCli } from "./support/cli";
import { dataEnv, freshDataDir as freshDatabase, removeDataDir } from "./support/process";
import { act, fileComplaint, signIn } from "./support/reviewer";
import { startServer } from "./support/server";
import { openTestDb } from "./support/test-db";

const SAMPLE = path.resolve("test/fixtures/cfpb-sample.csv");
// What `unzip` printed before the header of the CFPB export in ../shared/data/cfpb/, as an analyst handed it in.
const UNZIP_LINES = "Archive:  /Users/hvo/Downloads/complaints.csv.zip\n  inflating: complaints.csv          \n";

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDataDir));

/** A data directory with a fresh database, and a file written beside it. */
function freshDataDir(file?: { name: string; text: string }) {
  const dataDir = freshDatabase();
  dirs.push(dataDir);
  const filePath = file && path.join(dataDir, file.name);
  if (file) fs.writeFileSync(filePath!, file.text);
  return { dataDir, filePath: filePath ?? "" };
}

async function count(dataDir: string, table: string): Promise<number> {
  const db = openTestDb(dataDir, { readonly: true });
  try {
    return (await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM "${table}"`))!.n;
  } finally {
    await db.close();
  }
}

describe("npm run import:cfpb", () => {
  it("imports the debt-collection rows, says what it skipped and why, and imports nothing twice", async () => {
    const { dataDir } = freshDataDir();
    const first = runCli("import-cfpb", [SAMPLE], dataDir);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain("rows read: 8");
    expect(first.stdout).toContain("imported: 4");
    expect(first.stdout).toContain("skipped (not debt collection): 2");
    expect(first.stdout).toContain("skipped (invalid Date received): 1");
    expect(first.stdout).toContain("skipped (already imported): 1");
    expect(first.stderr).toMatch(/read 8 rows, imported 4/);

    const again = runCli("import-cfpb", [SAMPLE], dataDir);
    expect(again.stdout).toContain("imported: 0");
    expect(again.stdout).toContain("skipped (already imported): 5");
    expect(await count(dataDir, "Complaint")).toBe(4);

    const db = openTestDb(dataDir, { readonly: true });
    const rows = await db.all(
      'SELECT c."externalId", c.product, c.status, c.outcome, c.consent, cc.category FROM "Complaint" c JOIN "ComplaintCategory" cc ON cc."complaintId" = c.id ORDER BY c."externalId"',
    );
    const events = await db.all('SELECT c."externalId", e.type FROM "Event" e JOIN "Complaint" c ON c.id = e."complaintId" ORDER BY e.id');
    await db.close();
    expect(rows).toEqual([
      { externalId: "cfpb:1923344", product: "other", status: "escalated", outcome: "explanation", consent: 0, category: "privacy.disclosure" },
      { externalId: "cfpb:8412301", product: "credit_card", status: "closed", outcome: "explanation", consent: 1, category: "harassment.repeated_calls" },
      { externalId: "cfpb:8412977", product: "online_loan", status: "closed", outcome: "non_monetary_relief", consent: 0, category: "third_party.employer" },
      { externalId: "cfpb:8413555", product: "other", status: "routed_to_bank", outcome: "in_progress", consent: 0, category: "deception.impersonation" },
    ]);
    // One "imported" event each, and the disputed one's dispute after it.
    expect(events.filter((e) => (e as { type: string }).type === "imported")).toHaveLength(4);
    expect(events).toContainEqual({ externalId: "cfpb:1923344", type: "disputed" });
    const verified = runCli("audit-verify", [], dataDir);
    expect(verified.status).toBe(0);
    expect(verified.stdout).toContain("complaints matching their latest event: 4");
  });

  it("finds the header below lines of other text, and the chain verifies after the import", async () => {
    const { dataDir, filePath } = freshDataDir({ name: "complaints.csv", text: UNZIP_LINES + fs.readFileSync(SAMPLE, "utf8") });
    const result = runCli("import-cfpb", [filePath], dataDir);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("rows read: 8");
    expect(result.stdout).toContain("imported: 4");
    expect(result.stdout).toContain("skipped (not debt collection): 2");
    expect(runCli("audit-verify", [], dataDir).status).toBe(0);
  });

  it("refuses a file with no CFPB header, naming the columns it lacks, and writes nothing", async () => {
    // A CFPB-like export whose header lost two columns: every row would otherwise look like "not debt collection".
    const [header, ...rest] = fs.readFileSync(SAMPLE, "utf8").split("\n");
    const renamed = header.replace("Product,", "Product line,").replace(",Complaint ID", ",ID");
    const { dataDir, filePath } = freshDataDir({ name: "export.csv", text: UNZIP_LINES + [renamed, ...rest].join("\n") });
    const result = runCli("import-cfpb", [filePath], dataDir);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("not a CFPB complaint export");
    expect(result.stderr).toContain("line 3, lacks Product, Complaint ID");
    expect(result.stdout).not.toContain("not debt collection");
    expect(await count(dataDir, "Complaint")).toBe(0);
    expect(await count(dataDir, "Event")).toBe(0);
  });

  it("imports the same file twice at once: both finish, and each row is imported once", async () => {
    const [header] = fs.readFileSync(SAMPLE, "utf8").split("\n");
    // Six batches, so that the two imports' batches interleave.
    const rows = Array.from({ length: 3000 }, (_, i) => {
      const day = `2025-${String(1 + (i % 9)).padStart(2, "0")}-${String(1 + (i % 28)).padStart(2, "0")}`;
      return `${day},Debt collection,Credit card debt,Communication tactics,Frequent or repeated calls,,,EXAMPLE RECOVERY SERVICES LLC,TX,750XX,,Consent not provided,Web,${day},Closed with explanation,Yes,No,${8_000_000 + i}`;
    });
    const { dataDir, filePath } = freshDataDir({ name: "twice.csv", text: [header, ...rows].join("\n") + "\n" });
    const importing = () =>
      new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn("npx", ["tsx", path.resolve("scripts/import-cfpb.ts"), filePath], {
          env: { ...process.env, ...dataEnv(dataDir), SESSION_SECRET: "t".repeat(40) },
          stdio: ["ignore", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        child.once("exit", (status) => resolve({ status, stdout, stderr }));
      });
    const both = await Promise.all([importing(), importing()]);
    for (const { status, stderr } of both) expect(status, stderr).toBe(0);
    const imported = both.map(({ stdout }) => Number(/imported: (\d+)/.exec(stdout)![1]));
    const skipped = both.map(({ stdout }) => Number(/skipped \(already imported\): (\d+)/.exec(stdout)?.[1] ?? 0));
    expect(imported[0] + imported[1]).toBe(3000);
    expect(skipped[0] + skipped[1]).toBe(3000);
    expect(await count(dataDir, "Complaint")).toBe(3000);
    expect(runCli("audit-verify", [], dataDir).status).toBe(0);
  });

  it("imports beside a server where consumers file and reviewers write notes: one audit chain, codes unique and gapless", async () => {
    // Five thousand rows (ten batches): the first half received last year, so that only the audit chain's
    // lock keeps those batches and the filings apart; the second half this year, sharing the filings' codes.
    const year = filingYear(new Date());
    const [header] = fs.readFileSync(SAMPLE, "utf8").split("\n");
    const rows = Array.from({ length: 5000 }, (_, i) => {
      const day = `${i < 2500 ? year - 1 : year}-${String(1 + (i % 9)).padStart(2, "0")}-${String(1 + (i % 28)).padStart(2, "0")}`;
      return `${day},Debt collection,Credit card debt,Communication tactics,Frequent or repeated calls,,,EXAMPLE RECOVERY SERVICES LLC,TX,750XX,,Consent not provided,Web,${day},Closed with explanation,Yes,No,${7_000_000 + i}`;
    });
    const server = await startServer();
    createUser(server.dataDir, "regulator@example.cn", "regulator");
    const regulator = await signIn(server.url, "regulator@example.cn");
    try {
      // Four complaints filed and noted before the import starts, so that a cold server's first requests
      // cannot outlast an import of a few seconds: the appends below then race the import's batches.
      const filed = await Promise.all(Array.from({ length: 4 }, async () => (await fileComplaint(server.url)).code));
      const noted = [...filed];
      const answers = await Promise.all(noted.map(async (code) => (await act(regulator, code, { intent: "note", message: "已收到" })).status));
      const file = path.join(server.dataDir, "this-year.csv");
      fs.writeFileSync(file, [header, ...rows].join("\n") + "\n");
      const child = spawn("npx", ["tsx", path.resolve("scripts/import-cfpb.ts"), file], {
        env: { ...process.env, ...dataEnv(server.dataDir), SESSION_SECRET: "t".repeat(40) },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      let running = true;
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code))).finally(() => (running = false));

      // From the moment it starts until it ends, two consumers file and four reviewers write notes (each on a
      // complaint of their own): appends to the chain racing for its end with the import's batches. (Waiting
      // for the first batch's progress line first let the import's next batches in before any append.)
      const filing = async () => {
        while (running) filed.push((await fileComplaint(server.url)).code);
      };
      const noting = async (code: string) => {
        while (running) answers.push((await act(regulator, code, { intent: "note", message: "正在核实" })).status);
      };
      await Promise.all([filing(), filing(), ...noted.map(noting)]);
      expect(await exited, stderr).toBe(0);
      expect(answers.length).toBeGreaterThan(noted.length);
      expect(answers.filter((status) => status !== 302)).toEqual([]);
      expect(stdout).toContain("imported: 5000");

      const db = openTestDb(server.dataDir, { readonly: true });
      const all = await db.all<{ code: string; source: string }>('SELECT code, source FROM "Complaint" ORDER BY code');
      const events = await db.all<{ hash: string; prevHash: string; source: string }>(
        'SELECT e.hash, e."prevHash", c.source FROM "Event" e JOIN "Complaint" c ON c.id = e."complaintId" ORDER BY e.id',
      );
      const sequences = await db.all<{ year: number; last: number }>('SELECT year, last FROM "ComplaintSequence" ORDER BY year');
      await db.close();

      // Unique and gapless: each year's codes 1, 2, 3… up to its sequence.
      const codes = all.filter((c) => c.code.startsWith(`CW-${year}-`));
      const lastYear = all.filter((c) => c.code.startsWith(`CW-${year - 1}-`));
      expect(codes.map((c) => c.code)).toEqual(codes.map((_, i) => `CW-${year}-${String(i + 1).padStart(6, "0")}`));
      expect(lastYear.map((c) => c.code)).toEqual(lastYear.map((_, i) => `CW-${year - 1}-${String(i + 1).padStart(6, "0")}`));
      expect(sequences).toEqual([
        { year: year - 1, last: 2500 },
        { year, last: 2500 + filed.length },
      ]);
      // One chain: every event follows the one before it, and no two follow the same one.
      expect(events.length).toBeGreaterThanOrEqual(5000 + filed.length + answers.length);
      expect(new Set(events.map((e) => e.prevHash)).size).toBe(events.length);
      events.slice(1).forEach((event, i) => expect(event.prevHash).toBe(events[i].hash));
      // The server's appends fell among the import's, not only before or after it.
      const imports = events.flatMap((e, i) => (e.source === "cfpb" ? [i] : []));
      const among = events.filter((e, i) => e.source !== "cfpb" && i > imports[0] && i < imports.at(-1)!);
      expect(among.length, "appends made while the import ran").toBeGreaterThan(0);
      const verified = runCli("audit-verify", [], server.dataDir);
      expect(verified.status, verified.stderr).toBe(0);
      expect(verified.stdout).toContain(`complaints matching their latest event: ${5000 + filed.length}`);
    } finally {
      await server.stop();
    }
  }, 300_000);
});
