/**
 * The reviewer's call table: each call at its local time, with the rules it counts
 * towards, so a reviewer can check every number in the findings against the calls
 * behind it. Plain JSON, ready for a loader.
 */
import type { Findings } from "./analyse";
import { isCollectionCall } from "./analyse";
import { HIDDEN_NUMBER, type CallDirection } from "./call";
import type { MergedLog } from "./merge";
import { zoneClock } from "./zone";

export interface CallRow {
  line: number;
  /** Local wall-clock time, "YYYY-MM-DD HH:MM:SS". */
  at: string;
  /** 0 = Monday … 6 = Sunday */
  weekday: number;
  number: string;
  /** A withheld or unknown number, whatever the file wrote for it ("-2", "Unknown", "未知号码"…). Missing in rows stored before. */
  hidden?: boolean;
  direction: CallDirection;
  durationSeconds: number | null;
  /** Ids of the breached rules this call counts towards, and of the heuristic patterns (a burst) it is part of. */
  ruleIds: string[];
  /** A number the consumer named as a collector's. */
  namedCollector: boolean;
  file: string;
  fileLine: number;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

export function callRows(log: MergedLog, findings: Findings): CallRow[] {
  const clock = zoneClock(findings.timeZone);
  const rulesOfLine = new Map<number, string[]>();
  for (const result of findings.results) {
    if (!result.breached && !result.pattern) continue;
    for (const line of result.lines) rulesOfLine.set(line, [...(rulesOfLine.get(line) ?? []), result.ruleId]);
  }
  const named = new Set(findings.collectorMatches.map((match) => match.number));
  return log.calls.map((call) => {
    const local = clock.local(call.at.getTime());
    const origin = log.origins[call.line - 1];
    return {
      line: call.line,
      at: `${pad(local.year, 4)}-${pad(local.month)}-${pad(local.day)} ${pad(local.hour)}:${pad(local.minute)}:${pad(local.second)}`,
      weekday: local.weekday,
      number: call.rawNumber,
      hidden: call.number === HIDDEN_NUMBER,
      direction: call.direction,
      durationSeconds: call.durationSeconds,
      ruleIds: rulesOfLine.get(call.line) ?? [],
      namedCollector: isCollectionCall(call) && named.has(call.number),
      file: origin.file,
      fileLine: origin.line,
    };
  });
}
