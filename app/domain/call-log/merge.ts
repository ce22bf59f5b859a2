/**
 * A complaint can carry several call logs: one filed with it and more added later, often
 * overlapping exports of the same phone. They are read as one log. A call found in two
 * files (same instant, number and direction) counts once, so exporting the phone again
 * a week later does not double the count.
 *
 * Calls are renumbered 1…n in time order, so a finding can point at a call whatever file
 * it came from; `origins[line - 1]` says where it was read.
 */
import type { Call } from "./call";

export interface ReadLog {
  file: string;
  calls: Call[];
  problems: { line: number; reason: string }[];
}

export interface MergedLog {
  calls: Call[];
  origins: { file: string; line: number }[];
  problems: { file: string; line: number; reason: string }[];
  /** Calls dropped because an earlier file already had them. */
  duplicates: number;
}

export function mergeCallLogs(logs: ReadLog[]): MergedLog {
  const seen = new Set<string>();
  const kept: { call: Call; file: string }[] = [];
  let duplicates = 0;
  for (const log of logs) {
    for (const call of log.calls) {
      const key = `${call.at.getTime()}|${call.number}|${call.direction}`;
      if (seen.has(key)) {
        duplicates++;
        continue;
      }
      seen.add(key);
      kept.push({ call, file: log.file });
    }
  }
  kept.sort((a, b) => a.call.at.getTime() - b.call.at.getTime());
  return {
    calls: kept.map(({ call }, i) => ({ ...call, line: i + 1 })),
    origins: kept.map(({ call, file }) => ({ file, line: call.line })),
    problems: logs.flatMap((log) => log.problems.map((problem) => ({ file: log.file, ...problem }))),
    duplicates,
  };
}
