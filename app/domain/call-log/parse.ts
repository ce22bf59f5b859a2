/**
 * Reads a call log exported from a phone (or typed up in a spreadsheet) into calls.
 *
 * Exports differ by phone maker, language and spreadsheet program, so the parser
 * finds its columns by header name (English or Chinese, any order and case), guesses
 * the delimiter (comma, tab or semicolon), and reads each cell in the formats phones
 * actually write. A row it cannot read becomes a problem with its line number in the
 * file and a short reason code (translated by the UI); the other rows still count.
 */
import type { CsvError, Options } from "csv-parse";
import { parse } from "csv-parse/sync";
import { phoneKey, WITHHELD_KEY } from "../phone";
import { HIDDEN_NUMBER, type Call, type CallDirection } from "./call";
import { DEFAULT_TIME_ZONE, zoneClock, type WallClock, type ZoneClock } from "./zone";

export { HIDDEN_NUMBER, type Call, type CallDirection } from "./call";

/** Stable reason codes, translated by the UI. */
export const CALL_LOG_PROBLEMS = ["csv", "columns", "date", "number", "type", "duration"] as const;
export type CallLogProblemReason = (typeof CALL_LOG_PROBLEMS)[number];
export interface CallLogProblem {
  line: number;
  reason: CallLogProblemReason;
}

export type ParseCallLogResult = { calls: Call[]; problems: CallLogProblem[] } | { notACallLog: true };

export interface ParseCallLogOptions {
  /**
   * The year for dates written without one (`10月1日 21:14`). A year-less log that runs
   * over New Year cannot be told apart: every such date gets this year.
   */
  incidentYear: number;
  /**
   * The consumer's zone; the log's times are wall-clock times there. Default Asia/Shanghai.
   * Any IANA zone works; an unknown one throws a RangeError (a programming error, not bad input).
   */
  timeZone?: string;
}

type Role = "datetime" | "date" | "time" | "number" | "type" | "duration";

/** Header names after `headerKey` (lower case, no spaces, brackets or punctuation). */
const HEADER_ROLES = new Map<string, Role>();
function headers(role: Role, names: string[]) {
  for (const name of names) HEADER_ROLES.set(headerKey(name), role);
}
headers("datetime", [
  "datetime",
  "date time",
  "date/time",
  "date and time",
  "timestamp",
  "call time",
  "start time",
  "日期时间",
  "通话日期时间",
  "通话时间",
  "呼叫时间",
  "来电时间",
  "开始时间",
  "拨打时间",
]);
headers("date", ["date", "call date", "day", "日期", "通话日期"]);
headers("time", ["time", "时间"]);
headers("number", [
  "number",
  "phone",
  "phone number",
  "telephone",
  "tel",
  "caller",
  "caller id",
  "from",
  "号码",
  "电话",
  "电话号码",
  "手机号",
  "手机号码",
  "对方号码",
  "来电号码",
  "通话号码",
]);
headers("type", ["type", "call type", "direction", "category", "类型", "通话类型", "呼叫类型", "通话状态", "状态"]);
headers("duration", [
  "duration",
  "duration (s)",
  "duration (sec)",
  "duration seconds",
  "call duration",
  "length",
  "时长",
  "通话时长",
  "时长(秒)",
  "通话时长(秒)",
]);

function headerKey(cell: string): string {
  return cell
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s_\-/:：()（）[\]【】.]/g, "");
}

const DIRECTIONS = new Map<string, CallDirection>();
function directions(direction: CallDirection, names: string[]) {
  for (const name of names) DIRECTIONS.set(typeKey(name), direction);
}
// Android's CallLog.Calls.TYPE codes appear in backups: 1 incoming, 2 outgoing, 3 missed,
// 4 voicemail, 5 rejected, 6 blocked, 7 answered elsewhere.
directions("incoming", [
  "incoming",
  "in",
  "inbound",
  "answered",
  "received",
  "incoming call",
  "answered externally",
  "1",
  "7",
  "来电",
  "呼入",
  "已接",
  "已接来电",
  "已接听",
  "接听",
  "来电已接",
]);
directions("missed", ["missed", "missed call", "unanswered", "no answer", "3", "未接", "未接来电", "未接听", "来电未接", "响铃未接"]);
directions("voicemail", ["voicemail", "voice mail", "4", "语音信箱", "语音留言"]);
directions("outgoing", ["outgoing", "out", "outbound", "dialed", "dialled", "outgoing call", "2", "去电", "呼出", "已拨", "已拨电话", "拨出"]);
directions("rejected", ["rejected", "declined", "refused", "rejected call", "5", "拒接", "已拒接", "拒绝"]);
// A blocked call is one the phone refused for the consumer: still a call the collector placed.
directions("blocked", ["blocked", "blocked call", "6", "拦截", "已拦截", "骚扰拦截"]);

