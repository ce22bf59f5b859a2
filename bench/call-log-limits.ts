// Files the largest call logs the limits allow (a CSV of MAX_CALL_LOG_ROWS rows; a workbook of
// as many rows and 10 columns, MAX_SHEET_CELLS cells) against the built server under
// `npm start`'s 256 MB heap cap, with a 100-row CSV as the baseline in the same run, and the
// two files that used to kill the server (a 200,000-row CSV, a 32,000 × 50 workbook), which
// are now refused. Each filing gets a fresh server, so its peak memory is its own.
// Reported per filing: its time; the longest a visitor waited meanwhile for the start page
// (requested back to back from the client); the longest event-loop stall the server itself
// saw (CALL_LOG_PROBE=1: monitorEventLoopDelay, in 250 ms windows); the server's peak heap
// used (sampled every 250 ms) and its peak resident memory (VmHWM, which includes the worker).
// Each server first files a 100-row log unmeasured, so the numbers are a running server's.
// Usage: npm run bench:call-log-limits
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { MAX_CALL_LOG_ROWS, MAX_SHEET_CELLS } from "~/domain/call-log/limits";
import { callLogCsv, callLogWorkbook, makeSyntheticCalls } from "~/domain/call-log/synthetic";
import { filingWithLog } from "./filing-with-log";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-bench-limits-"));
const env = { ...process.env, DATA_DIR: dataDir, SESSION_SECRET: "b".repeat(40) };
execFileSync("npx", ["prisma", "migrate", "deploy"], { env, stdio: "ignore" });

async function startServer() {
  const child = spawn(process.execPath, ["--max-old-space-size=256", "server.js"], {
    env: { ...env, NODE_ENV: "production", PORT: "0", CALL_LOG_PROBE: "1" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const probes: { at: number; stall: number; heap: number; rss: number }[] = [];
  let out = "";
  const base = await new Promise<string>((resolve) => {
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const lines = out.split("\n");
      out = lines.pop()!;
      for (const line of lines) {
        const listening = line.match(/listening on (http:\/\/[\d.:]+)/);
        if (listening) resolve(listening[1]);
        const probe = line.match(/\[probe\] stall ([\d.]+) ms heap ([\d.]+) MB rss ([\d.]+) MB/);
        if (probe) probes.push({ at: performance.now(), stall: Number(probe[1]), heap: Number(probe[2]), rss: Number(probe[3]) });
      }
    });
  });
  const peakRssMb = () => Number(fs.readFileSync(`/proc/${child.pid}/status`, "utf8").match(/VmHWM:\s+(\d+)/)![1]) / 1024;
  const stop = () => new Promise((resolve) => (child.once("exit", resolve), child.kill("SIGTERM")));
  return { base, probes, peakRssMb, stop };
}

/** A fetch that keeps cookies, as a browser would. */
function session(base: string) {
  const jar = new Map<string, string>();
  return async (url: string, init: RequestInit = {}) => {
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
    const response = await fetch(`${base}${url}`, { ...init, headers: { ...init.headers, cookie }, redirect: "manual" });
    for (const set of response.headers.getSetCookie()) {
      const [pair] = set.split(";");
      jar.set(pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1));
    }
    return response;
  };
}

async function file(base: string, log: File) {
  const get = session(base);
  const csrf = (await (await get("/complaints/new")).text()).match(/name="csrf" value="([^"]+)"/)![1];
  const form = filingWithLog(csrf, log);
  return get("/complaints/new", { method: "POST", body: form });
}

const warmUp = new File([callLogCsv(makeSyntheticCalls(100, 9))], "预热.csv");

async function fileOnce(label: string, log: File) {
  const server = await startServer();
  // A first filing compiles what every filing runs (routes, queries); the one measured is the second.
  if ((await file(server.base, warmUp)).status !== 302) throw new Error("warm-up filing failed");
  await new Promise((resolve) => setTimeout(resolve, 600)); // the warm-up out of the probe's windows
  const idleRss = server.peakRssMb();
  const started = performance.now();
  let done = false;
  const filing = file(server.base, log).then(async (response) => {
    const ms = performance.now() - started;
    done = true;
    return { status: response.status, ms, body: response.status === 400 ? await response.text() : "" };
  });
  const waits: number[] = [];
  const visitor = session(server.base);
  while (!done) {
    const asked = performance.now();
    await (await visitor("/")).text();
    waits.push(performance.now() - asked);
  }
  const result = await filing;
  await new Promise((resolve) => setTimeout(resolve, 300)); // the probe window that holds the end
  const during = server.probes.filter((p) => p.at >= started);
  const row = {
    label,
    kb: log.size / 1024,
    outcome:
      result.status === 302
        ? "filed"
        : `refused: ${(result.body.match(/id="callLog-error"[^>]*>([\s\S]*?)<\/ul>/)?.[1] ?? String(result.status)).replace(/<[^>]+>/g, "").trim()}`,
    ms: result.ms,
    gets: waits.length,
    longestGetMs: Math.max(0, ...waits),
    stallMs: Math.max(0, ...during.map((p) => p.stall)),
    heapMb: Math.max(0, ...during.map((p) => p.heap)),
    idleRss,
    peakRssMb: server.peakRssMb(),
  };
  await server.stop();
  console.error(`${label}: ${row.outcome}`);
  return row;
}

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const rows = [
  await fileOnce("CSV, 100 rows (baseline)", new File([callLogCsv(makeSyntheticCalls(100, 1))], "通话记录.csv")),
  await fileOnce(`CSV, ${MAX_CALL_LOG_ROWS} rows (largest allowed)`, new File([callLogCsv(makeSyntheticCalls(MAX_CALL_LOG_ROWS, 2))], "通话记录.csv")),
  await fileOnce(
    `.xlsx, ${MAX_CALL_LOG_ROWS} rows × 10 columns (largest allowed, ${MAX_SHEET_CELLS} cells)`,
    new File([Buffer.from(callLogWorkbook(makeSyntheticCalls(MAX_CALL_LOG_ROWS, 3), { fillerColumns: 6 }))], "通话记录.xlsx", { type: XLSX }),
  ),
  await fileOnce("CSV, 200,000 rows (over the limit)", new File([callLogCsv(makeSyntheticCalls(200_000, 4))], "通话记录.csv")),
  await fileOnce(
    ".xlsx, 32,000 rows × 50 columns (over the limit)",
    new File([Buffer.from(callLogWorkbook(makeSyntheticCalls(32_000, 5), { fillerColumns: 46 }))], "通话记录.xlsx", { type: XLSX }),
  ),
];
fs.rmSync(dataDir, { recursive: true, force: true });

const base = rows[0];
console.log(
  "\n| call log | size | outcome | time to answer | ratio | longest wait of a page meanwhile (pages) | longest event-loop stall | peak heap used | server peak RSS (idle before) |",
);
console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
for (const r of rows)
  console.log(
    `| ${r.label} | ${r.kb >= 1024 ? `${(r.kb / 1024).toFixed(1)} MB` : `${r.kb.toFixed(0)} KB`} | ${r.outcome} | ${r.ms.toFixed(0)} ms | ${(r.ms / base.ms).toFixed(1)}× | ${r.longestGetMs.toFixed(0)} ms (${r.gets}) | ${r.stallMs.toFixed(0)} ms | ${r.heapMb.toFixed(0)} MB | ${r.peakRssMb.toFixed(0)} MB (${r.idleRss.toFixed(0)} MB) |`,
  );
