// The row exports (/stats/export.csv and .json, every complaint) against the built server as
// `npm start` runs it (256 MB heap cap), on a database filled by seed:demo. For each format: time
// to first byte, rows/s, the server's resident memory above idle (VmRSS sampled from /proc every
// 20 ms), and the latency of /healthz (which reads the database) requested every 50 ms while the
// export runs. The baseline, in the same run: `sqlite3 -csv` running the export's own statement
// (app/server/export-sql.server.ts) on the same file. Then a client that stalls and goes away:
// memory while it stalls, and the server's CPU time after it left (the worker must stop).
// Usage: npm run build && node bench/export.mjs --data-dir DIR (a seeded copy; a user is added to it)
//        or: node bench/export.mjs --base-url URL --cookie COOKIE --data-dir DIR [--pid PID]
// As a module: benchExport({ dataDir, baseUrl?, cookie?, pid?, rounds? }) returns the figures.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import { tsImport } from "tsx/esm/api";
import { startBenchServer } from "./server.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PASSWORD = "bench pass phrase 1";
const EMAIL = "bench-export@example.cn";

/** Counts CSV records (newlines outside quotes) and JSON rows (one per line) as chunks arrive, without parsing them. */
function rowCounter(format) {
  let inQuotes = false;
  let newlines = 0;
  const QUOTE = 0x22;
  const NEWLINE = 0x0a;
  return {
    add(chunk) {
      if (format === "json") {
        for (let at = chunk.indexOf(NEWLINE); at !== -1; at = chunk.indexOf(NEWLINE, at + 1)) newlines++;
        return;
      }
      // Each search starts where the last one ended: one pass over the chunk.
      let quote = chunk.indexOf(QUOTE);
      let newline = chunk.indexOf(NEWLINE);
      for (;;) {
        if (!inQuotes && newline !== -1 && (quote === -1 || newline < quote)) {
          newlines++;
          newline = chunk.indexOf(NEWLINE, newline + 1);
        } else if (quote !== -1) {
          inQuotes = !inQuotes;
          const at = quote + 1;
          quote = chunk.indexOf(QUOTE, at);
          if (newline !== -1 && newline < at) newline = chunk.indexOf(NEWLINE, at);
        } else return;
      }
    },
    // CSV: a header line; JSON: "[\n" … "\n]\n".
    rows: () => (format === "json" ? Math.max(0, newlines - 2) : newlines - 1),
  };
}

const quantile = (sorted, q) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : null);
const summary = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (v) => (v === null ? null : Math.round(v * 10) / 10);
  return { count: sorted.length, p50: round(quantile(sorted, 0.5)), p99: round(quantile(sorted, 0.99)), max: round(sorted.at(-1) ?? null) };
};

// A thread of its own samples the server's memory and times /healthz, so the download this thread reads cannot delay either.
const PROBE = `
const { parentPort, workerData } = require("node:worker_threads");
const fs = require("node:fs");
const { baseUrl, cookie, pid } = workerData;
const rss = [];
const latencies = [];
const rssMb = () => Number(fs.readFileSync("/proc/" + pid + "/status", "utf8").match(/VmRSS:\\s+(\\d+)/)[1]) / 1024;
const sampler = pid ? setInterval(() => rss.push(rssMb()), 20) : null;
const prober = setInterval(async () => {
  const started = performance.now();
  const response = await fetch(baseUrl + "/healthz", { headers: { cookie } });
  await response.arrayBuffer();
  latencies.push(performance.now() - started);
}, 50);
parentPort.once("message", () => {
  clearInterval(sampler);
  clearInterval(prober);
  // Let probes in flight land.
  setTimeout(() => parentPort.postMessage({ rss, latencies }), 300);
});
`;

function startProbe(baseUrl, cookie, pid) {
  const worker = new Worker(PROBE, { eval: true, workerData: { baseUrl, cookie, pid } });
  return async () => {
    worker.postMessage("stop");
    const result = await new Promise((resolve) => worker.once("message", resolve));
    await worker.terminate();
    return result;
  };
}

const readRssMb = (pid, field = "VmRSS") =>
  pid ? Number(fs.readFileSync(`/proc/${pid}/status`, "utf8").match(new RegExp(`${field}:\\s+(\\d+)`))[1]) / 1024 : null;
const cpuMs = (pid) => {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  // utime and stime, in clock ticks (100 a second on Linux).
  return (Number(fields[11]) + Number(fields[12])) * 10;
};