function typeKey(cell: string): string {
  return cell
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s_-]+/g, " ")
    .trim();
}

const hiddenKey = (cell: string) => cell.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
// Android writes -1 (unknown), -2 (private) and -3 (payphone) for numbers it was not given.
const HIDDEN_MARKERS = new Set(
  [
    "unknown",
    "private",
    "private number",
    "withheld",
    "hidden",
    "anonymous",
    "restricted",
    "no caller id",
    "-1",
    "-2",
    "-3",
    "未知",
    "未知号码",
    "私人号码",
    "隐藏号码",
    "匿名",
    "无号码",
  ].map(hiddenKey),
);

const DELIMITERS = [",", "\t", ";"] as const;
const HEADER_SEARCH_LINES = 10;
/** A quoted cell may hold line breaks; one that stays open this long is a broken quote. */
const MAX_LINES_PER_RECORD = 10;

export function parseCallLog(text: string, options: ParseCallLogOptions): ParseCallLogResult {
  const blanker = new BrokenQuoteBlanker();
  const lines = [
    ...text
      .replace(/^\uFEFF/, "")
      .split(/\r\n|\r|\n/)
      .flatMap((line) => blanker.push(line)),
    ...blanker.end(),
  ];
  const body = lines.join("\n");
  const header = findCallLogHeader(lines.slice(0, HEAD_LINES).join("\n"));
  if (!header) return { notACallLog: true };
  const rows = new CallLogRows(header, options, blanker.problems);
  for (const { record, raw, info } of parseRows(body, header.delimiter, (line) => rows.brokenRecord(line))) rows.add(record, raw ?? "", info.lines);
  return rows.result();
}

/** How many lines (after blanking) the header is looked for in: what findCallLogHeader needs of a file's start. */
export const HEAD_LINES = HEADER_SEARCH_LINES + MAX_LINES_PER_RECORD;

/** csv-parse's options for the rows of a call log, the same whether the text is parsed whole or streamed. */
export function csvOptions(delimiter: string, onBrokenRecord: (line: number) => void): Options {
  return {
    delimiter,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
    raw: true,
    skip_records_with_error: true,
    on_skip: (error: CsvError | undefined) => {
      onBrokenRecord(typeof error?.lines === "number" ? error.lines : 0);
      return undefined;
    },
  };
}

/**
 * The rows of a call log after its header, read one at a time as csv-parse gives them
 * (whole or streamed), so a long file can be stopped as soon as it passes a limit.
 */
export class CallLogRows {
  private readonly calls: Call[] = [];
  private readonly clock: ZoneClock;
  /** Rows read after the header: calls and rows that could not be read. */
  rows = 0;

  constructor(
    private readonly header: CallLogHeader,
    private readonly options: ParseCallLogOptions,
    private readonly problems: CallLogProblem[] = [],
  ) {
    this.clock = zoneClock(options.timeZone ?? DEFAULT_TIME_ZONE);
  }

  /** A record as csv-parse gives it with `info` and `raw`: `endLine` is the line it ends on. */
  add(record: string[], raw: string, endLine: number): void {
    const line = startLine(endLine, raw);
    if (line <= this.header.headerLine) return;
    if (record.every((cell) => cell.trim() === "")) return;
    this.rows++;
    const read = readRow(record, this.header.columns, this.header.width, this.clock, this.options.incidentYear);
    if ("reason" in read) this.problems.push({ line, reason: read.reason });
    else this.calls.push({ ...read, line });
  }

