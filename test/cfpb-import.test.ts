import Database from "better-sqlite3";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { runCli } from "./support/cli";

let dataDir: string;

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-cfpb-"));
  fs.copyFileSync(inject("templateDb"), path.join(dataDir, "collection-watch.db"));
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe("npm run import:cfpb", () => {
  it("imports the debt-collection rows, says what it skipped and why, and imports nothing twice", () => {
    const first = runCli("import-cfpb", [path.resolve("test/fixtures/cfpb-sample.csv")], dataDir);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain("rows read: 8");
    expect(first.stdout).toContain("imported: 4");
    expect(first.stdout).toContain("skipped (not debt collection): 2");
    expect(first.stdout).toContain("skipped (invalid Date received): 1");
    expect(first.stdout).toContain("skipped (already imported): 1");
    expect(first.stderr).toMatch(/read 8 rows, imported 4/);

    const again = runCli("import-cfpb", [path.resolve("test/fixtures/cfpb-sample.csv")], dataDir);
    expect(again.stdout).toContain("imported: 0");
    expect(again.stdout).toContain("skipped (already imported): 5");

    const db = new Database(path.join(dataDir, "collection-watch.db"), { readonly: true });
    const rows = db
      .prepare(
        "SELECT c.externalId, c.product, c.status, c.outcome, c.consent, cc.category FROM Complaint c JOIN ComplaintCategory cc ON cc.complaintId = c.id ORDER BY c.externalId",
      )
      .all();
    db.close();
    expect(rows).toEqual([
      { externalId: "cfpb:1923344", product: "other", status: "escalated", outcome: "explanation", consent: 0, category: "privacy.disclosure" },
      { externalId: "cfpb:8412301", product: "credit_card", status: "closed", outcome: "explanation", consent: 1, category: "harassment.repeated_calls" },
      { externalId: "cfpb:8412977", product: "online_loan", status: "closed", outcome: "non_monetary_relief", consent: 0, category: "third_party.employer" },
      { externalId: "cfpb:8413555", product: "other", status: "routed_to_bank", outcome: "in_progress", consent: 0, category: "deception.impersonation" },
    ]);
    expect(runCli("audit-verify", [], dataDir).status).toBe(0);
  });
});
