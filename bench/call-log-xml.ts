// Reads a synthetic 20,000-call calls.xml (the row limit) the way the worker does, streamed
// from disk, with the same calls as a CSV export read the same way as the baseline in the
// same run. Usage: npx tsx bench/call-log-xml.ts
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { MAX_CALL_LOG_ROWS } from "~/domain/call-log/limits";
import { callLogCsv, callLogXml, makeSyntheticCalls } from "~/domain/call-log/synthetic";
import { runCallLogJob } from "~/server/call-log-reader.server";

async function median(run: () => Promise<unknown>, rounds = 5): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(rounds / 2)];
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-bench-xml-"));
const calls = makeSyntheticCalls(MAX_CALL_LOG_ROWS, 42);
const context = { incidentStart: "2026-10-01", region: "310000", collectorNumbers: [] };
const files = {
  csv: { name: "calls.csv", path: path.join(dir, "calls.csv"), mime: "text/csv", isNew: true },
  xml: { name: "calls.xml", path: path.join(dir, "calls.xml"), mime: "application/xml", isNew: true },
};
fs.writeFileSync(files.csv.path, callLogCsv(calls));
fs.writeFileSync(files.xml.path, callLogXml(calls));

const results = [];
for (const [format, file] of Object.entries(files)) {
  const result = await runCallLogJob({ files: [file], context });
  // A fast wrong reading would be no result: every call must be read.
  const read = "findings" in result ? result.findings.totalCalls + result.findings.byDirection.outgoing : 0;
  if (!("findings" in result) || read !== calls.length || result.findings.problems.length) throw new Error(`${format} not read back`);
  const ms = await median(() => runCallLogJob({ files: [file], context }));
  results.push({ format, rows: calls.length, kb: Math.round(fs.statSync(file.path).size / 1024), ms: Math.round(ms) });
}
fs.rmSync(dir, { recursive: true, force: true });
console.table(results);
console.log(`calls.xml / CSV, same calls, read and analysed: ${(results[1].ms / results[0].ms).toFixed(2)}×`);