  /** A record csv-parse skipped as broken. */
  brokenRecord(line: number): void {
    this.rows++;
    this.problems.push({ line, reason: "csv" });
  }

  result(): { calls: Call[]; problems: CallLogProblem[] } {
    this.problems.sort((a, b) => a.line - b.line);
    return { calls: this.calls, problems: this.problems };
  }
}

interface Row {
  record: string[];
  raw?: string;
  info: { lines: number };
}

function parseRows(text: string, delimiter: string, onBrokenRecord: (line: number) => void, toLine?: number): Row[] {
  const rows = parse(text, { ...csvOptions(delimiter, onBrokenRecord), ...(toLine === undefined ? {} : { to_line: toLine }) });
  // With `info` and `raw` csv-parse returns { record, info, raw } objects; its types only
  // describe the plain string[][] form.
  return rows as unknown as Row[];
}

/**
 * csv-parse reports the line a record ends on, and its raw text starts with any blank
 * lines skipped before it; the record starts as many lines earlier as it holds breaks.
 */
function startLine(endLine: number, raw: string): number {
  const own = raw.replace(/^\n+/, "").replace(/\n$/, "");
  let breaks = 0;
  for (let i = own.indexOf("\n"); i !== -1; i = own.indexOf("\n", i + 1)) breaks++;
  return endLine - breaks;
}

const quotesIn = (line: string) => {
  let count = 0;
  for (let i = line.indexOf('"'); i !== -1; i = line.indexOf('"', i + 1)) count++;
  return count;
};

/**
 * Blanks every line whose opening quote does not close within MAX_LINES_PER_RECORD lines
 * (which would otherwise swallow the rest of the file), reporting it as "csv". Lines go in
 * one at a time (without their line ends) and come out once settled, at most
 * MAX_LINES_PER_RECORD later, so a file can be streamed through it. Blanking keeps the
 * line count, so later line numbers stay right.
 */
export class BrokenQuoteBlanker {
  readonly problems: CallLogProblem[] = [];
  private pending: string[] = [];
  /** The 1-based line number of pending[0]. */
  private first = 1;

  push(line: string): string[] {
    this.pending.push(line);
    return this.settle(false);
  }

  end(): string[] {
    return this.settle(true);
  }

  private settle(atEnd: boolean): string[] {
    const out: string[] = [];
    while (this.pending.length) {
      if (quotesIn(this.pending[0]) % 2 === 0) {
        out.push(this.take(1)[0]);
        continue;
      }
      // An odd line opens a quote; the next odd line within the window closes it.
      let close = -1;
      for (let j = 1; j < Math.min(this.pending.length, MAX_LINES_PER_RECORD); j++) {
        if (quotesIn(this.pending[j]) % 2 === 1) {
          close = j;
          break;
        }
      }
      if (close !== -1) out.push(...this.take(close + 1));
      else if (atEnd || this.pending.length >= MAX_LINES_PER_RECORD) {
        this.problems.push({ line: this.first, reason: "csv" });
        this.take(1);
        out.push("");
      } else break;
    }
    return out;
  }

  private take(count: number): string[] {
    this.first += count;
    return this.pending.splice(0, count);
  }
}

export interface CallLogHeader {
  delimiter: string;
  headerLine: number;
  columns: Columns;
  width: number;
}

interface Columns {
  datetime?: number;
  date?: number;
  time?: number;
  number?: number;
  type?: number;
  duration?: number;
}

/**
 * The header is the first of the first few rows whose cells name both a date or time
 * column and a number column. Delimiters are tried most frequent first.
 */
export function findCallLogHeader(head: string): CallLogHeader | null {
  const byFrequency = [...DELIMITERS].sort((a, b) => head.split(b).length - head.split(a).length);
  for (const delimiter of byFrequency) {
    const rows = parseRows(head, delimiter, () => undefined, HEADER_SEARCH_LINES);
    for (const { record, raw, info } of rows) {
      const columns: Columns = {};
      record.forEach((cell, index) => {
        const role = HEADER_ROLES.get(headerKey(cell));
        if (role && columns[role] === undefined) columns[role] = index;
      });
      const hasWhen = columns.datetime !== undefined || columns.date !== undefined || columns.time !== undefined;
      if (hasWhen && columns.number !== undefined) {
        // Trailing empty header cells (a spreadsheet's stray commas) do not make rows short.
        let width = record.length;
        while (width > 0 && record[width - 1].trim() === "") width--;
        return { delimiter, headerLine: startLine(info.lines, raw ?? ""), columns, width };
      }
    }
  }
  return null;
}

