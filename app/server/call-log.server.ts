import { analyseCalls, type Findings } from "~/domain/call-log/analyse";
import { callRows, type CallRow } from "~/domain/call-log/call-table";
import { mergeCallLogs, type MergedLog, type ReadLog } from "~/domain/call-log/merge";
import { parseCallLog } from "~/domain/call-log/parse";
import { DEFAULT_RULE_PACK, type RulePackId } from "~/domain/call-log/rules";
import { XLSX_MIME } from "~/domain/evidence-types";
import { timeZoneOfRegion } from "~/domain/regions";
import { db } from "./db.server";
import { readText, storedPath, type VettedFile } from "./evidence.server";
import { readFirstSheetAsCsv } from "./spreadsheet.server";

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
}

interface LogFile {
  name: string;
  path: string;
  mime: string;
}

const MAX_PROBLEMS_KEPT = 50;

async function readLog(file: LogFile, context: CallLogContext): Promise<ReadLog | null> {
  // A workbook's first sheet is read as CSV, so it goes through the same parser with the same line numbers.
  const text = file.mime === XLSX_MIME ? await readFirstSheetAsCsv(file.path) : await readText(file.path);
  if (text === null) return null;
  const parsed = parseCallLog(text, { incidentYear: Number(context.incidentStart.slice(0, 4)), timeZone: timeZoneOfRegion(context.region) });
  return "notACallLog" in parsed ? null : { file: file.name, ...parsed };
}

function analyse(merged: MergedLog, context: CallLogContext, files: number, pack: RulePackId): CallLogAnalysis {
  const findings = analyseCalls(merged.calls, {
    pack,
    collectorNumbers: context.collectorNumbers,
    timeZone: timeZoneOfRegion(context.region),
  });
  return { ...findings, problems: merged.problems.slice(0, MAX_PROBLEMS_KEPT), files, duplicates: merged.duplicates };
}

/** The call-log evidence a complaint already holds, oldest first. */
async function storedLogs(complaintId: number): Promise<LogFile[]> {
  const evidence = await db.evidence.findMany({ where: { complaintId, kind: "call_log" }, orderBy: { id: "asc" }, select: { name: true, sha256: true, mime: true } });
  return evidence.map((e) => ({ name: e.name, path: storedPath(e.sha256), mime: e.mime }));
}

/**
 * Reads new call logs (staged uploads) together with those the complaint already holds
 * (none at filing) against China's rules, for storing with the complaint. A new file that
 * is not a call log is an error for the form's field, and nothing should be written.
 */
export async function analyseNewCallLogs(
  staged: VettedFile[],
  context: CallLogContext,
  complaintId: number | null = null,
): Promise<{ ok: true; analysis: CallLogAnalysis } | { ok: false; error: string }> {
  const logs: ReadLog[] = [];
  for (const file of complaintId === null ? [] : await storedLogs(complaintId)) {
    const log = await readLog(file, context);
    if (log) logs.push(log);
  }
  for (const file of staged) {
    const log = await readLog({ name: file.name, path: file.tmpPath, mime: file.mime }, context);
    if (!log) return { ok: false, error: `error.file.notCallLog|${file.name}` };
    logs.push(log);
  }
  return { ok: true, analysis: analyse(mergeCallLogs(logs), context, logs.length, DEFAULT_RULE_PACK) };
}

/**
 * The complaint's call logs read afresh for a reviewer, against the pack they chose,
 * with every call for the table. Null when the complaint has no call log.
 */
export async function reviewCallLogs(
  complaintId: number,
  context: CallLogContext,
  pack: RulePackId,
): Promise<{ analysis: CallLogAnalysis; calls: CallRow[] } | null> {
  const logs: ReadLog[] = [];
  const files = await storedLogs(complaintId);
  for (const file of files) {
    const log = await readLog(file, context);
    if (log) logs.push(log);
  }
  if (!logs.length) return null;
  const merged = mergeCallLogs(logs);
  const analysis = analyse(merged, context, logs.length, pack);
  return { analysis: withoutLines(analysis), calls: callRows(merged, analysis) };
}

/**
 * The analysis without its lists of file lines, which only the call table uses (and it
 * has them per call): a 10,000-row log's findings would otherwise put thousands of line
 * numbers into every page that shows them.
 */
function withoutLines(analysis: CallLogAnalysis): CallLogAnalysis {
  return {
    ...analysis,
    outsideHours: { ...analysis.outsideHours, lines: [] },
    afterConversation: analysis.afterConversation && { ...analysis.afterConversation, lines: [] },
    bursts: { ...analysis.bursts, list: [] },
    results: analysis.results.map((result) => ({ ...result, lines: [] })),
  };
}

export function readAnalysis(json: string | null): CallLogAnalysis | null {
  return json ? withoutLines(JSON.parse(json) as CallLogAnalysis) : null;
}
