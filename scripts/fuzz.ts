/**
 * npm run fuzz [-- --count 1000 --seed 1 --minutes 30]
 *
 * Builds the app, starts it on 127.0.0.1 with a fresh database (as the tests do),
 * sends `count` mutated requests to each form and query string, prints per form how
 * many were sent and how many got a 5xx or a reset, and exits 1 on any (or if the
 * time ran out first). The same seed sends the same requests.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { listFiles } from "../test/support/filing";
import { formatReports, prepareContext, runFuzz } from "../test/fuzz/fuzz";

const { values } = parseArgs({
  options: { count: { type: "string", default: "1000" }, seed: { type: "string", default: "1" }, minutes: { type: "string", default: "30" } },
});
const perForm = Number(values.count);
const seed = Number(values.seed);
const minutes = Number(values.minutes);
if (!Number.isInteger(perForm) || perForm < 1 || !Number.isInteger(seed) || !(minutes > 0)) {
  console.error("usage: npm run fuzz -- [--count N] [--seed N] [--minutes M]");
  process.exit(2);
}

const root = path.resolve(".");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-fuzz-"));
const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "production",
  DATA_DIR: dataDir,
  SESSION_SECRET: "f".repeat(40),
  // High enough that fuzzed sign-ins and key guesses reach the code behind the rate limits.
  TRACK_ATTEMPTS_PER_ADDRESS: "1000000",
  TRACK_ATTEMPTS_PER_CODE: "1000000",
  LOGIN_ATTEMPTS: "1000000",
};

console.log(`building and starting the server (data in ${dataDir})…`);
execFileSync("npx", ["remix", "build"], { cwd: root, env, stdio: "ignore" });
execFileSync("npx", ["prisma", "migrate", "deploy"], { cwd: root, env, stdio: "ignore" });
const reviewer = { email: "fuzz-regulator@example.cn", password: "correct horse battery staple" };
const created = spawnSync("npx", ["tsx", "scripts/user.ts", "create", "--email", reviewer.email, "--role", "regulator", "--password-stdin"], {
  cwd: root,
  env,
  input: `${reviewer.password}\n`,
  encoding: "utf8",
});
if (created.status !== 0) throw new Error(`user create failed: ${created.stderr}`);

let output = "";
const server = spawn(process.execPath, ["--max-old-space-size=256", "server.js"], {
  cwd: root,
  env: { ...env, PORT: "0", HOST: "127.0.0.1" },
  stdio: ["ignore", "pipe", "pipe"],
});
const base = await new Promise<string>((resolve, reject) => {
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    const match = output.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
    if (match) resolve(match[1]);
  };
  server.stdout.on("data", onData);
  server.stderr.on("data", onData);
  server.on("exit", (code) => reject(new Error(`server exited (${code}):\n${output}`)));
});
const died: { code: number | null } = { code: null };
server.on("exit", (code) => (died.code = code ?? -1));

let failed = true;
try {
  const started = Date.now();
  const context = await prepareContext(base, reviewer);
  console.log(`fuzzing ${base} with seed ${seed}, ${perForm} requests a form, at most ${minutes} minutes`);
  const reports = await runFuzz(context, {
    seed,
    perForm,
    deadline: started + minutes * 60_000,
    onProgress: (form, done) => process.stdout.write(`\r${form}: ${done}/${perForm}   `),
  });
  process.stdout.write("\r\x1b[K");
  console.log(formatReports(reports));
  const bad = reports.reduce((n, r) => n + r.serverErrors + r.resets, 0);
  const short = reports.filter((r) => r.sent < perForm);
  // Files, not folders: each running server keeps an (empty) upload folder of its own under uploads/.
  const leftUploads = listFiles(path.join(dataDir, "uploads")).length;
  console.log(
    `\n${reports.reduce((n, r) => n + r.sent, 0)} requests in ${((Date.now() - started) / 1000).toFixed(0)} s: ${bad} with a 5xx or a reset; ${leftUploads} partial uploads left`,
  );
  if (died.code !== null) console.log(`the server died (exit ${died.code})`);
  if (short.length) console.log(`time ran out before: ${short.map((r) => r.form).join(", ")}`);
  const errors = output.split("\n").filter((line) => / 5\d\d \d+ms$/.test(line) || /Error/.test(line));
  if (errors.length) console.log(`\nserver log, errors (first 40):\n${errors.slice(0, 40).join("\n")}`);
  failed = bad > 0 || short.length > 0 || leftUploads > 0 || died.code !== null;
} finally {
  server.kill("SIGTERM");
  await new Promise((resolve) => (died.code !== null ? resolve(null) : server.once("exit", resolve)));
  fs.rmSync(dataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