type RowResult = Omit<Call, "line"> | { reason: CallLogProblemReason };

function readRow(record: string[], columns: Columns, width: number, clock: ZoneClock, incidentYear: number): RowResult {
  // A short row, or a long one with something in the extra cells (an unquoted comma in a
  // name shifts every column after it), cannot be read safely.
  if (record.length < width) return { reason: "columns" };
  for (let i = width; i < record.length; i++) if (record[i].trim() !== "") return { reason: "columns" };
  const cell = (index: number | undefined) => (index === undefined ? undefined : record[index].trim());

  // A separate time column completes a date column; a lone "时间" column holds both.
  const whenCells = [cell(columns.datetime), cell(columns.date), cell(columns.time)].filter((text): text is string => text !== undefined && text !== "");
  const at = parseWhen(whenCells, clock, incidentYear);
  if (at === null) return { reason: "date" };

  const rawNumber = cell(columns.number) ?? "";
  const number = readNumber(rawNumber);
  if (number === null) return { reason: "number" };

  let durationSeconds: number | null = null;
  const durationCell = cell(columns.duration);
  if (durationCell !== undefined) {
    const duration = parseDuration(durationCell);
    if (duration === undefined) return { reason: "duration" };
    durationSeconds = duration;
  }

  let direction: CallDirection;
  if (columns.type !== undefined) {
    const read = DIRECTIONS.get(typeKey(cell(columns.type) ?? ""));
    if (!read) return { reason: "type" };
    direction = read;
  } else {
    // No type column: a call with talk time was answered; anything else is counted as
    // missed, never as connected, so the connected-call rules are not overstated.
    direction = durationSeconds !== null && durationSeconds > 0 ? "incoming" : "missed";
  }

  return { at: new Date(at), number, rawNumber, direction, durationSeconds };
}

/** A calling number as the analysis compares it: normalised, HIDDEN_NUMBER for a withheld one, null when it has no digits. */
export function readNumber(raw: string): string | null {
  if (HIDDEN_MARKERS.has(hiddenKey(raw))) return HIDDEN_NUMBER;
  const key = phoneKey(raw);
  if (key) return key === WITHHELD_KEY ? HIDDEN_NUMBER : key;
  const digits = raw.normalize("NFKC").replace(/\D/g, "");
  return digits.length > 0 ? digits : null;
}

// ---------------------------------------------------------------------------- dates

const EPOCH_MS = /^\d{13}$/;
const DATE_PATTERNS: {
  pattern: RegExp;
  read: (m: RegExpExecArray, incidentYear: number) => [number, number, number];
}[] = [
  { pattern: /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})/, read: (m) => [Number(m[1]), Number(m[2]), Number(m[3])] },
  {
    pattern: /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?/,
    read: (m) => [Number(m[1]), Number(m[2]), Number(m[3])],
  },
  { pattern: /^(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]/, read: (m, year) => [year, Number(m[1]), Number(m[2])] },
];
// 21:14, 21:14:05, 9:14 PM, 下午9:14, 21:14:05.123, 2026-10-01T13:14:05Z / +08:00
const TIME_PATTERN = /^(上午|下午|凌晨|早上|晚上)?\s*(\d{1,2})[:：](\d{2})(?:[:：](\d{2})(?:\.\d+)?)?\s*(am|pm|a\.m\.|p\.m\.)?\s*(z|[+-]\d{2}:?\d{2})?$/i;
const WEEKDAY = /^(?:星期|周)[一二三四五六日天]\s*/;

/**
 * Epoch milliseconds, or null when the cells do not hold a real date and time.
 * The first cell with a whole date and time (or epoch milliseconds) wins; a cell with
 * only a date takes its time from another cell holding only a time.
 */
