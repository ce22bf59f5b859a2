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

/** The call logs a complaint already holds, oldest first, read (any that cannot be read left out). */
async function readStoredLogs(complaintId: number, context: CallLogContext): Promise<ReadLog[]> {
  const evidence = await db.evidence.findMany({
    where: { complaintId, kind: "call_log" },
    orderBy: { id: "asc" },
    select: { name: true, sha256: true, mime: true },
  });
  const logs: ReadLog[] = [];
  for (const e of evidence) {
    const log = await readLog({ name: e.name, path: storedPath(e.sha256), mime: e.mime }, context);
    if (log) logs.push(log);
  }
  return logs;
}

/** What callLogContext needs of a complaint, for a select. */
const CONTEXT_FIELDS = { incidentStart: true, region: true, collectorPhones: { select: { number: true } } } as const;

/** A complaint's context for reading its call logs. */
export function callLogContext(complaint: { incidentStart: string; region: string; collectorPhones: { number: string }[] }): CallLogContext {
  return { incidentStart: complaint.incidentStart, region: complaint.region, collectorNumbers: complaint.collectorPhones.map((p) => p.number) };
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
  const logs = complaintId === null ? [] : await readStoredLogs(complaintId, context);
  for (const file of staged) {
    const log = await readLog({ name: file.name, path: file.tmpPath, mime: file.mime }, context);
    if (!log) return { ok: false, error: `error.file.notCallLog|${file.name}` };
    logs.push(log);
  }
  return { ok: true, analysis: analyse(mergeCallLogs(logs), context, logs.length, DEFAULT_RULE_PACK) };
}

/** Call logs added on the tracking page, read with those the complaint already holds. */
export async function analyseAddedCallLogs(code: string, staged: VettedFile[]) {
  const complaint = await db.complaint.findUnique({
    where: { code },
    select: { id: true, ...CONTEXT_FIELDS },
  });
  if (!complaint) throw new Response("Not found", { status: 404 });
  return analyseNewCallLogs(staged, callLogContext(complaint), complaint.id);
}

/**
 * Reads a complaint's stored call logs again under China's rules and stores the analysis,
 * for when the parser or a rule has changed. False when it has no log that can be read.
 */
export async function reanalyseStoredCallLogs(complaintId: number): Promise<boolean> {
  const complaint = await db.complaint.findUniqueOrThrow({
    where: { id: complaintId },
    select: CONTEXT_FIELDS,
  });
  const context = callLogContext(complaint);
  const logs = await readStoredLogs(complaintId, context);
  if (!logs.length) return false;
  const analysis = analyse(mergeCallLogs(logs), context, logs.length, DEFAULT_RULE_PACK);
  await db.complaint.update({ where: { id: complaintId }, data: { callLogFindings: JSON.stringify(analysis) } });
  return true;
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
  const logs = await readStoredLogs(complaintId, context);
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