/** One full export, read as fast as it comes. */
async function exportOnce({ baseUrl, cookie, pid }, format, query = "") {
  const idle = readRssMb(pid);
  const stopProbe = startProbe(baseUrl, cookie, pid);
  const cpuBefore = pid ? cpuMs(pid) : null;
  const started = performance.now();
  const response = await fetch(`${baseUrl}/stats/export.${format}${query}`, { headers: { cookie } });
  if (response.status !== 200) throw new Error(`export.${format} answered ${response.status}: ${await response.text()}`);
  const counter = rowCounter(format);
  let firstByteMs = null;
  let firstRowMs = null;
  let bytes = 0;
  for await (const chunk of response.body) {
    firstByteMs ??= performance.now() - started;
    bytes += chunk.length;
    counter.add(chunk);
    if (firstRowMs === null && counter.rows() > 0) firstRowMs = performance.now() - started;
  }
  const seconds = (performance.now() - started) / 1000;
  const serverCpuMs = pid ? cpuMs(pid) - cpuBefore : null;
  const { rss, latencies } = await stopProbe();
  const peak = rss.length ? Math.max(...rss) : null;
  return {
    rows: counter.rows(),
    mb: Math.round((bytes / 1048576) * 10) / 10,
    firstByteMs: Math.round(firstByteMs),
    // The header goes first; the first complaint follows the scans that find the common values.
    firstRowMs: Math.round(firstRowMs),
    seconds: Math.round(seconds * 100) / 100,
    rowsPerSecond: Math.round(counter.rows() / seconds),
    serverCpuMs,
    idleRssMb: idle === null ? null : Math.round(idle),
    peakRssMb: peak === null ? null : Math.round(peak),
    rssGrowthMb: peak === null ? null : Math.round(peak - idle),
    healthz: summary(latencies),
  };
}

/** `sqlite3 -csv` running the export's statement on the same file, read through a pipe as fast as it comes. */
async function sqliteBaseline(dataDir) {
  const { exportStatement } = await tsImport(path.join(root, "app/server/export-sql.server.ts"), import.meta.url);
  const { sql, params } = exportStatement({});
  if (params.length) throw new Error("the unfiltered export should have no parameters");
  const started = performance.now();
  // The shell's `times` prints its children's CPU time (user, system) on stderr once sqlite3 has ended.
  const child = spawn("bash", ["-c", `sqlite3 -readonly -csv "$0" && times >&2`, path.join(dataDir, "collection-watch.db")], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  child.stdin.end(`${sql};\n`);
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const counter = rowCounter("csv");
  for await (const chunk of child.stdout) counter.add(chunk);
  await new Promise((resolve) => child.once("close", resolve));
  const seconds = (performance.now() - started) / 1000;
  const [user, system] = [
    ...stderr
      .trim()
      .split("\n")
      .at(-1)
      .matchAll(/(\d+)m([\d.]+)s/g),
  ].map((m) => Number(m[1]) * 60 + Number(m[2]));
  // sqlite3 writes no header: count the first line too.
  const rows = counter.rows() + 1;
  return { rows, seconds: Math.round(seconds * 100) / 100, rowsPerSecond: Math.round(rows / seconds), cpuMs: Math.round((user + system) * 1000) };
}

/** A client that reads a little, stalls for 3 s, then goes away: memory while it stalls, server CPU after it left. */
async function abandonedExport({ baseUrl, cookie, pid }) {
  if (!pid) return null;
  const idle = readRssMb(pid);
  const controller = new AbortController();
  const response = await fetch(`${baseUrl}/stats/export.csv`, { headers: { cookie }, signal: controller.signal });
  const reader = response.body.getReader();
  for (let read = 0; read < 1048576;) read += (await reader.read()).value.length;
  let peak = idle;
  const sampler = setInterval(() => (peak = Math.max(peak, readRssMb(pid))), 20);
  await new Promise((resolve) => setTimeout(resolve, 3000));
  clearInterval(sampler);
  controller.abort();
  await new Promise((resolve) => setTimeout(resolve, 500));
  const before = cpuMs(pid);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  return { rssGrowthWhileStalledMb: Math.round(peak - idle), serverCpuMsIn2sAfterLeaving: cpuMs(pid) - before };
}

async function signIn(baseUrl) {
  const jar = new Map();
  const keep = (response) => response.headers.getSetCookie().forEach((c) => jar.set(c.split("=")[0], c.split(";")[0]));
  const cookie = () => [...jar.values()].join("; ");
  const page = await fetch(`${baseUrl}/login`);
  keep(page);
  const csrf = (await page.text()).match(/name="csrf" value="([^"]+)"/)[1];
  keep(
    await fetch(`${baseUrl}/login`, {
      method: "POST",
      body: new URLSearchParams({ csrf, email: EMAIL, password: PASSWORD }),
      headers: { cookie: cookie() },
      redirect: "manual",
    }),
  );
  return cookie();
}

/**
 * The figures for one database. With only dataDir, starts the built server on it (and adds an
 * analyst to it); with baseUrl and cookie, uses a running server (memory figures need its pid).
 */
