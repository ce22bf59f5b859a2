// Reads synthetic call logs saved as Excel workbooks (1,000 and 10,000 rows: real date cells,
// durations as numbers) the way a filing does: the workbook checked and read as CSV, then
// parsed. The 1,000-row workbook is the baseline in the same run.
// Usage: npx tsx bench/call-log-xlsx.ts
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseCallLog } from "~/domain/call-log/parse";
import { callLogWorkbook, makeSyntheticCalls } from "~/domain/call-log/synthetic";
import { readFirstSheetAsCsv } from "~/server/spreadsheet.server";

async function median(run: () => Promise<unknown>, rounds = 5): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(rounds / 2)];
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-bench-xlsx-"));
const results = [];
for (const rows of [1_000, 10_000]) {
  const file = path.join(dir, `${rows}.xlsx`);
  const calls = makeSyntheticCalls(rows, 42);
  fs.writeFileSync(file, callLogWorkbook(calls));
  const csv = await readFirstSheetAsCsv(file);
  if (csv === null) throw new Error("workbook not read");
  const parsed = parseCallLog(csv, { incidentYear: 2026 });
  // The same calls must come back: a fast wrong reading would be no result.
  const same =
    !("notACallLog" in parsed) &&
    parsed.calls.length === rows &&
    parsed.calls.every((c, i) => c.at.getTime() === calls[i].at.getTime() && c.direction === calls[i].direction);
  if (!same) throw new Error("workbook not read back as the same calls");
  const readMs = await median(() => readFirstSheetAsCsv(file));
  const parseMs = await median(async () => parseCallLog(csv, { incidentYear: 2026 }));
  results.push({ rows, kb: fs.statSync(file).size / 1024, readMs, parseMs });
}
fs.rmSync(dir, { recursive: true, force: true });

console.log("| rows | workbook | sheet to CSV (median of 5) | parse (median of 5) | total |");
console.log("| --- | --- | --- | --- | --- |");
for (const r of results)
  console.log(`| ${r.rows} | ${r.kb.toFixed(0)} KB | ${r.readMs.toFixed(0)} ms | ${r.parseMs.toFixed(0)} ms | ${(r.readMs + r.parseMs).toFixed(0)} ms |`);
const [small, big] = results;
console.log(`\n10× the rows: sheet to CSV ${(big.readMs / small.readMs).toFixed(1)}×, parse ${(big.parseMs / small.parseMs).toFixed(1)}×`);
