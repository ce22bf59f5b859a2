// Exports every complaint as CSV from a database filled by seed:demo, and a quarter of them
// (product=credit_card) as the baseline in the same run, reading the server's peak resident
// memory (VmHWM) after each. A streaming export keeps memory flat as the row count grows.
// Usage: npm run build && node bench/export.mjs [--count 100000] [--data-dir DIR (already seeded)]
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { startBenchServer } from "./server.mjs";

const { values } = parseArgs({ options: { count: { type: "string", default: "100000" }, "data-dir": { type: "string" } } });
const dataDir = values["data-dir"] ?? fs.mkdtempSync(path.join(os.tmpdir(), "cw-bench-export-"));
const env = { ...process.env, DATA_DIR: dataDir, SESSION_SECRET: "b".repeat(40) };
execFileSync("npx", ["prisma", "migrate", "deploy"], { env, stdio: "ignore" });
if (!values["data-dir"]) execFileSync("npx", ["tsx", "scripts/seed-demo.ts", "--count", values.count], { env, stdio: "inherit" });
const password = "bench pass phrase 1";
try {
  execFileSync("npx", ["tsx", "scripts/user.ts", "create", "--email", "bench@example.cn", "--role", "analyst", "--password-stdin"], {
    env,
    input: password,
    stdio: ["pipe", "ignore", "ignore"],
  });
} catch {
  // already there from an earlier run on the same directory
}

const server = await startBenchServer(env);
const { base, peakMb } = server;

const cookies = new Map();
const remember = (r) => r.headers.getSetCookie().forEach((c) => cookies.set(c.split("=")[0], c.split(";")[0]));
const cookie = () => [...cookies.values()].join("; ");
const page = await fetch(`${base}/login`);
remember(page);
const csrf = (await page.text()).match(/name="csrf" value="([^"]+)"/)[1];
remember(
  await fetch(`${base}/login`, {
    method: "POST",
    body: new URLSearchParams({ csrf, email: "bench@example.cn", password }),
    headers: { cookie: cookie() },
    redirect: "manual",
  }),
);

async function exportOnce(query) {
  const started = performance.now();
  const response = await fetch(`${base}/stats/export.csv${query}`, { headers: { cookie: cookie() } });
  if (response.status !== 200) throw new Error(`export failed: ${response.status}`);
  let lines = 0;
  let bytes = 0;
  const decoder = new TextDecoder();
  for await (const chunk of response.body) {
    bytes += chunk.length;
    // Rows are counted as they arrive (quoted narratives have no raw newlines in these rows).
    lines += (decoder.decode(chunk, { stream: true }).match(/\n/g) ?? []).length;
    if (lines % 20000 < 50) process.stdout.write(`\r${query || "(all)"}: ${lines} rows`);
  }
  process.stdout.write("\n");
  const seconds = (performance.now() - started) / 1000;
  return { rows: lines - 1, seconds, rowsPerSecond: (lines - 1) / seconds, mb: bytes / 1048576, peak: peakMb() };
}

const idle = peakMb();
const baseline = await exportOnce("?product=credit_card");
const full = await exportOnce("");
server.stop();

console.log(`\n| export | rows | time | rows/s | CSV size | server peak RSS after | growth over idle |`);
console.log(`| --- | --- | --- | --- | --- | --- | --- |`);
for (const [label, r] of [
  ["product=credit_card (baseline)", baseline],
  ["all complaints", full],
]) {
  console.log(
    `| ${label} | ${r.rows} | ${r.seconds.toFixed(1)} s | ${Math.round(r.rowsPerSecond)} | ${r.mb.toFixed(1)} MB | ${r.peak.toFixed(1)} MB | ${(r.peak - idle).toFixed(1)} MB |`,
  );
}
console.log(
  `\nrows ${(full.rows / baseline.rows).toFixed(1)}× the baseline; rows/s ratio ${(full.rowsPerSecond / baseline.rowsPerSecond).toFixed(2)}; peak memory ratio ${(full.peak / baseline.peak).toFixed(2)}`,
);
