// Files complaints with a 1 KB, a 20 MB and a 100 MB recording against the built
// server, and reads the server's peak resident memory (VmHWM) from /proc after
// each size. A server that held uploads in memory would grow by at least the
// file's size; a streaming one grows by a bounded amount (buffers the garbage
// collector has not yet returned), the same for 20 MB as for 100 MB.
// Usage: npm run build && node bench/upload.mjs [rounds]
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startBenchServer } from "./server.mjs";

const rounds = Number(process.argv[2] ?? 5);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-bench-"));
execFileSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env, DATA_DIR: dataDir }, stdio: "ignore" });

const server = await startBenchServer({ DATA_DIR: dataDir, SESSION_SECRET: "b".repeat(40), MAX_FILE_MB: "120" });
const base = server.base;

async function fileOnce(bytes) {
  const page = await fetch(`${base}/complaints/new`);
  const cookie = page.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const csrf = (await page.text()).match(/name="csrf" value="([^"]+)"/)[1];
  const form = new FormData();
  for (const [k, v] of Object.entries({
    csrf,
    institution: "招商银行",
    product: "credit_card",
    categories: "harassment.repeated_calls",
    incidentStart: "2026-10-01",
    narrative: "催收员一天打了三十多个电话，还在晚上十一点以后打。",
    priorComplaint: "no",
    consumerPhone: "13912345678",
    region: "310000",
  }))
    form.append(k, v);
  // A WAV header makes the bytes a real recording; the rest is noise, unique each round.
  const header = Buffer.from("524946460000000057415645666d74201000000001000100401f0000803e0000020010006461746100000000", "hex");
  form.append("evidence", new File([header, randomBytes(bytes - header.length)], "recording.wav"));
  const started = performance.now();
  const response = await fetch(`${base}/complaints/new`, { method: "POST", body: form, headers: { cookie }, redirect: "manual" });
  const ms = performance.now() - started;
  if (response.status !== 302) throw new Error(`filing failed: ${response.status}`);
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = {};
const sizes = [
  ["1 KB", 1024],
  ["20 MB", 20 * 1024 * 1024],
  ["100 MB", 100 * 1024 * 1024],
];
for (const [label, bytes] of sizes) {
  const times = [];
  for (let i = 0; i < rounds; i++) {
    times.push(await fileOnce(bytes));
    process.stdout.write(`\r${label}: ${i + 1}/${rounds} filed`);
  }
  process.stdout.write("\n");
  results[label] = { medianMs: median(times), peak: server.peakMb() };
}
server.stop();
fs.rmSync(dataDir, { recursive: true, force: true });

const baseline = results["1 KB"];
console.log(`\n| file | median time to file | ratio to 1 KB | server peak RSS after | growth over 1 KB |`);
console.log(`| --- | --- | --- | --- | --- |`);
for (const [label] of sizes) {
  const r = results[label];
  console.log(
    `| ${label} | ${r.medianMs.toFixed(0)} ms | ${(r.medianMs / baseline.medianMs).toFixed(1)}× | ${r.peak.toFixed(1)} MB | ${(r.peak - baseline.peak).toFixed(1)} MB |`,
  );
}
