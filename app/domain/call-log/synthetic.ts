/**
 * Deterministic, realistic-looking call logs for benchmarks and demos: the same
 * (count, seed) always gives the same calls. A handful of collector numbers (mobiles,
 * a landline, a 400 line, some withheld) call mostly in office hours with some evenings,
 * nights and bursts; family and friends call now and then; the consumer calls out.
 */
import { strToU8, zipSync } from "fflate";
import { phoneKey } from "../phone";
import { HIDDEN_NUMBER, type Call, type CallDirection } from "./call";
import { DEFAULT_TIME_ZONE, zoneClock } from "./zone";

export interface SyntheticOptions {
  /** The first day of the log. Default 2026-09-01 00:00 Asia/Shanghai. */
  start?: Date;
}

/** mulberry32: small, fast and good enough for test data. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function makeSyntheticCalls(count: number, seed: number, options: SyntheticOptions = {}): Call[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const start = (options.start ?? new Date("2026-08-31T16:00:00Z")).getTime();

  const mobile = () => `1${pick(["3", "5", "7", "8", "9"])}${String(Math.floor(next() * 1e9)).padStart(9, "0")}`;
  const collectors = [mobile(), mobile(), mobile(), mobile(), "0755-23456789", "400-123-4567", "95588", HIDDEN_NUMBER];
  const personal = [mobile(), mobile(), mobile()];

  // Most collection calls in office hours; about one in seven in the evening or at night.
  const collectorHours = [9, 9, 10, 10, 11, 11, 12, 14, 14, 15, 15, 16, 17, 18, 19, 20, 21, 22, 23, 7];
  const personalHours = [8, 12, 13, 18, 19, 20, 21];
  // About 20 calls a day, so a log of 10,000 calls spans some 500 days.
  const days = Math.max(1, Math.ceil(count / 20));

  const calls: Call[] = [];
  while (calls.length < count) {
    const day = Math.floor(next() * days);
    const roll = next();
    const fromCollector = roll < 0.8;
    const typed = fromCollector ? pick(collectors) : pick(personal);
    const number = typed === HIDDEN_NUMBER ? HIDDEN_NUMBER : (phoneKey(typed) ?? typed);
    const hour = fromCollector ? pick(collectorHours) : pick(personalHours);
    let at = start + day * DAY + hour * HOUR + Math.floor(next() * 3600) * 1000;

    let direction: CallDirection;
    if (!fromCollector && roll > 0.93) direction = "outgoing";
    else {
      const answer = next();
      direction = answer < 0.25 ? "incoming" : answer < 0.75 ? "missed" : "rejected";
    }
    const durationSeconds = direction === "incoming" || direction === "outgoing" ? Math.floor(5 + next() * 300) : 0;

    // Now and then a collector redials several times within minutes.
    const redials = fromCollector && next() < 0.05 ? 2 + Math.floor(next() * 3) : 0;
    for (let r = 0; r <= redials && calls.length < count; r++) {
      calls.push({
        at: new Date(at),
        number,
        rawNumber: typed === HIDDEN_NUMBER ? "未知号码" : typed.replace(/-/g, ""),
        direction: r === 0 ? direction : "missed",
        durationSeconds: r === 0 ? durationSeconds : 0,
        line: 0,
      });
      at += Math.floor(1 + next() * 4) * MINUTE;
    }
  }

  calls.sort((a, b) => a.at.getTime() - b.at.getTime());
  // Line 1 is the header of the file these calls would come from.
  calls.forEach((call, index) => (call.line = index + 2));
  return calls;
}

const EXPORT_TYPES: Record<CallDirection, string> = {
  incoming: "呼入",
  missed: "未接",
  outgoing: "呼出",
  rejected: "拒接",
  voicemail: "语音信箱",
  blocked: "已拦截",
};

/**
 * Calls as a Chinese phone writes its export (类型, 号码, 日期 "2026/10/1 09:12:56",
 * 时长 "00:01:35"), wall-clock times in `timeZone`; lines end in CRLF as on Windows.
 * What `parseCallLog` reads back gives the same calls.
 */
