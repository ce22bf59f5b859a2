import { monitorEventLoopDelay } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import type { CallRow } from "~/domain/call-log/call-table";
import { withoutLines, type CallLogAnalysis, type CallLogContext, type CallLogReview } from "~/domain/call-log/review";
import type { RulePackId } from "~/domain/call-log/rules";
import { runCallLogJob, type CallLogFile, type CallLogJob, type CallLogJobResult } from "./call-log-reader.server";
import { db } from "./db.server";
import { storedPath, type VettedFile } from "./evidence.server";

export type { CallLogAnalysis, CallLogContext } from "~/domain/call-log/review";

/** What is stored of a complaint's call logs when one is filed or added: computed once, read by every page. */
export interface StoredCallLog {
  findings: CallLogAnalysis;
  review: CallLogReview;
}

/** A complaint's data for storing a StoredCallLog, in a Prisma create of the complaint or an update. */
export function callLogColumns(callLog: StoredCallLog, write: "create" | "update" = "update") {
  const review = JSON.stringify(callLog.review);
  return {
    callLogFindings: JSON.stringify(callLog.findings),
    callLogReview: write === "create" ? { create: { review } } : { upsert: { create: { review }, update: { review } } },
  };
}

// ----------------------------------------------------------------- the worker thread

/**
 * Logs are read in a worker thread, one job at a time: the event loop stays free for other
 * requests however long a log is, and its memory is the worker's, not the server's heap.
 * What bounds that memory is the limits checked while reading (domain/call-log/limits.ts):
 * the largest allowed workbook needs about 55 MB of heap. The worker's own heap limit, at
 * more than twice that, is only a backstop: Node usually ends just the worker at it, but
 * was once seen to abort the whole process instead.
 */
const WORKER_FILE = new URL("./call-log.worker.js", import.meta.url);
const WORKER_LIMITS = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 16 };
const WORKER_TIMEOUT_MS = 60_000;
let queue: Promise<unknown> = Promise.resolve();

function readInWorker(job: CallLogJob): Promise<CallLogJobResult> {
  const newest = job.files.find((file) => file.isNew);
  const run = () =>
    new Promise<CallLogJobResult>((resolve, reject) => {
      const worker = new Worker(WORKER_FILE, { workerData: job, resourceLimits: WORKER_LIMITS });
      let settled = false;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        outcome();
      };
      const refuse = () => resolve({ ok: false, error: `error.callLog.tooComplex|${newest?.name ?? ""}`, field: newest?.field ?? "callLog" });
      const timer = setTimeout(() => settle(() => void worker.terminate().then(refuse)), WORKER_TIMEOUT_MS);
      worker.once("message", (result: CallLogJobResult) => settle(() => resolve(result)));
      worker.once("error", (error: NodeJS.ErrnoException) => settle(() => (error.code === "ERR_WORKER_OUT_OF_MEMORY" ? refuse() : reject(error))));
      worker.once("exit", (code) => settle(() => reject(new Error(`the call-log worker exited with code ${code} before answering`))));
    });
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}

// -------------------------------------------------------------------- the complaint's logs

/** The call logs a complaint already holds, oldest first. */
async function storedLogs(complaintId: number): Promise<CallLogFile[]> {
  const evidence = await db.evidence.findMany({
    where: { complaintId, kind: "call_log" },
    orderBy: { id: "asc" },
    select: { name: true, sha256: true, mime: true },
  });
  return evidence.map((e) => ({ name: e.name, path: storedPath(e.sha256), mime: e.mime, isNew: false }));
}

/** What callLogContext needs of a complaint, for a select. */
const CONTEXT_FIELDS = { incidentStart: true, region: true, collectorPhones: { select: { number: true } }, institution: { select: { kind: true } } } as const;

/** A complaint's context for reading its call logs; the creditor's kind chooses the default rule pack. */
export function callLogContext(complaint: {
  incidentStart: string;
  region: string;
  collectorPhones: { number: string }[];
  institution: { kind: string } | null;
}): CallLogContext {
  return {
    incidentStart: complaint.incidentStart,
    region: complaint.region,
    collectorNumbers: complaint.collectorPhones.map((p) => p.number),
    institutionKind: complaint.institution?.kind ?? null,
  };
}

/** The kind of a creditor in the directory (null for one that is not), for a log read before the complaint exists. */
export async function institutionKindOf(institutionId: string | null): Promise<string | null> {
  if (institutionId === null) return null;
  return (await db.institution.findUnique({ where: { id: institutionId }, select: { kind: true } }))?.kind ?? null;
}

