// Getting data in: seed:demo's rate (complaints/s at a given count) and import:cfpb's (rows/s on the
// real CFPB sample), each beside a baseline taken in the same run: SQLite alone copying the rows the
// seed wrote into an empty database of the same schema (indexes and triggers included), and
// csv-parse alone reading the sample. Both commands are run as a user runs them, on fresh folders.
// Usage: npx tsx bench/load-data.ts [--count 100000] [--cfpb FILE] [--keep DIR]
import Database from "better-sqlite3";
import { parse } from "csv-parse";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

const ROOT = path.resolve(import.meta.dirname, "..");
const DB_FILE = "collection-watch.db";
// Parents before children, so foreign keys hold while copying.
const SEEDED_TABLES = ["Institution", "ComplaintSequence", "Complaint", "ComplaintCategory", "CollectorPhone", "Evidence", "Event", "AuditHead"];

export type LoadDataResult = {
  seed: { count: number; seconds: number; perSecond: number; copySeconds: number; ratioToCopy: number; chainOk: boolean | null };
  import: { file: string; rows: number; imported: number; seconds: number; perSecond: number; parsePerSecond: number; ratioToParse: number } | null;
};

/** The CFPB sample: $CFPB_SAMPLE, or ../shared/data/cfpb/ beside the checkout or its worktree folder. */
export function cfpbSample(): string | null {
  const candidates = [process.env.CFPB_SAMPLE, ...["..", "../.."].map((up) => path.resolve(ROOT, up, "shared/data/cfpb/complaints_sample.csv"))];
  return candidates.find((file): file is string => !!file && fs.existsSync(file)) ?? null;
}

function run(script: string, args: string[], dataDir: string): string {
  return execFileSync("npx", ["tsx", path.join(ROOT, "scripts", `${script}.ts`), ...args], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 64 * 1024 * 1024,
  });
}

function migrated(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  execFileSync("npx", ["prisma", "migrate", "deploy"], { cwd: ROOT, env: { ...process.env, DATA_DIR: dir }, stdio: "ignore" });
  return dir;
}

/** Seconds SQLite alone takes to copy the seeded rows into an empty database of the same schema, in one transaction. */
function copySeconds(seeded: string, empty: string): number {
  const db = new Database(path.join(empty, DB_FILE));
  try {
    db.pragma("journal_mode = wal");
    db.pragma("foreign_keys = 1");
    db.prepare("ATTACH DATABASE ? AS seeded").run(path.join(seeded, DB_FILE));
    const started = performance.now();
    db.transaction(() => {
      db.exec("DELETE FROM main.Institution");
      for (const table of SEEDED_TABLES) db.exec(`INSERT INTO main."${table}" SELECT * FROM seeded."${table}"`);
    })();
    return (performance.now() - started) / 1000;
  } finally {
    db.close();
  }
}

/** Rows per second csv-parse reads the file at, alone: the floor of any import of it. */
async function parseRate(file: string): Promise<number> {
  const started = performance.now();
  let rows = 0;
  const records = fs
    .createReadStream(file, { highWaterMark: 1 << 20 })
    .pipe(parse({ bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true }));
  for await (const record of records as AsyncIterable<string[]>) if (record.length) rows++;
  return rows / ((performance.now() - started) / 1000);
}

function chainIntact(dataDir: string): boolean {
  try {
    return run("audit-verify", [], dataDir).includes("audit chain intact");
  } catch {
    return false; // it exits 1 naming what broke, on stderr
  }
}

function number(text: string, pattern: RegExp): number {
  const found = pattern.exec(text);
  if (!found) throw new Error(`unexpected output: ${text.trim().split("\n").at(-1)}`);
  return Number(found[1]);
}

/**
 * Seeds `count` complaints into a new folder (`keep`, or a temporary one removed afterwards) and
 * imports the CFPB sample into another; `verify` also runs audit:verify on the seeded folder.
 */
export async function loadDataBench(options: { count: number; cfpb?: string | null; keep?: string; verify?: boolean; log?: (line: string) => void }) {
  const log = options.log ?? (() => {});
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "cw-bench-load-"));
  try {
    const seeded = migrated(options.keep ? path.resolve(options.keep) : path.join(work, "seeded"));
    log(`seed:demo --count ${options.count} into ${seeded}`);
    const seedOutput = run("seed-demo", ["--count", String(options.count)], seeded);
    const seconds = number(seedOutput, /seeded \d+ demo complaints in ([\d.]+) s/);
    const chainOk = options.verify ? (log("audit:verify"), chainIntact(seeded)) : null;
    log("baseline: SQLite copying the same rows");
    const copy = copySeconds(seeded, migrated(path.join(work, "copy")));
    const result: LoadDataResult = {
      seed: { count: options.count, seconds, perSecond: options.count / seconds, copySeconds: copy, ratioToCopy: seconds / copy, chainOk },
      import: null,
    };
    const file = options.cfpb === undefined ? cfpbSample() : options.cfpb;
    if (file) {
      log(`import:cfpb ${path.basename(file)}`);
      const output = run("import-cfpb", [file], migrated(path.join(work, "import")));
      const importSeconds = number(output, /in ([\d.]+) s \(/);
      const rows = number(output, /rows read: (\d+)/);
      const parsePerSecond = await parseRate(file);
      const perSecond = rows / importSeconds;
      result.import = {
        file,
        rows,
        imported: number(output, /imported: (\d+)/),
        seconds: importSeconds,
        perSecond,
        parsePerSecond,
        ratioToParse: perSecond / parsePerSecond,
      };
    }
    return result;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { count: { type: "string", default: "100000" }, cfpb: { type: "string" }, keep: { type: "string" }, verify: { type: "boolean", default: false } },
  });
  const result = await loadDataBench({
    count: Number(values.count),
    cfpb: values.cfpb,
    keep: values.keep,
    verify: values.verify,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  const { seed } = result;
  console.log(`seed:demo, ${seed.count} complaints: ${seed.seconds.toFixed(1)} s, ${Math.round(seed.perSecond)} complaints/s`);
  console.log(`  baseline: SQLite copying the same rows ${seed.copySeconds.toFixed(1)} s; seed ${seed.ratioToCopy.toFixed(1)}× that`);
  console.log(`  a million at this rate: ${(1_000_000 / seed.perSecond / 60).toFixed(1)} min (target < 10 min)`);
  if (seed.chainOk !== null) console.log(`  audit:verify: ${seed.chainOk ? "chain intact" : "FAILED"}`);
  const imported = result.import;
  if (imported) {
    console.log(
      `import:cfpb, ${path.basename(imported.file)}: ${imported.rows} rows (${imported.imported} imported) in ${imported.seconds.toFixed(2)} s, ${Math.round(imported.perSecond)} rows/s (target ≥ 5,000)`,
    );
    console.log(`  baseline: csv-parse alone ${Math.round(imported.parsePerSecond)} rows/s; import ${imported.ratioToParse.toFixed(2)}× that`);
  } else console.log("import:cfpb: no CFPB sample (set CFPB_SAMPLE or pass --cfpb)");
}