export function callLogCsv(calls: Call[], timeZone = DEFAULT_TIME_ZONE): string {
  const clock = zoneClock(timeZone);
  const pad = (n: number) => String(n).padStart(2, "0");
  const lines = ["通话类型,电话号码,日期,通话时长"];
  for (const call of calls) {
    const t = clock.local(call.at.getTime());
    const d = call.durationSeconds ?? 0;
    const duration = `${pad(Math.floor(d / 3600))}:${pad(Math.floor(d / 60) % 60)}:${pad(d % 60)}`;
    lines.push(`${EXPORT_TYPES[call.direction]},${call.rawNumber},${t.year}/${t.month}/${t.day} ${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)},${duration}`);
  }
  return `${lines.join("\r\n")}\r\n`;
}

const ANDROID_TYPE: Record<CallDirection, number> = { incoming: 1, outgoing: 2, missed: 3, voicemail: 4, rejected: 5, blocked: 6 };
const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");

/**
 * The same calls as SMS Backup & Restore writes its calls.xml: epoch-millisecond dates,
 * Android's type codes, one element a line after the root's. What the XML reader gives back
 * are the same calls.
 */
export function callLogXml(calls: Call[]): string {
  const lines = [`<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>`, `<calls count="${calls.length}">`];
  for (const call of calls) {
    const hidden = call.number === HIDDEN_NUMBER;
    lines.push(
      `  <call number="${hidden ? "-2" : escapeXml(call.rawNumber)}" duration="${call.durationSeconds ?? 0}" date="${call.at.getTime()}" type="${ANDROID_TYPE[call.direction]}" presentation="${hidden ? 2 : 1}" contact_name="(Unknown)" />`,
    );
  }
  lines.push("</calls>", "");
  return lines.join("\n");
}

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/**
 * The same calls as the smallest workbook Excel writes for one sheet: text inline, times as
 * date cells (style 1), durations as numbers; `fillerColumns` more text columns after them
 * (a notes column, a contact name…) make a sheet of as many cells as a test needs.
 */
export function callLogWorkbook(calls: Call[], { fillerColumns = 0 } = {}): Uint8Array {
  const clock = zoneClock();
  const filler = (row: number) =>
    Array.from({ length: fillerColumns }, (_, i) => `<c r="${columnName(5 + i)}${row}" t="inlineStr"><is><t>备注${i}</t></is></c>`).join("");
  const cells = calls.map((call, i) => {
    const t = clock.local(call.at.getTime());
    const serial = (Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second) - EXCEL_EPOCH) / 86_400_000;
    const text = (ref: string, value: string) => `<c r="${ref}${i + 2}" t="inlineStr"><is><t>${value}</t></is></c>`;
    return `<row r="${i + 2}">${text("A", call.rawNumber)}${text("B", EXPORT_TYPES[call.direction])}<c r="C${i + 2}" s="1"><v>${serial}</v></c><c r="D${i + 2}"><v>${call.durationSeconds ?? 0}</v></c>${filler(i + 2)}</row>`;
  });
  const header = `<row r="1">${["号码", "类型", "时间", "通话时长"].map((h, i) => `<c r="${"ABCD"[i]}1" t="inlineStr"><is><t>${h}</t></is></c>`).join("")}${filler(1)}</row>`;
  const xml = (body: string) => strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${body}`);
  const main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
  const rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  return zipSync(
    {
      "[Content_Types].xml": xml(
        `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`,
      ),
      "_rels/.rels": xml(
        `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      ),
      "xl/workbook.xml": xml(`<workbook xmlns="${main}" xmlns:r="${rel}"><sheets><sheet name="通话记录" sheetId="1" r:id="rId1"/></sheets></workbook>`),
      "xl/_rels/workbook.xml.rels": xml(
        `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${rel}/styles" Target="styles.xml"/></Relationships>`,
      ),
      "xl/styles.xml": xml(`<styleSheet xmlns="${main}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="22" applyNumberFormat="1"/></cellXfs></styleSheet>`),
      "xl/worksheets/sheet1.xml": xml(`<worksheet xmlns="${main}"><sheetData>${header}${cells.join("")}</sheetData></worksheet>`),
    },
    { level: 1 },
  );
}

/** 1 → A, 26 → Z, 27 → AA. */
function columnName(column: number): string {
  let name = "";
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}
