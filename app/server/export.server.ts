import { stringify } from "csv-stringify";
import { Readable } from "node:stream";
import { Worker } from "node:worker_threads";
import { createReadableStreamFromReadable, type AppLoadContext } from "@remix-run/node";
import type { StatsDimension, StatsFilter } from "~/domain/stats/shape";
import { catalogues } from "~/i18n/catalogue";
import { suppressCount } from "~/domain/stats/suppress";
import { engine } from "./engine.server";
import { exportStatement } from "./export-sql.server";
import { dialectOf } from "./sql-dialect.server";
import type { ExportJob, ExportMessage } from "./export.worker";
import { resolveLocale } from "./locale.server";
import { getCounts } from "./stats.server";

/**
 * Anonymised exports, one row per complaint, modelled on the CFPB's columns: never a contact
 * detail or a piece of evidence; the narrative only with consent, as redacted when it was filed.
 * The rows come from one SQL statement (export-sql.server.ts) run in a worker thread on a
 * read-only connection of its own, so a million rows neither stop the event loop nor wait behind
 * its writes. The worker writes the next chunk only when the response has taken the last one:
 * memory stays flat however many rows there are and however slowly they are downloaded.
 */

const WORKER_FILE = new URL("./export.worker.js", import.meta.url);
// What one export may hold: a few chunks of text and the batch being formatted. A backstop only.
const WORKER_LIMITS = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16 };
// Each export keeps a core busy while its client reads fast; on a small server two at once are enough.
export const MAX_EXPORTS = 2;
// About 256 KB of CSV (more where the text is Chinese); two chunks are written ahead of the download.
// Fewer, larger chunks: each costs a message between threads and a turn of the stream.
const CHUNK_CHARS = 131_072;
const WINDOW = 2;
let running = 0;

/** How the export follows its HTTP response (server.js): stopped when the client goes away, paced by the socket. */
export type Download = AppLoadContext["download"];

/**
 * The filtered complaints as CSV (UTF-8 with a BOM, formula-escaped) or a JSON array, streamed
 * from a worker thread; null when MAX_EXPORTS are already running (the caller answers 503).
 */
export function exportRows(format: "csv" | "json", filter: StatsFilter, download: Download): ReadableStream<Uint8Array> | null {
  if (running >= MAX_EXPORTS) return null;
  running++;
  const job: ExportJob = { format, ...exportStatement(filter, format, dialectOf(engine())), chunkChars: CHUNK_CHARS, window: WINDOW };
  const worker = new Worker(WORKER_FILE, { workerData: job, resourceLimits: WORKER_LIMITS });
  const inbox: ExportMessage[] = [];
  let wake: (() => void) | null = null;
  const deliver = (message: ExportMessage) => {
    inbox.push(message);
    wake?.();
  };
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    void worker.terminate();
  };
  worker.on("message", deliver);
  worker.on("error", (error) => deliver({ error: error.message }));
  worker.once("exit", () => {
    running--;
    deliver({ error: "the export worker stopped before it finished" });
  });
  // A client that goes away stops the work at once; the pending read ends the stream quietly.
  const abandon = () => {
    stop();
    inbox.length = 0;
    deliver({ done: true });
  };
  if (download.signal.aborted) abandon();
  else download.signal.addEventListener("abort", abandon, { once: true });

  const next = async () => {
    while (!inbox.length) await new Promise<void>((resolve) => (wake = resolve));
    wake = null;
    return inbox.shift()!;
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        await download.drained();
        const message = await next();
        if ("chunk" in message) {
          controller.enqueue(message.chunk);
          worker.postMessage("more");
        } else {
          stop();
          download.signal.removeEventListener("abort", abandon);
          if ("done" in message) controller.close();
          else controller.error(new Error("error" in message ? message.error : "the export worker sent an unknown message"));
        }
      },
      cancel: stop,
    },
    // Nothing is asked of the worker before the response asks for it.
    { highWaterMark: 0 },
  );
}

/** CSV for the `?by=` tables, formula-escaped like the row export. */
function csvWriter(columns: string[]) {
  return stringify({ header: true, columns, bom: true, escape_formulas: true });
}

/**
 * Counts by one dimension, with every cell under 5 shown as "<5" so a small group cannot single
 * anyone out: from the statistics index (stats.server.ts), which counts a million complaints in
 * tens of milliseconds and has read every committed change, where SQL took seconds.
 */
export async function aggregateRows(filter: StatsFilter & { by: StatsDimension }) {
  const counts = await getCounts(filter, filter.by);
  return counts.map(([key, complaints]) => ({ [filter.by]: key, complaints: suppressCount(complaints) }));
}

export function aggregateCsv(rows: Record<string, string | number>[], by: string): ReadableStream<Uint8Array> {
  const csv = csvWriter([by, "complaints"]);
  return createReadableStreamFromReadable(Readable.from(rows).pipe(csv));
}

/** The answer while MAX_EXPORTS are running: try again in a minute, in the visitor's language. */
export async function exportsBusy(request: Request, format: "csv" | "json"): Promise<Response> {
  const { locale } = await resolveLocale(request);
  const message = catalogues[locale].stats.exportBusy.replace("{{count}}", String(MAX_EXPORTS));
  const headers = { "Retry-After": "60", "Cache-Control": "no-store" };
  return format === "json"
    ? Response.json({ error: message }, { status: 503, headers })
    : new Response(`${message}\n`, { status: 503, headers: { ...headers, "Content-Type": "text/plain; charset=utf-8" } });
}
