// The worker thread that runs one export (started by export.server.ts, built to
// build/export.worker.js by `npm run build`) on a read-only connection of its own: a row export
// is sent as CSV or JSON in chunks, each only when the server asks for it, so a slow download
// holds a few chunks in memory, never the rows.
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import { csvLines } from "./export-csv";
import { EXPORT_COLUMNS } from "./export-sql.server";
import { openReadConnection, type ReadConnection } from "./read-connection.server";

export type ExportJob = { format: "csv" | "json"; sql: string; params: unknown[]; objects: boolean; chunkChars: number; window: number };
/** Worker → server. The server answers each chunk with a message asking for one more. */
export type ExportMessage = { chunk: Uint8Array } | { done: true } | { error: string };

const job = workerData as ExportJob;
const port = parentPort!;
const encoder = new TextEncoder();
let credits = job.window;
port.on("message", () => credits++);

async function send(text: string) {
  while (credits === 0) await once(port, "message");
  credits--;
  const chunk = encoder.encode(text);
  port.postMessage({ chunk } satisfies ExportMessage, [chunk.buffer]);
}

// Rows are formatted a batch at a time.
const BATCH = 200;
// CSV: a BOM so that Excel opens Chinese correctly, cells formula-escaped (export-csv.ts).
// JSON: each row is one object, written by SQLite (json_object) or here from the columns.
const asObject = (row: string[]) => JSON.stringify(Object.fromEntries(EXPORT_COLUMNS.map((name, i) => [name, row[i]])));
const FORMATS = {
  csv: {
    head: `\uFEFF${csvLines([EXPORT_COLUMNS])}`,
    rows: (rows: string[][], _first: boolean) => csvLines(rows),
    tail: "",
  },
  json: {
    head: "[",
    rows: (rows: string[][], first: boolean) => (first ? "\n" : ",\n") + rows.map((row) => (job.objects ? row[0] : asObject(row))).join(",\n"),
    tail: "\n]\n",
  },
};

async function writeRows(connection: ReadConnection) {
  const format = FORMATS[job.format];
  // The head goes at once, before the first rows are computed: the download has started.
  await send(format.head);
  let pending = "";
  let first = true;
  for await (const batch of connection.batches<string[]>(job.sql, job.params, BATCH, "arrays")) {
    pending += format.rows(batch, first);
    first = false;
    if (pending.length >= job.chunkChars) {
      await send(pending);
      pending = "";
    }
  }
  await send(pending + format.tail);
  port.postMessage({ done: true } satisfies ExportMessage);
}

/**
 * On Linux a thread has a priority of its own: an export is a batch job, so it yields the CPU to
 * the threads answering pages when cores are short. Elsewhere it runs at the server's priority.
 */
function lowerPriority() {
  try {
    const thread = Number(fs.readlinkSync("/proc/thread-self").split("/").at(-1));
    os.setPriority(thread, Math.min(19, os.getPriority(thread) + 10));
  } catch {
    // not Linux, or not allowed: the export still runs
  }
}

try {
  lowerPriority();
  const connection = openReadConnection();
  await writeRows(connection);
  await connection.close();
} catch (error) {
  port.postMessage({ error: error instanceof Error ? error.message : String(error) } satisfies ExportMessage);
}
