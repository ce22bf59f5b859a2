// npm run bench [-- --quick] [--sizes 10000,100000,1000000] [--data DIR ...] [--cache DIR] [--areas export,triage] [--engines sqlite,postgres]
//                 [--times N] [--budget SECONDS] [--duration SECONDS] [--results FILE] [--json FILE]
// The suite of issue 12: for each size, a seeded database (cached between runs; --data reuses a
// seeded directory, never writing to it), the built server on a copy of it, and every measurement
// of bench/lib/registry.ts, each figure beside a baseline taken in the same run; then the fixed cost
// of a page on an empty database. Writes its section of bench/RESULTS.md (and --json).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { countComplaints, createUsers, DB_FILE, EMAILS, emptyDir, PASSWORD, pickValues, ROOT, seededDir, workingCopy, type SeedRecord } from "./lib/data";
import { failedFigure } from "./lib/figures";
import type { BenchContext, Figure } from "./lib/measurement";
import { seedFigures } from "./lib/measure/data";
import { MEASUREMENTS } from "./lib/registry";
import { dropPostgresCopy, postgresCopy } from "./lib/postgres";
import { ENGINE_NAMES, enginesSection, formatValue, markdownSection, sectionKey, writeSection, type Engine, type SuiteRun } from "./lib/report";
import { startServer, type BenchServer } from "./lib/server";
import { Session } from "./lib/session";
// The bare Remix page, served only with BENCH_FLOOR=1.
import { FLOOR_PATH } from "./floor-build.mjs";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    sizes: { type: "string" },
    data: { type: "string", multiple: true, default: [] },
    cache: { type: "string", default: process.env.BENCH_CACHE ?? path.join(os.tmpdir(), "collection-watch-bench") },
    times: { type: "string" },
    budget: { type: "string" },
    duration: { type: "string" },
    results: { type: "string", default: path.join(ROOT, "bench/RESULTS.md") },
    json: { type: "string" },
    areas: { type: "string" },
    engines: { type: "string", default: "sqlite" },
  },
});
// --engines sqlite,postgres: the same sizes on each engine in one run (PostgreSQL: BENCH_PG_URL), then both side by side.
const engines = [...new Set(values.engines.split(",").map((e) => e.trim()))] as Engine[];
const unknownEngine = engines.find((e) => !(e in ENGINE_NAMES));
if (unknownEngine) throw new Error(`--engines: no engine "${unknownEngine}"; there are ${Object.keys(ENGINE_NAMES).join(", ")}`);
const quick = values.quick;
// --areas: only these measurements (while working on one area); the report then holds only their figures.
const areas = values.areas?.split(",").map((area) => area.trim());
const unknown = areas?.filter((area) => !MEASUREMENTS.some((m) => m.area === area));
if (unknown?.length) throw new Error(`--areas: no measurement "${unknown.join(", ")}"; there are ${MEASUREMENTS.map((m) => m.area).join(", ")}`);
const chosen = MEASUREMENTS.filter((m) => !areas || areas.includes(m.area));
const positive = (text: string | undefined, fallback: number, what: string) => {
  const value = text === undefined ? fallback : Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${what} must be a positive number, not "${text}"`);
  return value;
};
const times = positive(values.times, quick ? 10 : 30, "--times");
const budgetSeconds = positive(values.budget, quick ? 10 : 60, "--budget");
const loadSeconds = positive(values.duration, quick ? 5 : 30, "--duration");
const given = new Map(values.data.map((dir) => [countComplaints(dir), path.resolve(dir)]));
const sizes = [
  ...new Set([
    // --data alone measures that data only.
    ...(values.sizes?.split(",").map((s) => positive(s.replace(/_/g, ""), 0, "--sizes")) ??
      (given.size ? [] : quick ? [2_000, 10_000] : [10_000, 100_000, 1_000_000])),
    ...given.keys(),
  ]),
].sort((a, b) => a - b);

// Progress: one line rewritten in place at a terminal; elsewhere (CI logs) a line every 5 s.
let progressOpen = false;
let lastProgress = 0;
function progress(message: string) {
  const now = Date.now();
  if (now - lastProgress < (process.stderr.isTTY ? 200 : 5000)) return;
  lastProgress = now;
  if (process.stderr.isTTY) {
    process.stderr.write(`\r${message.slice(0, 110).padEnd(110)}`);
    progressOpen = true;
  } else process.stderr.write(`  … ${message}\n`);
}
const started = Date.now();
function log(message: string) {
  if (progressOpen) process.stderr.write("\n");
  progressOpen = false;
  const seconds = Math.round((Date.now() - started) / 1000);
  process.stderr.write(`[${String(Math.floor(seconds / 60)).padStart(2, "0")}:${String(seconds % 60).padStart(2, "0")}] ${message}\n`);
}

async function floorPath(server: BenchServer): Promise<string> {
  const response = await fetch(server.base + FLOOR_PATH);
  await response.arrayBuffer();
  return response.status === 200 ? FLOOR_PATH : "/healthz";
}

const areaOf = new Map<string, string>();
let usedFloor = "/healthz";

/** Every measurement for one database (size 0: the empty one) on a server started on `dir`. */
async function measure(size: number, dir: string, seed: SeedRecord | null | undefined): Promise<Figure[]> {
  const name = size ? `${size.toLocaleString("en-US")} complaints` : "the empty database";
  const picks = pickValues(dir);
  log(`${name}: starting the server, creating the reviewers`);
  let server = await startServer(dir);
  const figures: Figure[] = [];
  try {
    // After the server's first start: it loads the institution directory the bank reviewer needs.
    await createUsers(dir, picks.institution);
    usedFloor = await floorPath(server);
    if (seed !== undefined) {
      for (const figure of seedFigures(seed)) areaOf.set(figure.id, "data");
      figures.push(...seedFigures(seed));
    }
    for (const measurement of chosen.filter((m) => m.database === (size ? "seeded" : "empty"))) {
      if (!server.alive()) {
        log(`  the server had exited; starting it again`);
        server = await startServer(dir);
      } else if (measurement.freshServer) {
        await server.stop();
        server = await startServer(dir);
      }
      log(`${name}: ${measurement.area}`);
      const current = server;
      const context: BenchContext = {
        size,
        quick,
        times,
        budgetSeconds,
        loadSeconds,
        dataDir: dir,
        dbFile: path.join(dir, DB_FILE),
        server: current,
        login: (role) => new Session(current.base).login(EMAILS[role], PASSWORD),
        picks,
        floorPath: usedFloor,
        progress,
      };
      let found: Figure[];
      try {
        found = await measurement.run(context);
      } catch (error) {
        found = [failedFigure(`${measurement.area}.failed`, `${measurement.area}: did not finish`, error)];
      }
      if (!current.alive()) {
        const last = current.logs().trim().split("\n").at(-1) ?? "";
        found.push({
          id: `${measurement.area}.exited`,
          label: `${measurement.area}: the server exited`,
          value: 1,
          unit: "count",
          target: "0",
          meets: false,
          note: last,
        });
      }
      for (const figure of found) {
        areaOf.set(figure.id, measurement.area);
        const base = figure.baseline ? `  (baseline ${formatValue(figure.baseline.value, figure.unit)})` : "";
        log(`  ${figure.label}: ${formatValue(figure.value, figure.unit)}${base}${figure.meets === false ? "  ✗" : ""}`);
      }
      figures.push(...found);
    }
  } finally {
    await server.stop();
  }
  return figures;
}

function machine(): string {
  const cpus = os.cpus();
  return `${cpus[0]?.model.trim() ?? "unknown CPU"} (${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB), Linux ${os.release()}, Node ${process.version}, load average ${os.loadavg()[0].toFixed(1)} at the start`;
}

function commit(): string {
  try {
    const sha = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd: ROOT, encoding: "utf8" }).trim();
    return `${sha}${dirty ? " with local changes" : ""}`;
  } catch {
    return "unknown";
  }
}

/** Every measurement at every size on one engine. */
async function runOn(engine: Engine): Promise<SuiteRun> {
  const run: SuiteRun = {
    mode: quick ? "quick" : "full",
    engine,
    date: new Date().toISOString().slice(0, 10),
    machine: machine(),
    commit: commit(),
    floorPath: "",
    figures: new Map(),
  };
  log(`issue 12 suite (${run.mode}) on ${ENGINE_NAMES[engine]}: ${sizes.join(", ")} complaints; ${machine()}`);
  // The empty database's figures (a page's fixed cost, the importer) are the app's, not the engine's: SQLite's run has them.
  if (engine === "sqlite" && chosen.some((m) => m.database === "empty")) {
    const empty = await emptyDir();
    try {
      run.figures.set(0, await measure(0, empty, undefined));
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  }
  for (const size of sizes) {
    const source = given.get(size);
    const seeded = source ? { dir: source, seed: null } : await seededDir(values.cache, size, log);
    log(`copying ${seeded.dir} to run on`);
    const dir = await workingCopy(seeded.dir);
    // Set for the servers and the `npm run user` the measurements start; SQLite's run has none.
    const databaseUrl = engine === "postgres" ? await postgresCopy(size, seeded.dir, dir, log) : null;
    if (databaseUrl) process.env.DATABASE_URL = databaseUrl;
    try {
      run.figures.set(size, await measure(size, dir, seeded.seed));
    } finally {
      delete process.env.DATABASE_URL;
      if (databaseUrl) dropPostgresCopy(databaseUrl);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  run.floorPath = usedFloor;
  return run;
}

async function main() {
  if (!fs.existsSync(path.join(ROOT, "build/index.js"))) throw new Error("no build: run `npm run build` first (`npm run bench` does)");
  // The measured server reads DATABASE_URL: only the PostgreSQL run sets it.
  delete process.env.DATABASE_URL;
  const runs = new Map<Engine, SuiteRun>();
  for (const engine of engines) {
    const run = await runOn(engine);
    runs.set(engine, run);
    const section = markdownSection(run, areaOf);
    process.stdout.write(`\n${section}`);
    writeSection(values.results, sectionKey(run.mode, engine), section);
  }
  const [onSqlite, onPostgres] = [runs.get("sqlite"), runs.get("postgres")];
  if (onSqlite && onPostgres) {
    const section = enginesSection(onSqlite, onPostgres);
    process.stdout.write(`\n${section}`);
    writeSection(values.results, sectionKey(onSqlite.mode, "engines"), section);
  }
  log(`written to ${values.results}`);
  const figuresOf = (run: SuiteRun) => ({ ...run, figures: Object.fromEntries(run.figures) });
  if (values.json)
    fs.writeFileSync(
      values.json,
      JSON.stringify(runs.size === 1 ? figuresOf([...runs.values()][0]) : Object.fromEntries([...runs].map(([e, r]) => [e, figuresOf(r)])), null, 2),
    );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    log(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
