// The benchmark suite (`npm run bench`) works end to end and reports every figure issue 12 asks for.
// Nothing here is about speed: a tiny database, a request or two per figure.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Figure } from "../bench/lib/measurement";
import { sectionKey, writeSection } from "../bench/lib/report";

const SIZE = 200;
const work = fs.mkdtempSync(path.join(os.tmpdir(), "cw-bench-suite-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Figure ids by database: 0 is the empty one. */
const REQUIRED: Record<number, string[]> = {
  0: [
    ...["home", "filing form", "queue", "dashboard"].flatMap((page) => [`fixed.${page}.p50`, `fixed.${page}.above`]),
    "data.import.rate",
    "data.import.imported",
    "data.import.importedRate",
  ],
  [SIZE]: [
    "data.seed.rate",
    "data.seed.chain",
    "floor.p50",
    ...["none", "institution", "agency", "product", "region", "category", "status", "from", "combination"].flatMap((f) => [`stats.${f}.p50`, `stats.${f}.p99`]),
    ...["open", "all", "institution", "product", "region", "category", "overdue", "combination", "bank", "open.deep", "institution.deep", "bank.deep"].flatMap(
      (f) => [`triage.${f}.p50`, `triage.${f}.p99`, `triage.${f}.sql.p50`, `triage.${f}.sql.p99`],
    ),
    ...["regulator", "bank"].flatMap((who) => [
      `triage.detail.${who}.p50`,
      `triage.detail.${who}.p99`,
      `triage.detail.${who}.sql.p50`,
      `triage.detail.${who}.sql.p99`,
    ]),
    ...["csv", "json"].flatMap((format) => ["firstByte", "seconds", "rate", "memory", "others"].map((f) => `export.${format}.${f}`)),
    ...[
      "load.errors",
      "load.filing.p50",
      "load.filing.p99",
      "load.queue.p50",
      "load.queue.p99",
      "load.queue.people.p99",
      "load.filing.people.p99",
      "load.stats.p50",
      "load.served",
      "load.filings",
      "load.filings.people",
    ],
  ],
};

const UNMEASURABLE = ["data.import.rate", "data.import.importedRate"];

function suite(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn("npx", ["tsx", "bench/suite.ts", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, output })));
}

describe("npm run bench -- --quick", () => {
  it("seeds, serves, measures and writes its section with every figure and its baseline, keeping the file's other sections", async () => {
    const results = path.join(work, "RESULTS.md");
    fs.writeFileSync(results, "# Benchmark results\n\n## An earlier benchmark\n\nIts table.\n");
    const json = path.join(work, "run.json");
    const args = ["--quick", "--sizes", String(SIZE), "--times", "2", "--budget", "1", "--duration", "5"];
    const { code, output } = await suite([...args, "--cache", path.join(work, "cache"), "--results", results, "--json", json]);
    expect(code, output).toBe(0);

    const run = JSON.parse(fs.readFileSync(json, "utf8")) as { figures: Record<string, Figure[]> };
    const markdown = fs.readFileSync(results, "utf8");
    for (const [size, ids] of Object.entries(REQUIRED)) {
      const figures = new Map(run.figures[size].map((f) => [f.id, f]));
      for (const id of ids) {
        const figure = figures.get(id);
        expect(figure, `${id} at ${size}`).toBeDefined();
        // A rate can be too small to tell from the command's start-up (today's importer skips every row): then a note says so.
        const measured = Number.isFinite(figure!.value) || (UNMEASURABLE.includes(id) && !!figure!.note);
        expect(measured, `${id} at ${size}: ${figure!.note ?? ""}`).toBe(true);
        expect(markdown).toContain(`| ${figure!.label} |`);
      }
    }
    // Page figures stand beside their bare-SQL baseline, exports beside sqlite3's.
    const seeded = new Map(run.figures[SIZE].map((f) => [f.id, f]));
    // The queue's "3× the bare query" is judged on the SQL time inside the page (Server-Timing), the page itself on 50 ms.
    for (const id of [
      "stats.none.p50",
      "triage.open.deep.p50",
      "triage.open.sql.p50",
      "triage.detail.regulator.sql.p99",
      "export.csv.rate",
      "load.queue.p99",
    ]) {
      expect(Number.isFinite(seeded.get(id)!.baseline?.value), id).toBe(true);
    }
    expect(seeded.get("triage.open.sql.p99")!.target).toBe("≤ 3× the baseline");
    expect(seeded.get("triage.open.p99")!.target).toBe("< 50 ms");
    expect(markdown).toContain("## An earlier benchmark\n\nIts table.");

    // The next run of the same mode replaces its section instead of adding another.
    writeSection(results, sectionKey("quick"), "## The suite of issue 12, quick: again\n<!-- bench-suite:quick -->\n\nNew numbers.\n");
    const rewritten = fs.readFileSync(results, "utf8");
    expect(rewritten.match(/<!-- bench-suite:quick -->/g)).toHaveLength(1);
    expect(rewritten).toContain("New numbers.");
    expect(rewritten).toContain("## An earlier benchmark\n\nIts table.");
  }, 600_000);
});
