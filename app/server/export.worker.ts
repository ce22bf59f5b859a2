// The worker thread that writes one row export (started by export.server.ts, built to
// build/export.worker.js by `npm run build`): it runs the export's one statement on a read-only
// connection of its own and sends the CSV or JSON in chunks, each only when the server asks for
// it, so a slow download holds a few chunks in memory, never the rows.
import { stringify } from "csv-stringify/sync";
import { once } from "node:events";
import { parentPort, workerData } from "node:worker_threads";
import { EXPORT_COLUMNS } from "./export-sql.server";
import { openReadConnection } from "./read-connection.server";

export type ExportJob = { format: "csv" | "json"; sql: string; params: unknown[]; chunkChars: number; window: number };
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

// Rows are formatted a batch at a time: csv-stringify's sync API per batch costs less than one call per row.
const BATCH = 200;
// CSV: a BOM so that Excel opens Chinese correctly; a cell that starts with =, +, -, @, tab or CR is
// prefixed with a quote, because consumers type agency and creditor names and `=HYPERLINK(…)` must
// not run in an analyst's spreadsheet. JSON: one object per complaint, in the columns' order.
const keys = EXPORT_COLUMNS.map((column) => `${JSON.stringify(column)}:`);
const format =
  job.format === "csv"
    ? {
        head: `\uFEFF${stringify([[...EXPORT_COLUMNS]])}`,
        rows: (rows: string[][], _first: boolean) => stringify(rows, { escape_formulas: true }),
        tail: "",
      }
    : {
        head: "[",
        rows: (rows: string[][], first: boolean) =>
          (first ? "\n" : ",\n") + rows.map((row) => `{${row.map((value, i) => keys[i] + JSON.stringify(value)).join(",")}}`).join(",\n"),
        tail: "\n]\n",
      };

try {
  const connection = openReadConnection();
  const statement = connection.prepare(job.sql).raw(true);
  // The head goes at once, before the first rows are computed: the download has started.
  await send(format.head);
  let pending = "";
  let batch: string[][] = [];
  let first = true;
  for (const row of statement.iterate(...job.params) as IterableIterator<string[]>) {
    batch.push(row);
    if (batch.length < BATCH) continue;
    pending += format.rows(batch, first);
    first = false;
    batch = [];
    if (pending.length >= job.chunkChars) {
      await send(pending);
      pending = "";
    }
  }
  if (batch.length) pending += format.rows(batch, first);
  await send(pending + format.tail);
  connection.close();
  port.postMessage({ done: true } satisfies ExportMessage);
} catch (error) {
  port.postMessage({ error: error instanceof Error ? error.message : String(error) } satisfies ExportMessage);
}
