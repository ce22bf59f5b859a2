/**
 * Reads a complaint's call logs as streams, within the limits of domain/call-log/limits.ts,
 * and computes what is kept of them (domain/call-log/review.ts). It runs in a worker thread
 * for the web server (call-log.worker.ts, started by call-log.server.ts), so a long log
 * never holds up other requests, and in-process for `npm run call-logs:reanalyse`.
 * Nothing here touches the database: the job carries everything it needs.
 */
import { parse } from "csv-parse";
import fs from "node:fs";
import { Readable, pipeline } from "node:stream";
import { MAX_CALL_LOG_ROWS, MAX_CALL_LOG_TOTAL_ROWS, MAX_SHEET_CELLS } from "~/domain/call-log/limits";
import { mergeCallLogs, type ReadLog } from "~/domain/call-log/merge";
import { BrokenQuoteBlanker, CallLogRows, csvOptions, findCallLogHeader, HEAD_LINES, type ParseCallLogOptions } from "~/domain/call-log/parse";
import { XmlCallLogReader, XmlCallLogRefused, type XmlRefusal } from "~/domain/call-log/parse-xml";
import { xmlEncodingOf } from "~/domain/call-log/xml-formats";
import { reviewOfLogs, type CallLogAnalysis, type CallLogContext, type CallLogReview } from "~/domain/call-log/review";
import { XLSX_MIME, XML_MIME } from "~/domain/evidence-types";
import { timeZoneOfRegion } from "~/domain/regions";
import { MAX_SHEET_ROWS, readFirstSheet } from "./spreadsheet.server";

export interface CallLogFile {
  name: string;
  path: string;
  mime: string;
  /** A log being handed in now: one that cannot be read is refused. A stored one is left out. */
  isNew: boolean;
  /** The form field a new log came in: its own, or evidence recognised as a call log by its content. */
  field?: "callLog" | "evidence";
}

/** All the logs of a complaint, stored ones first (oldest first), then the new ones. */
export interface CallLogJob {
  files: CallLogFile[];
  context: CallLogContext;
}

export type CallLogJobResult =
  | { ok: true; logs: number; findings: CallLogAnalysis; review: CallLogReview }
  | { ok: true; logs: 0 }
  | { ok: false; error: string; field: "callLog" | "evidence" };

export async function runCallLogJob({ files, context }: CallLogJob): Promise<CallLogJobResult> {
  const options: ParseCallLogOptions = { incidentYear: Number(context.incidentStart.slice(0, 4)), timeZone: timeZoneOfRegion(context.region) };
  const logs: ReadLog[] = [];
  let total = 0;
  for (const file of files) {
    const limit = Math.min(MAX_CALL_LOG_ROWS, MAX_CALL_LOG_TOTAL_ROWS - total);
    const read = await readLogFile(file, options, limit);
    if ("calls" in read) {
      logs.push({ file: file.name, calls: read.calls, problems: read.problems });
      total += read.rows;
      continue;
    }
    if (!file.isNew) continue;
    return { ok: false, error: refusalMessage(read.refused, file.name, limit), field: file.field ?? "callLog" };
  }
  if (!logs.length) return { ok: true, logs: 0 };
  return { ok: true, logs: logs.length, ...reviewOfLogs(mergeCallLogs(logs), context, logs.length) };
}

type Refusal = "notACallLog" | "tooManyRows" | "sheetTooLarge" | Exclude<XmlRefusal, "tooManyRows">;
type ReadOutcome = (Omit<ReadLog, "file"> & { rows: number }) | { refused: Refusal };

/** The form's message for a new log that is refused: a catalogue key with the file's name and the limit it passed. */
function refusalMessage(refused: Refusal, name: string, limit: number): string {
  switch (refused) {
    case "notACallLog":
      return `error.file.notCallLog|${name}`;
    case "sheetTooLarge":
      return `error.callLog.sheetTooLarge|${name}|${MAX_SHEET_ROWS}|${MAX_SHEET_CELLS}`;
    case "doctype":
      return `error.callLog.xmlDoctype|${name}`;
    case "unknownRoot":
      return `error.file.notCallLogXml|${name}`;
    case "notXml":
      return `error.callLog.xmlUnreadable|${name}`;
    case "tooManyRows":
      return limit === MAX_CALL_LOG_ROWS
        ? `error.callLog.tooManyRows|${name}|${MAX_CALL_LOG_ROWS}`
        : `error.callLog.tooManyRowsInAll|${name}|${MAX_CALL_LOG_TOTAL_ROWS}`;
  }
}

/** One log, read until it ends or passes `maxRows` rows. */
async function readLogFile(file: CallLogFile, options: ParseCallLogOptions, maxRows: number): Promise<ReadOutcome> {
  if (file.mime === XLSX_MIME) {
    // A workbook is unpacked whole (it is a zip), within its own limits of bytes and cells.
    const sheet = await readFirstSheet(file.path);
    if ("tooLarge" in sheet) return { refused: "sheetTooLarge" };
    if ("unreadable" in sheet) return { refused: "notACallLog" };
    return readCsv(linesOf(oneChunk(sheet.csv)), options, maxRows);
  }
  if (file.mime === XML_MIME) return readXml(file.path, maxRows);
  // UTF-8 unless the bytes say otherwise, then GB18030 (what Chinese Excel saves), as the upload was sniffed.
  for (const encoding of ["utf-8", "gb18030"]) {
    try {
      return await readCsv(linesOf(decodedFile(file.path, encoding)), options, maxRows);
    } catch (error) {
      if (!(error instanceof NotText)) throw error;
    }
  }
  return { refused: "notACallLog" };
}