function parseWhen(cells: string[], clock: ZoneClock, incidentYear: number): number | null {
  const texts = cells.map((cell) => cell.normalize("NFKC").trim());
  let dateOnly: [number, number, number] | null = null;
  for (const text of texts) {
    if (EPOCH_MS.test(text)) return Number(text);
    const date = readDate(text, incidentYear);
    if (!date) continue;
    if (date.rest !== "") return atTime(date.ymd, date.rest, clock);
    dateOnly ??= date.ymd;
  }
  if (!dateOnly) return null;
  for (const text of texts) if (TIME_PATTERN.test(text)) return atTime(dateOnly, text, clock);
  return null;
}

function readDate(text: string, incidentYear: number): { ymd: [number, number, number]; rest: string } | null {
  for (const { pattern, read } of DATE_PATTERNS) {
    const match = pattern.exec(text);
    if (match) {
      const rest = text
        .slice(match[0].length)
        .replace(/^[T\s,]+/, "")
        .replace(WEEKDAY, "");
      return { ymd: read(match, incidentYear), rest };
    }
  }
  return null;
}

function atTime([year, month, day]: [number, number, number], timeText: string, clock: ZoneClock): number | null {
  const time = parseTime(timeText);
  if (!time) return null;
  const wall: WallClock = { year, month, day, ...time.clock };
  if (!isRealDate(wall)) return null;
  if (time.offsetMinutes !== null) {
    return Date.UTC(year, month - 1, day, wall.hour, wall.minute, wall.second) - time.offsetMinutes * 60_000;
  }
  return clock.toInstant(wall);
}

function parseTime(text: string): { clock: Pick<WallClock, "hour" | "minute" | "second">; offsetMinutes: number | null } | null {
  const match = TIME_PATTERN.exec(text);
  if (!match) return null;
  const [, period, h, m, s, meridiem, zone] = match;
  let hour = Number(h);
  const minute = Number(m);
  const second = s === undefined ? 0 : Number(s);
  const afternoon = period === "下午" || period === "晚上" || /^p/i.test(meridiem ?? "");
  const morning = period === "上午" || period === "凌晨" || period === "早上" || /^a/i.test(meridiem ?? "");
  if (afternoon || morning) {
    if (hour > 12) return null;
    if (afternoon && hour < 12) hour += 12;
    if (morning && hour === 12) hour = 0;
  }
  if (hour > 23 || minute > 59 || second > 59) return null;
  let offsetMinutes: number | null = null;
  if (zone) {
    if (/^z$/i.test(zone)) offsetMinutes = 0;
    else {
      const digits = zone.replace(":", "");
      const sign = digits[0] === "-" ? -1 : 1;
      offsetMinutes = sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
    }
  }
  return { clock: { hour, minute, second }, offsetMinutes };
}

function isRealDate({ year, month, day }: WallClock): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

// ------------------------------------------------------------------------ durations

const CLOCK_DURATION = /^(?:(\d+):)?(\d{1,2}):(\d{2})$/;
const UNIT_DURATION =
  /^(?:(\d+)\s*(?:小时|时|h|hr|hrs|hours?)\s*)?(?:(\d+)\s*(?:分钟|分|m|min|mins|minutes?)\s*)?(?:(\d+)\s*(?:秒钟|秒|s|sec|secs|seconds?))?$/i;
const NO_DURATION = new Set(["", "-", "--", "—", "n/a", "未接通"]);

/** Seconds; null for an empty cell; undefined when the cell cannot be read. */
export function parseDuration(cell: string): number | null | undefined {
  const text = cell.normalize("NFKC").trim().toLowerCase();
  if (NO_DURATION.has(text)) return null;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text));
  const clock = CLOCK_DURATION.exec(text);
  if (clock) {
    const [, h, m, s] = clock;
    if (Number(s) > 59 || (h !== undefined && Number(m) > 59)) return undefined;
    return Number(h ?? 0) * 3600 + Number(m) * 60 + Number(s);
  }
  const units = UNIT_DURATION.exec(text);
  if (units && (units[1] || units[2] || units[3])) {
    return Number(units[1] ?? 0) * 3600 + Number(units[2] ?? 0) * 60 + Number(units[3] ?? 0);
  }
  return undefined;
}
