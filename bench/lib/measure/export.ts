// The row exports of every complaint (CSV and JSON) as an analyst downloads them: time to the first
// byte, rows a second beside `sqlite3 -csv` dumping the same columns from the same file, the
// server's resident memory above idle, and a light request every 50 ms meanwhile.
import { spawn } from "node:child_process";
import { EXPORT_SQL } from "../bare-sql";
import { tally } from "../figures";
import type { BenchContext, Figure, Measurement } from "../measurement";
import { attempt, Session, type Outcome } from "../session";
import { quantile, round } from "../timing";

const MAX_WAITING = 100;

/** A light request (the floor page) sent every `everyMs` whether or not the last one has answered (up to MAX_WAITING at once). */
function probe(context: BenchContext, everyMs = 50) {
  const session = new Session(context.server.base);
  const controller = new AbortController();
  const outcomes: Promise<Outcome>[] = [];
  let waiting = 0;
  const timer = setInterval(() => {
    // A server blocked for minutes would otherwise collect thousands of sockets; the longest wait is already measured.
    if (waiting >= MAX_WAITING) return;
    waiting++;
    outcomes.push(attempt(session, context.floorPath, controller.signal).finally(() => waiting--));
  }, everyMs);
  return {
    stop: async () => {
      clearInterval(timer);
      controller.abort();
      return Promise.all(outcomes);
    },
  };
}

/** `sqlite3 -csv` of the export's columns: rows a second, or null when sqlite3 is not installed. */
async function sqliteCsv(dbFile: string): Promise<{ rows: number; seconds: number } | null> {
  const started = performance.now();
  const child = spawn("sqlite3", ["-readonly", "-csv", "-header", dbFile, EXPORT_SQL], { stdio: ["ignore", "pipe", "ignore"] });
  let lines = 0;
  child.stdout.on("data", (chunk: Buffer) => {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
  });
  const code = await new Promise<number | null>((resolve) => {
    child.once("error", () => resolve(null));
    child.once("close", resolve);
  });
  return code === 0 ? { rows: lines - 1, seconds: (performance.now() - started) / 1000 } : null;
}

type Download = { firstByteMs: number | null; seconds: number; rows: number; complete: boolean; error?: string };

/** Downloads the export, counting rows as lines (CSV: after the header; JSON: one element a line, between "[" and "]"). */
async function download(context: BenchContext, session: Session, format: "csv" | "json", timeoutSeconds: number): Promise<Download> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutSeconds * 1000);
  const started = performance.now();
  let firstByteMs: number | null = null;
  let lines = 0;
  let error: string | undefined;
  try {
    const response = await session.fetch(`/stats/export.${format}`, { signal: controller.signal });
    if (response.status !== 200) throw new Error(`answered ${response.status}`);
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      firstByteMs ??= performance.now() - started;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
      context.progress(`export.${format}: ${lines} rows, ${Math.round((performance.now() - started) / 1000)} s`);
    }
  } catch (caught) {
    error = controller.signal.aborted ? `stopped after ${timeoutSeconds} s` : caught instanceof Error ? caught.message : String(caught);
  } finally {
    clearTimeout(timer);
  }
  const rows = Math.max(0, lines - (format === "csv" ? 1 : 2));
  return { firstByteMs, seconds: (performance.now() - started) / 1000, rows, complete: !error, error };
}

export const exports: Measurement = {
  area: "export",
  database: "seeded",
  freshServer: true,
  async run(context) {
    context.progress("export: sqlite3 -csv of the same columns");
    const baseline = await sqliteCsv(context.dbFile);
    const baselineRate = baseline ? round(baseline.rows / baseline.seconds, 0) : null;
    const analyst = await context.login("analyst");
    // A full export on today's code takes far longer than any page; give it ten budgets.
    const timeoutSeconds = Math.max(60, 10 * context.budgetSeconds);
    const figures: Figure[] = [];
    // Idle is the fresh server before the first export: memory the CSV export keeps counts against the JSON one too.
    const idle = context.server.rssMb();
    for (const format of ["csv", "json"] as const) {
      let peak = idle;
      const sampler = setInterval(() => {
        if (context.server.alive()) peak = Math.max(peak, context.server.rssMb() || 0);
      }, 100);
      const light = probe(context);
      const result = await download(context, analyst, format, timeoutSeconds);
      clearInterval(sampler);
      const outcomes = await light.stop();
      const lightMs = outcomes.map((o) => o.ms);
      const failed = tally(outcomes.filter((o) => o.error === "reset" || (o.status !== 0 && o.status !== 200)).map((o) => o.error ?? String(o.status)));
      const note = result.error ? `${result.error} (${result.rows} rows by then)` : undefined;
      const rate = round(result.rows / result.seconds, 0);
      const p99 = round(quantile(lightMs, 0.99));
      const id = `export.${format}`;
      const label = `/stats/export.${format}, all rows`;
      figures.push(
        {
          id: `${id}.firstByte`,
          label: `${label}: first byte`,
          value: round(result.firstByteMs),
          unit: "ms",
          target: "< 1000 ms",
          meets: result.firstByteMs !== null && result.firstByteMs < 1000,
          note,
        },
        { id: `${id}.seconds`, label: `${label}: whole export`, value: result.complete ? round(result.seconds) : null, unit: "s", note },
        {
          id: `${id}.rate`,
          label: `${label}: rows/s`,
          value: rate,
          unit: "rows/s",
          baseline: { label: "sqlite3 -csv of the same columns: rows/s", value: baselineRate },
          target: "≥ 0.5× the baseline",
          meets: result.complete && rate !== null && baselineRate !== null && rate >= 0.5 * baselineRate,
          note,
        },
        {
          id: `${id}.memory`,
          label: `${label}: peak RSS above idle`,
          value: round(peak - idle),
          unit: "MB",
          target: "< 200 MB",
          meets: result.complete && peak - idle < 200,
          note: `idle ${Math.round(idle)} MB, peak since start (VmHWM) ${Math.round(context.server.peakMb())} MB`,
        },
        {
          id: `${id}.others`,
          label: `${label}: a light request every 50 ms meanwhile, p99`,
          value: p99,
          unit: "ms",
          target: "< 100 ms",
          meets: p99 !== null && p99 < 100 && !failed,
          note: `${outcomes.length} requests, max ${Math.round(Math.max(...lightMs, 0))} ms${failed ? `; failed: ${failed}` : ""}`,
        },
      );
      if (!context.server.alive()) break;
    }
    return figures;
  },
};
