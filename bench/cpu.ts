// What one request of each kind costs the server in CPU (every thread of its process, from
// /proc/<pid>/stat), requested one at a time on a copy of a seeded database: the figure behind
// the mixed load, where two cores are shared by everything at once. The floor page is the baseline.
//
// Usage: npm run bench:cpu -- --data DIR [--times 200] [--only LABEL]  (LABEL: one row, e.g. "/complaints/new", beside the floor)
// With BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR" the server writes its profile on exit.
import fs from "node:fs";
import { parseArgs } from "node:util";
import { filingForm, validFiling } from "../test/support/filing";
import { createUsers, EMAILS, PASSWORD, pickValues, workingCopy } from "./lib/data";
import { startServer } from "./lib/server";
import { Session } from "./lib/session";

const { values } = parseArgs({ options: { data: { type: "string" }, times: { type: "string", default: "200" }, only: { type: "string" } } });
if (!values.data) throw new Error("--data DIR: a seeded DATA_DIR (copied, never written to)");
const times = Number(values.times);

/** CPU seconds the process has used, all threads: utime + stime in clock ticks (100 a second on Linux). */
const cpuMs = (pid: number) => {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
};

const dir = await workingCopy(values.data);
const picks = pickValues(dir);
const server = await startServer(dir);
// After the server's first start: it loads the institution directory the bank reviewer needs.
await createUsers(dir, picks.institution);
const regulator = await new Session(server.base).login(EMAILS.regulator, PASSWORD);
const analyst = await new Session(server.base).login(EMAILS.analyst, PASSWORD);
const consumer = new Session(server.base);

const kinds: [string, () => Promise<unknown>][] = [
  ["floor /__floor", () => consumer.fetch("/__floor").then((r) => r.text())],
  ["/", () => consumer.fetch("/").then((r) => r.text())],
  ["/complaints/new", () => consumer.fetch("/complaints/new").then((r) => r.text())],
  [
    "filing (the form for its token, then the POST)",
    async () => {
      const token = await consumer.csrf("/complaints/new");
      const response = await consumer.fetch("/complaints/new", { method: "POST", body: filingForm(token, validFiling()) });
      if (response.status !== 302) throw new Error(`filing answered ${response.status}`);
    },
  ],
  ["/triage (regulator)", () => regulator.fetch("/triage").then((r) => r.text())],
  ["/stats (analyst)", () => analyst.fetch("/stats").then((r) => r.text())],
];
console.log(`| request | CPU per request | ratio to the floor |\n| --- | --- | --- |`);
let floor = 0;
for (const [label, request] of kinds.filter(([label]) => !values.only || label === "floor /__floor" || label === values.only)) {
  for (let i = 0; i < 10; i++) await request();
  const before = cpuMs(server.pid);
  for (let i = 0; i < times; i++) await request();
  const perRequest = (cpuMs(server.pid) - before) / times;
  if (!floor) floor = perRequest;
  console.log(`| ${label} | ${perRequest.toFixed(2)} ms | ${(perRequest / floor).toFixed(1)}× |`);
}
await server.stop();
fs.rmSync(dir, { recursive: true, force: true });
