import Database from "better-sqlite3";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { runCli } from "./support/cli";

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function seeded(seed: string) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-seed-"));
  dirs.push(dataDir);
  fs.copyFileSync(inject("templateDb"), path.join(dataDir, "collection-watch.db"));
  const result = runCli("seed-demo", ["--count", "300", "--seed", seed], dataDir);
  expect(result.status).toBe(0);
  expect(result.stdout).toMatch(/seeded 300 demo complaints/);
  return dataDir;
}

/** What a seed decides, without what depends on the clock or on fresh randomness (dates, IVs, hashes). */
function content(dataDir: string) {
  const db = new Database(path.join(dataDir, "collection-watch.db"), { readonly: true });
  try {
    const rows = (sql: string) => db.prepare(sql).all();
    return {
      complaints: rows(
        `SELECT id, code, status, institutionId, institutionName, agency, product, region, narrative, publicNarrative, consent, routedTo, outcome, finding,
           consumerPhone IS NOT NULL AS sealedPhone, callLogFindings IS NOT NULL AS callLog FROM Complaint ORDER BY id`,
      ),
      categories: rows("SELECT * FROM ComplaintCategory ORDER BY complaintId, category"),
      phones: rows("SELECT * FROM CollectorPhone ORDER BY complaintId, number"),
      events: rows("SELECT complaintId, type, actorRole, fromStatus, toStatus, note FROM Event ORDER BY id"),
      evidence: rows("SELECT complaintId, kind FROM Evidence ORDER BY complaintId"),
    };
  } finally {
    db.close();
  }
}

// Each test seeds as a user does (npx tsx, migrations, worker threads): minutes on a busy machine.
const SLOW = 300_000;

describe("npm run seed:demo", () => {
  let first = "";

  it(
    "gives the same complaints for the same --seed, other ones for another",
    () => {
      first = seeded("5");
      const seen = content(first);
      expect(seen.complaints).toHaveLength(300);
      expect(content(seeded("5"))).toEqual(seen);
      expect(content(seeded("6")).complaints).not.toEqual(seen.complaints);
    },
    SLOW,
  );

  it(
    "seals the contact details, publishes only consented narratives, redacted, and leaves a data directory that verifies",
    () => {
      if (!first) first = seeded("5");

      // Contact details are sealed, never stored as typed; a consented narrative is published redacted.
      const db = new Database(path.join(first, "collection-watch.db"), { readonly: true });
      const phones = db.prepare("SELECT consumerPhone, narrative, publicNarrative, consent FROM Complaint").all() as {
        consumerPhone: string;
        narrative: string;
        publicNarrative: string | null;
        consent: number;
      }[];
      db.close();
      expect(phones.every((row) => row.consumerPhone.startsWith("enc:v1:"))).toBe(true);
      expect(phones.filter((row) => row.consent).every((row) => row.publicNarrative && !/1[3-9]\d{9}/.test(row.publicNarrative))).toBe(true);
      expect(phones.filter((row) => !row.consent).every((row) => row.publicNarrative === null)).toBe(true);
      // One in five with a call log, its file on disk (verify below checks every file against its row).
      expect(content(first).evidence.length).toBeGreaterThan(30);

      const audit = runCli("audit-verify", [], first);
      expect(audit.status).toBe(0);
      expect(audit.stdout).toContain("complaints matching their latest event: 300");
      expect(runCli("verify", [], first).status).toBe(0);
    },
    SLOW,
  );
});