/**
 * Reads new call logs (staged uploads) together with those the complaint already holds
 * (none at filing), for storing with the complaint: those sent as the call log and those
 * sent as evidence that sniffing recognised as call logs (evidence.server.ts). A new file
 * that is not a call log, or that takes the rows past a limit, is an error for the form
 * field it came in, and nothing should be written.
 */
export async function analyseNewCallLogs(
  staged: VettedFile[],
  context: CallLogContext,
  complaintId: number | null = null,
): Promise<{ ok: true; analysis: StoredCallLog } | { ok: false; error: string; field: "callLog" | "evidence" }> {
  const files: CallLogFile[] = [
    ...(complaintId === null ? [] : await storedLogs(complaintId)),
    ...staged.map((file) => ({ name: file.name, path: file.tmpPath, mime: file.mime, isNew: true, field: fieldOf(file) })),
  ];
  const result = await probed(() => readInWorker({ files, context }));
  if (!result.ok) return result;
  // Unreachable: a new file is either read or refused.
  if (!("findings" in result)) throw new Error("no call log read");
  return { ok: true, analysis: { findings: result.findings, review: result.review } };
}

const fieldOf = (file: VettedFile): "callLog" | "evidence" => (file.field === "evidence" ? "evidence" : "callLog");

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
 * Reads a complaint's stored call logs again and stores what they show, for when the
 * parser or a rule has changed. In-process: it runs from the command line, where nothing
 * else waits on the event loop. False when it has no log that can be read.
 */
export async function reanalyseStoredCallLogs(complaintId: number): Promise<boolean> {
  const complaint = await db.complaint.findUniqueOrThrow({
    where: { id: complaintId },
    select: CONTEXT_FIELDS,
  });
  const result = await runCallLogJob({ files: await storedLogs(complaintId), context: callLogContext(complaint) });
  if (!result.ok || !("findings" in result)) return false;
  await db.complaint.update({ where: { id: complaintId }, data: callLogColumns(result) });
  return true;
}

/**
 * What the reviewer's page shows of a complaint's call logs under `pack`, as stored when
 * the last log was filed or added: the findings, and the first calls of the table (all,
 * or only those that count towards a breach). Null when none is stored (no log, or one
 * filed before reviews, or this pack, were stored and not yet re-analysed).
 */
export async function reviewCallLogs(
  complaintId: number,
  pack: RulePackId,
  flaggedOnly: boolean,
): Promise<{ analysis: CallLogAnalysis; calls: CallRow[]; counts: { all: number; flagged: number; listed: number } } | null> {
  const stored = await db.callLogReview.findUnique({ where: { complaintId } });
  if (!stored) return null;
  // A review stored before a pack existed has no listing for it until call-logs:reanalyse.
  const listing = (JSON.parse(stored.review) as CallLogReview).packs[pack] as CallLogReview["packs"][RulePackId] | undefined;
  if (!listing) return null;
  const listed = flaggedOnly ? listing.flagged : listing.all;
  return { analysis: listing.analysis, calls: listed, counts: { ...listing.counts, listed: flaggedOnly ? listing.counts.flagged : listing.counts.all } };
}

export function readAnalysis(json: string | null): CallLogAnalysis | null {
  return json ? withoutLines(JSON.parse(json) as CallLogAnalysis) : null;
}

// ------------------------------------------------------------------------------ the probe

/**
 * With CALL_LOG_PROBE=1 (for bench/call-log-limits.ts), the server prints every 250 ms the
 * longest event-loop stall of that window and its heap and resident memory, and each call-log
 * job's time: what a filing costs everyone else, measured where it happens.
 */
async function probed<T>(job: () => Promise<T>): Promise<T> {
  if (!process.env.CALL_LOG_PROBE) return job();
  const started = performance.now();
  try {
    return await job();
  } finally {
    console.log(`[probe] call-log job ${(performance.now() - started).toFixed(0)} ms`);
  }
}

if (process.env.CALL_LOG_PROBE) {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  setInterval(() => {
    const memory = process.memoryUsage();
    const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
    console.log(`[probe] stall ${(delay.max / 1e6).toFixed(1)} ms heap ${mb(memory.heapUsed)} MB rss ${mb(memory.rss)} MB`);
    delay.reset();
  }, 250).unref();
}
