/**
 * What the app keeps of a complaint's call logs, computed once when a log is filed or
 * added (and again by `npm run call-logs:reanalyse`), so no page reads the files again:
 * the findings under the complaint's default pack (by the creditor's kind) for the receipt, tracking page, routing and dashboard,
 * and for the reviewer, per rule pack, the findings, the chart's matrix and the first
 * calls of the table, all of them and only those that count towards a breach.
 */
import { analyseCalls, type Findings } from "./analyse";
import { callRows, type CallRow } from "./call-table";
import { MAX_LISTED_CALLS } from "./limits";
import type { MergedLog } from "./merge";
import { timeZoneOfRegion } from "../regions";
import { defaultPackFor, isHeuristic, RULE_PACK_IDS, ruleById, type RulePackId } from "./rules";

export type CallLogAnalysis = Findings & {
  /** Rows that could not be read; `file` is missing in analyses stored before logs could be added later. */
  problems: { file?: string; line: number; reason: string }[];
  files?: number;
  duplicates?: number;
};

/** What the log is read against: the complaint's incident year, region and named collector numbers. */
export interface CallLogContext {
  incidentStart: string;
  region: string;
  collectorNumbers: string[];
  /** The creditor's kind (Institution.kind), which chooses the default pack; none for a creditor not in the directory. */
  institutionKind?: string | null;
}

export interface CallListing {
  analysis: CallLogAnalysis;
  /** The first MAX_LISTED_CALLS calls, in time order. */
  all: CallRow[];
  /** The first MAX_LISTED_CALLS calls that count towards a breached rule (a heuristic's pattern alone is not one). */
  flagged: CallRow[];
  counts: { all: number; flagged: number };
}

export interface CallLogReview {
  packs: Record<RulePackId, CallListing>;
}

const MAX_PROBLEMS_KEPT = 50;

export function analyseLog(merged: MergedLog, context: CallLogContext, files: number, pack: RulePackId): CallLogAnalysis {
  const findings = analyseCalls(merged.calls, { pack, collectorNumbers: context.collectorNumbers, timeZone: timeZoneOfRegion(context.region) });
  return { ...findings, problems: merged.problems.slice(0, MAX_PROBLEMS_KEPT), files, duplicates: merged.duplicates };
}

/** The stored findings (the pack the creditor's kind calls for) and the reviewer's listing under every pack. */
export function reviewOfLogs(merged: MergedLog, context: CallLogContext, files: number): { findings: CallLogAnalysis; review: CallLogReview } {
  const packs = {} as Record<RulePackId, CallListing>;
  for (const pack of RULE_PACK_IDS) {
    const analysis = analyseLog(merged, context, files, pack);
    const rows = callRows(merged, analysis);
    const flagged = rows.filter((row) => row.ruleIds.some(breaks));
    packs[pack] = {
      analysis: withoutLines(analysis),
      all: rows.slice(0, MAX_LISTED_CALLS),
      flagged: flagged.slice(0, MAX_LISTED_CALLS),
      counts: { all: rows.length, flagged: flagged.length },
    };
  }
  return { findings: packs[defaultPackFor(context.institutionKind)].analysis, review: { packs } };
}

function breaks(ruleId: string): boolean {
  const rule = ruleById(ruleId);
  return rule !== undefined && !isHeuristic(rule);
}

/**
 * The analysis without its lists of file lines, which only the call table uses (and it
 * has them per call): a large log's findings would otherwise put thousands of line
 * numbers into every page and every stored row that holds them.
 */
export function withoutLines(analysis: CallLogAnalysis): CallLogAnalysis {
  return {
    ...analysis,
    outsideHours: { ...analysis.outsideHours, lines: [] },
    afterConversation: analysis.afterConversation && { ...analysis.afterConversation, lines: [] },
    bursts: { ...analysis.bursts, list: [] },
    results: analysis.results.map((result) => ({ ...result, lines: [] })),
  };
}
