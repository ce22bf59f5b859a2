// Files complaints with synthetic call logs of 100, 1,000 and 10,000 rows against the built
// server, then opens each one's triage page as a regulator (which reads the log afresh and
// lists up to 500 calls). The 100-row log is the baseline in the same run.
// Usage: npm run build && npx tsx bench/call-log-page.ts [rounds]
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { callLogCsv, makeSyntheticCalls } from "~/domain/call-log/synthetic";
import { filingWithLog } from "./filing-with-log";
import { startBenchServer } from "./server.mjs";

const rounds = Number(process.argv[2] ?? 5);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-bench-"));
const env = { ...process.env, DATA_DIR: dataDir, SESSION_SECRET: "b".repeat(40) };
execFileSync("npx", ["prisma", "migrate", "deploy"], { env, stdio: "ignore" });
const password = "correct horse battery staple";
execFileSync("npx", ["tsx", "scripts/user.ts", "create", "--email", "bench@example.cn", "--role", "regulator", "--password-stdin"], {
  env,
  input: `${password}\n`,
  stdio: ["pipe", "ignore", "inherit"],
});

const server = await startBenchServer({ DATA_DIR: dataDir, SESSION_SECRET: "b".repeat(40) });
const base = server.base;

/** A fetch that keeps cookies, as a browser would. */
function session() {
  const jar = new Map<string, string>();
  return async (url: string, init: RequestInit = {}) => {
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
    const response = await fetch(`${base}${url}`, { ...init, headers: { ...init.headers, cookie }, redirect: "manual" });
    for (const set of response.headers.getSetCookie()) {
      const [pair] = set.split(";");
      const at = pair.indexOf("=");
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return response;
  };
}
const csrfOf = (html: string) => html.match(/name="csrf" value="([^"]+)"/)![1];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function file(rows: number): Promise<{ code: string; ms: number }> {
  const get = session();
  const csrf = csrfOf(await (await get("/complaints/new")).text());
  const form = filingWithLog(csrf, new File([callLogCsv(makeSyntheticCalls(rows, rows))], "通话记录.csv"));
  const started = performance.now();
  const response = await get("/complaints/new", { method: "POST", body: form });
  const ms = performance.now() - started;
  if (response.status !== 302) throw new Error(`filing failed: ${response.status}`);
  return { code: response.headers.get("location")!.split("/")[2], ms };
}

const reviewer = session();
const login = csrfOf(await (await reviewer("/login")).text());
await reviewer("/login", { method: "POST", body: new URLSearchParams({ csrf: login, email: "bench@example.cn", password }) });

const sizes = [100, 1_000, 10_000];
const results = new Map<number, { fileMs: number; pageMs: number; pageKb: number }>();
for (const rows of sizes) {
  const filings: number[] = [];
  const pages: number[] = [];
  let code = "";
  let bytes = 0;
  for (let i = 0; i < rounds; i++) {
    const filed = await file(rows);
    filings.push(filed.ms);
    code = filed.code;
  }
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    const response = await reviewer(`/triage/${code}`);
    const html = await response.text();
    pages.push(performance.now() - started);
    if (response.status !== 200 || !html.includes('class="calls"')) throw new Error(`triage page failed: ${response.status}`);
    bytes = Buffer.byteLength(html);
  }
  results.set(rows, { fileMs: median(filings), pageMs: median(pages), pageKb: bytes / 1024 });
  process.stdout.write(`${rows} rows done\n`);
}
server.stop();
fs.rmSync(dataDir, { recursive: true, force: true });

const baseline = results.get(sizes[0])!;
console.log(`\n| rows | filing with the log (median of ${rounds}) | ratio | triage page (median of ${rounds}) | ratio | page size |`);
console.log("| --- | --- | --- | --- | --- | --- |");
for (const rows of sizes) {
  const r = results.get(rows)!;
  console.log(
    `| ${rows} | ${r.fileMs.toFixed(0)} ms | ${(r.fileMs / baseline.fileMs).toFixed(1)}× | ${r.pageMs.toFixed(0)} ms | ${(r.pageMs / baseline.pageMs).toFixed(1)}× | ${r.pageKb.toFixed(0)} KB |`,
  );
}