/**
 * An XML call log, streamed through the XML reader in the encoding it declares: refused at
 * the first thing it cannot read safely (domain/call-log/parse-xml.ts) or past `maxRows` rows.
 * Times are epoch milliseconds, instants in any zone, so the complaint's zone is not needed here.
 */
async function readXml(filePath: string, maxRows: number): Promise<ReadOutcome> {
  const handle = await fs.promises.open(filePath, "r");
  const head = Buffer.alloc(1024);
  try {
    await handle.read(head, 0, head.length, 0);
  } finally {
    await handle.close();
  }
  const reader = new XmlCallLogReader(maxRows);
  try {
    for await (const text of decodedFile(filePath, xmlEncodingOf(head))) reader.write(text);
    const { calls, problems, rows } = reader.end();
    return { calls, problems, rows };
  } catch (error) {
    if (error instanceof XmlCallLogRefused) return { refused: error.reason };
    // An encoding TextDecoder does not know, or bytes that are not in the declared one.
    if (error instanceof NotText || error instanceof RangeError) return { refused: "notXml" };
    throw error;
  }
}

class NotText extends Error {}

/** The file's text in chunks; NotText on a NUL byte (outside UTF-16) or bytes that are not in the encoding. */
async function* decodedFile(filePath: string, encoding: string): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding, { fatal: true });
  const nulIsText = decoder.encoding.startsWith("utf-16");
  const stream = fs.createReadStream(filePath, { highWaterMark: 64 * 1024 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (!nulIsText && chunk.includes(0)) throw new NotText();
      yield decode(decoder, chunk);
    }
    yield decode(decoder);
  } finally {
    stream.destroy();
  }
}

function decode(decoder: TextDecoder, chunk?: Buffer): string {
  try {
    return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
  } catch {
    throw new NotText();
  }
}

async function* oneChunk(text: string): AsyncGenerator<string> {
  yield text;
}

/** A line longer than this is no call log's (theirs are under 200 characters); it is not held whole. */
const MAX_LINE = 1024 * 1024;

/** Lines without their ends (\r\n, \r or \n), as `text.split(/\r\n|\r|\n/)` gives them, from text in chunks. */
async function* linesOf(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let carry = "";
  let first = true;
  for await (let text of chunks) {
    if (first && text) {
      text = text.replace(/^\uFEFF/, "");
      first = false;
    }
    let pending = carry + text;
    // A \r at the end may be the first half of a \r\n.
    const held = pending.endsWith("\r") ? "\r" : "";
    if (held) pending = pending.slice(0, -1);
    const lines = pending.split(/\r\n|\r|\n/);
    carry = lines.pop()! + held;
    if (carry.length > MAX_LINE) throw new NotText();
    yield* lines;
  }
  yield* carry.split(/\r\n|\r|\n/);
}

/**
 * The rows of a CSV call log, streamed: lines settle through the broken-quote blanker, the
 * header is found in the first HEAD_LINES of them, and csv-parse reads the rest as they
 * come, so no more than `maxRows` rows are ever held.
 */
async function readCsv(lines: AsyncGenerator<string>, options: ParseCallLogOptions, maxRows: number): Promise<ReadOutcome> {
  const blanker = new BrokenQuoteBlanker();
  const settled = (async function* () {
    for await (const line of lines) yield* blanker.push(line);
    yield* blanker.end();
  })();
  const head: string[] = [];
  while (head.length < HEAD_LINES) {
    const next = await settled.next();
    if (next.done) break;
    head.push(next.value);
  }
  const header = findCallLogHeader(head.join("\n"));
  if (!header) {
    await settled.return(undefined);
    return { refused: "notACallLog" };
  }

  const rows = new CallLogRows(header, options, blanker.problems);
  const parser = parse(csvOptions(header.delimiter, (line) => rows.brokenRecord(line)));
  const text = Readable.from(batches(head, settled), { objectMode: false });
  // pipeline destroys both streams on an error (a NotText from the decoder) and the loop below rethrows it.
  pipeline(text, parser, () => undefined);
  try {
    for await (const { record, raw, info } of parser as AsyncIterable<{ record: string[]; raw: string; info: { lines: number } }>) {
      rows.add(record, raw, info.lines);
      if (rows.rows > maxRows) return { refused: "tooManyRows" };
    }
  } finally {
    text.destroy();
  }
  return { ...rows.result(), rows: rows.rows };
}

/** The lines joined again, in pieces of about 64 KB for csv-parse. */
async function* batches(head: string[], rest: AsyncGenerator<string>): AsyncGenerator<string> {
  let batch = head.map((line) => `${line}\n`).join("");
  for await (const line of rest) {
    batch += `${line}\n`;
    if (batch.length >= 64 * 1024) {
      yield batch;
      batch = "";
    }
  }
  if (batch) yield batch;
}
