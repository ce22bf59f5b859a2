import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "./support/cli";
import { freshDataDir as freshDatabase, removeDataDir } from "./support/process";
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
});
