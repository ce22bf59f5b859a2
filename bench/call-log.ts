// Parses and analyses a synthetic 10,000-row call log, with a 1,000-row log as the baseline
// in the same run. Usage: npx tsx bench/call-log.ts
import { analyseCalls } from "~/domain/call-log/analyse";
import { callRows } from "~/domain/call-log/call-table";
import { mergeCallLogs } from "~/domain/call-log/merge";
import { parseCallLog } from "~/domain/call-log/parse";
import { makeSyntheticCalls } from "~/domain/call-log/synthetic";

const TYPES = { incoming: "来电", missed: "未接", outgoing: "去电", rejected: "拒接", voicemail: "语音信箱", blocked: "已拦截" } as const;

/** A phone export as a consumer would attach it: Chinese headers, local times, 1分35秒 durations. */
function csvOf(count: number): string {
  const local = (d: Date) => new Date(d.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 16).replace("T", " ");
  const rows = makeSyntheticCalls(count, 42).map(
    (c) => `${local(c.at)},${c.number},${TYPES[c.direction]},${Math.floor((c.durationSeconds ?? 0) / 60)}分${(c.durationSeconds ?? 0) % 60}秒`,
  );
  return ["时间,号码,类型,通话时长", ...rows].join("\n");
}

function median(run: () => void, rounds = 7): number {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    run();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(rounds / 2)];
}

const results = [1_000, 10_000].map((rows) => {
  const text = csvOf(rows);
  const parsed = parseCallLog(text, { incidentYear: 2026 });
  if ("notACallLog" in parsed) throw new Error("synthetic log not read");
  const parseMs = median(() => parseCallLog(text, { incidentYear: 2026 }));
  const analyseMs = median(() => analyseCalls(parsed.calls, { collectorNumbers: [parsed.calls[0].number] }));
  // What the triage page adds: the log merged (with itself, as a worst case for de-duplication) and a row per call.
  const tableMs = median(() => {
    const merged = mergeCallLogs([
      { file: "a.csv", ...parsed },
      { file: "b.csv", ...parsed },
    ]);
    callRows(merged, analyseCalls(merged.calls));
  });
  return { rows, calls: parsed.calls.length, problems: parsed.problems.length, parseMs, analyseMs, tableMs };
});
console.log("| rows | calls read | parse (median of 7) | analyse (median of 7) | total | merge two copies, analyse, table rows |");
console.log("| --- | --- | --- | --- | --- | --- |");
for (const r of results) {
  console.log(
    `| ${r.rows} | ${r.calls} | ${r.parseMs.toFixed(0)} ms | ${r.analyseMs.toFixed(1)} ms | ${(r.parseMs + r.analyseMs).toFixed(0)} ms | ${r.tableMs.toFixed(1)} ms |`,
  );
}
const [small, big] = results;
const ratio = (key: "parseMs" | "analyseMs" | "tableMs") => (big[key] / small[key]).toFixed(1);
console.log(`\n10× the rows: parse ${ratio("parseMs")}×, analyse ${ratio("analyseMs")}×, merge and table ${ratio("tableMs")}×`);