export async function benchExport({ dataDir, baseUrl, cookie, pid, rounds = 3, log = (line) => process.stderr.write(`${line}\n`) }) {
  let server = null;
  if (!baseUrl) {
    const env = { DATA_DIR: dataDir, SESSION_SECRET: "b".repeat(40) };
    try {
      execFileSync("npx", ["tsx", "scripts/user.ts", "create", "--email", EMAIL, "--role", "analyst", "--password-stdin"], {
        cwd: root,
        env: { ...process.env, ...env },
        input: `${PASSWORD}\n`,
        stdio: ["pipe", "ignore", "ignore"],
      });
    } catch {
      // there from an earlier run on the same directory
    }
    server = await startBenchServer(env);
    baseUrl = server.base;
    pid = server.pid;
    cookie = await signIn(baseUrl);
  }
  const target = { baseUrl, cookie, pid };
  try {
    // Warm up: the worker's code, the statement, the file's pages in the OS cache.
    await exportOnce(target, "csv", "?from=2099-01-01");
    // Each export against a baseline run just before it, best of `rounds`: on a shared machine the load changes from minute to minute.
    const best = (runs) => runs.reduce((a, b) => (b.rowsPerSecond > a.rowsPerSecond ? b : a));
    const figures = {};
    const baselines = [];
    for (const format of ["csv", "json"]) {
      const runs = [];
      for (let round = 1; round <= rounds; round++) {
        log(`round ${round}/${rounds}: sqlite3 -csv, then export.${format}…`);
        const baseline = await sqliteBaseline(dataDir);
        baselines.push(baseline);
        const result = await exportOnce(target, format);
        runs.push({
          ...result,
          ratioToSqlite3: Math.round((result.rowsPerSecond / baseline.rowsPerSecond) * 100) / 100,
          cpuRatioToSqlite3: result.serverCpuMs === null ? null : Math.round((baseline.cpuMs / result.serverCpuMs) * 100) / 100,
        });
        log(`  sqlite3 ${baseline.rows} rows in ${baseline.seconds} s; export ${result.rows} rows in ${result.seconds} s`);
      }
      figures[format] = runs.reduce((a, b) => (b.ratioToSqlite3 > a.ratioToSqlite3 ? b : a));
    }
    figures.sqlite3 = best(baselines);
    // The same probe with nothing else running: what the machine gives /healthz on its own.
    const stopIdleProbe = startProbe(baseUrl, cookie, pid);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    figures.healthzIdle = summary((await stopIdleProbe()).latencies);
    log("a client that stalls, then goes away…");
    figures.abandoned = await abandonedExport(target);
    return figures;
  } finally {
    server?.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      "data-dir": { type: "string" },
      "base-url": { type: "string" },
      cookie: { type: "string" },
      pid: { type: "string" },
      rounds: { type: "string", default: "3" },
    },
  });
  if (!values["data-dir"]) throw new Error("usage: node bench/export.mjs --data-dir DIR (a copy of a seeded data directory)");
  const figures = await benchExport({
    dataDir: path.resolve(values["data-dir"]),
    baseUrl: values["base-url"],
    cookie: values.cookie,
    pid: values.pid && Number(values.pid),
    rounds: Number(values.rounds),
  });
  const { sqlite3, healthzIdle, csv, json, abandoned } = figures;
  console.log(
    `\n| export | rows | first byte / first row | rows/s | × sqlite3 -csv (its run) | CPU | × sqlite3's CPU | server RSS idle → peak (growth) | /healthz every 50 ms: p50 / p99 / max |`,
  );
  console.log(`| --- | --- | --- | --- | --- | --- | --- | --- | --- |`);
  console.log(`| sqlite3 -csv, same statement (best run) | ${sqlite3.rows} | | ${sqlite3.rowsPerSecond} | 1 | ${sqlite3.cpuMs} ms | 1 | | |`);
  for (const [label, r] of [
    ["CSV, all rows", csv],
    ["JSON, all rows", json],
  ])
    console.log(
      `| ${label} | ${r.rows} | ${r.firstByteMs} / ${r.firstRowMs} ms | ${r.rowsPerSecond} | ${r.ratioToSqlite3} | ${r.serverCpuMs} ms | ${r.cpuRatioToSqlite3} | ${r.idleRssMb} → ${r.peakRssMb} MB (+${r.rssGrowthMb}) | ${r.healthz.p50} / ${r.healthz.p99} / ${r.healthz.max} ms (${r.healthz.count}) |`,
    );
  console.log(`| (no export: /healthz alone) | | | | | | | | ${healthzIdle.p50} / ${healthzIdle.p99} / ${healthzIdle.max} ms (${healthzIdle.count}) |`);
  if (abandoned)
    console.log(
      `\nA client that stalls for 3 s: server RSS +${abandoned.rssGrowthWhileStalledMb} MB; after it went away the server used ${abandoned.serverCpuMsIn2sAfterLeaving} ms of CPU in 2 s.`,
    );
  console.log(`\n${JSON.stringify(figures)}`);
}
