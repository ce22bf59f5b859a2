/**
 * Reads the first worksheet of an Excel workbook (.xlsx) as CSV text, so a call log saved
 * from a spreadsheet goes through the same parser as one exported as CSV, and each CSV line
 * is the sheet's row of the same number.
 *
 * A workbook is a zip of XML, and both steps can be made to explode: a few kilobytes of zip
 * can unpack to gigabytes, and a few bytes of XML (one cell in column XFD, one row numbered
 * 1,048,576) make read-excel-file build a grid of billions of empty cells. The library has no
 * limits of its own (it unpacks every XML part whole, trusting the sizes the zip states), so
 * the workbook is unpacked here first, by zlib with a cap on what it really produces, the
 * rows and columns its cells name are checked, and the library reads a copy of the checked
 * parts only.
 */
import { stringify } from "csv-stringify/sync";
import { zipSync } from "fflate";
import fsp from "node:fs/promises";
import { inflateRawSync } from "node:zlib";
import { readSheet } from "read-excel-file/node";
import { MAX_SHEET_CELLS, MAX_SHEET_ROWS } from "~/domain/call-log/limits";

export { MAX_SHEET_ROWS };
/** A call log has under ten columns; phone tools' exports under twenty. */
export const MAX_SHEET_COLUMNS = 50;
/** What the parts read unpack to at most: MAX_SHEET_CELLS cells of text take about 20 MB. */
export const MAX_UNPACKED_BYTES = 32 * 1024 * 1024;

/** A cell as read-excel-file returns it (its types say `typeof Date`, the constructor, for a Date). */
type Cell = string | number | boolean | Date | null;

/** The CSV text of the workbook's first sheet; null when the file is not a workbook within the limits. */
export async function readFirstSheetAsCsv(filePath: string): Promise<string | null> {
  const sheet = await readFirstSheet(filePath);
  return "csv" in sheet ? sheet.csv : null;
}

/**
 * The CSV text of the workbook's first sheet, or why not: `tooLarge` when it unpacks past
 * MAX_UNPACKED_BYTES or spans more than MAX_SHEET_ROWS rows, MAX_SHEET_COLUMNS columns or
 * MAX_SHEET_CELLS cells (a consumer can be told the limit), `unreadable` for anything else.
 */
export async function readFirstSheet(filePath: string): Promise<{ csv: string } | { tooLarge: true } | { unreadable: true }> {
  const parts = unpackWorkbook(await fsp.readFile(filePath));
  if (parts === "tooLarge") return { tooLarge: true };
  if (!parts) return { unreadable: true };
  const checked = checkSheetLimits(parts);
  if (checked !== "ok") return checked === "tooLarge" ? { tooLarge: true } : { unreadable: true };
  let rows: Cell[][];
  try {
    const copy = zipSync(parts, { level: 0 });
    rows = (await readSheet(Buffer.from(copy.buffer, copy.byteOffset, copy.byteLength))) as Cell[][];
  } catch {
    // Whatever the library throws on an upload (its own errors for a broken zip or sheet, or a
    // TypeError on XML it did not expect) means the same: not a workbook we can read.
    return { unreadable: true };
  }
  const dateOnly = dateOnlyColumns(rows);
  return { csv: stringify(rows.map((row) => row.map((cell, column) => cellText(cell, dateOnly[column])))) };
}

// ------------------------------------------------------------------------- the zip

const END_OF_DIRECTORY = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

/**
 * The parts read-excel-file reads (what else a workbook holds, images or themes, is never
 * read). The theme is left out too: its gradient stops carry `r="50000"` attributes that are
 * no cell references, and a sheet that a workbook placed among them is then not found.
 */
const isSheetPart = (name: string) => name.startsWith("xl/") && !name.startsWith("xl/theme/") && (name.endsWith(".xml") || name.endsWith(".xml.rels"));

/**
 * The workbook's XML parts, found through the zip's central directory and unpacked by zlib,
 * which stops as soon as the output passes what is left of MAX_UNPACKED_BYTES (the sizes a
 * zip states are the sender's word); "tooLarge" past it. Null for anything but a plain zip:
 * encrypted entries, zip64 (only needed past 4 GB), methods other than store and deflate,
 * and entries that share their bytes (which would let zlib work through the same bytes
 * again and again).
 */
function unpackWorkbook(zip: Buffer): Record<string, Uint8Array> | "tooLarge" | null {
  try {
    const end = zip.lastIndexOf(END_OF_DIRECTORY);
    if (end === -1) return null;
    const entries = zip.readUInt16LE(end + 10);
    let at = zip.readUInt32LE(end + 16);
    if (entries === 0xffff || at === 0xffffffff) return null;
    const parts: Record<string, Uint8Array> = {};
    let packedTotal = 0;
    let unpacked = 0;
    for (let i = 0; i < entries; i++) {
      if (zip.readUInt32LE(at) !== DIRECTORY_ENTRY) return null;
      const flags = zip.readUInt16LE(at + 8);
      const method = zip.readUInt16LE(at + 10);
      const packedSize = zip.readUInt32LE(at + 20);
      const nameLength = zip.readUInt16LE(at + 28);
      const local = zip.readUInt32LE(at + 42);
      const name = zip.toString("utf8", at + 46, at + 46 + nameLength);
      at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
      if (!isSheetPart(name)) continue;
      if (flags & 1 || zip.readUInt32LE(local) !== LOCAL_HEADER) return null;
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      packedTotal += packedSize;
      if (start + packedSize > zip.length || packedTotal > zip.length) return null;
      const packed = zip.subarray(start, start + packedSize);
      if (method === 0) parts[name] = packed;
      else if (method === 8) {
        try {
          parts[name] = inflateRawSync(packed, { maxOutputLength: Math.max(MAX_UNPACKED_BYTES - unpacked, 1) });
        } catch (error) {
          // zlib throws a RangeError as soon as its output would pass maxOutputLength.
          if (error instanceof RangeError && (error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") return "tooLarge";
          throw error;
        }
      } else return null;
      unpacked += parts[name].length;
      if (unpacked > MAX_UNPACKED_BYTES) return "tooLarge";
    }
    return parts;
  } catch {
    // A RangeError (an offset past the end of the file) or a broken deflate stream.
    return null;
  }
}

/**
 * Checks the grid read-excel-file would build from the parts, and the XML it would parse.
 * It reads `<row r="7">` and `<c r="B7">` (with any namespace prefix, and character
 * references decoded) and fills every gap before them with empty cells, and it makes every
 * row as wide as the widest. So the grid is (last row) × (widest row), where the last row
 * is the highest row reference or the count of row tags, and a row's width is its highest
 * column reference or its count of cells: "tooLarge" past MAX_SHEET_ROWS,
 * MAX_SHEET_COLUMNS or MAX_SHEET_CELLS. Every `r="…"` attribute must be a plain reference;
 * one written any other way (`r="&#88;FD1"`) is "unreadable", never guessed at, and so is
 * a stretch of text or of a tag longer than MAX_XML_STRETCH.
 */
function checkSheetLimits(parts: Record<string, Uint8Array>): "ok" | "tooLarge" | "unreadable" {
  const decoder = new TextDecoder();
  let rows = 0;
  let columns = 0;
  for (const part of Object.values(parts)) {
    const xml = decoder.decode(part);
    // `r=` after a space or a prefix's colon, but not the namespace declaration `xmlns:r=`.
    for (const [, reference] of xml.matchAll(/(?:\s|(?<!\sxmlns):)r=["']([^"']*)/g)) {
      const cell = /^([A-Z]{0,3})([0-9]{1,7})$/.exec(reference);
      if (!cell) return "unreadable";
      rows = Math.max(rows, Number(cell[2]));
      columns = Math.max(columns, columnNumber(cell[1]));
    }
    let rowTags = 0;
    let cellsInRow = 0;
    for (const [, tag] of xml.matchAll(/<(?:[\w.-]+:)?(row|c)[\s/>]/g)) {
      if (tag === "row") {
        rowTags++;
        cellsInRow = 0;
      } else columns = Math.max(columns, ++cellsInRow);
    }
    rows = Math.max(rows, rowTags);
    if (longestStretch(xml) > MAX_XML_STRETCH) return "unreadable";
  }
  return rows > MAX_SHEET_ROWS || columns > MAX_SHEET_COLUMNS || rows * columns > MAX_SHEET_CELLS ? "tooLarge" : "ok";
}

/**
 * read-excel-file feeds the XML to its parser in chunks, and the parser starts an unfinished
 * text, tag or comment over again with every chunk. When that takes more than a few
 * milliseconds the library halves the chunk, down to empty chunks, recursing until the stack
 * overflows: one 1 MB attribute holds the server for a minute. So nothing the parser might
 * hold over may be long. Excel's longest cell is 32,767 characters.
 */
const MAX_XML_STRETCH = 128 * 1024;

/** The longest text, tag, comment or CDATA section in the XML. */
function longestStretch(xml: string): number {
  let longest = 0;
  for (let at = 0; at < xml.length;) {
    const open = xml.indexOf("<", at);
    if (open === -1) return Math.max(longest, xml.length - at);
    const end = markupEnd(xml, open);
    longest = Math.max(longest, open - at, end - open);
    at = end;
  }
  return longest;
}

const UNTIL: [string, string][] = [
  ["<!--", "-->"],
  ["<![CDATA[", "]]>"],
  ["<?", "?>"],
];

/** Where the markup opened at `open` ends, found as the parser finds it (a tag's quoted values may hold a `>`). */
function markupEnd(xml: string, open: number): number {
  for (const [opening, closing] of UNTIL) {
    if (!xml.startsWith(opening, open)) continue;
    const close = xml.indexOf(closing, open);
    return close === -1 ? xml.length : close + closing.length;
  }
  for (let i = open + 1; i < xml.length; i++) {
    const code = xml.charCodeAt(i);
    if (code === 62) return i + 1;
    if (code === 34 || code === 39) {
      i = xml.indexOf(xml[i], i + 1);
      if (i === -1) return xml.length;
    }
  }
  return xml.length;
}

/** A, B, …, Z, AA, … as 1, 2, …, 26, 27, …; 0 for a row's reference, which has no letters. */
function columnNumber(letters: string): number {
  let number = 0;
  for (const letter of letters) number = number * 26 + letter.charCodeAt(0) - 64;
  return number;
}

// ------------------------------------------------------------------------ the cells

/**
 * Excel has no zones: a date cell holds the wall-clock time it shows, and read-excel-file
 * returns it as a Date with that time in its UTC fields. It has no mark of a date without a
 * time either, so a column whose dates all fall at midnight is a date column (beside a time
 * column, as in many exports), written without the time that would otherwise win over it.
 */
function dateOnlyColumns(rows: Cell[][]): boolean[] {
  const dated: boolean[] = [];
  const timed: boolean[] = [];
  for (const row of rows) {
    row.forEach((cell, column) => {
      if (!(cell instanceof Date) || isTimeAlone(cell)) return;
      dated[column] = true;
      if (toSecond(cell) % 86_400_000 !== 0) timed[column] = true;
    });
  }
  return dated.map((isDated, column) => isDated && !timed[column]);
}

/**
 * Excel keeps a time alone as a fraction of a day, which reads as a time on Excel's day zero
 * (1899-12-30, or 1904-01-01 in workbooks on the 1904 date system). No call log holds a call
 * from before 1905.
 */
const isTimeAlone = (date: Date) => date.getTime() < Date.UTC(1905, 0, 1);

/** Excel's day fractions come back a millisecond short (…:59.999); no call log counts milliseconds. */
const toSecond = (date: Date) => Math.round(date.getTime() / 1000) * 1000;

/** Plain digits, never an exponent (String() writes 1e21 and 1e-7), and never rounded. */
const PLAIN_NUMBER = new Intl.NumberFormat("en-US", { useGrouping: false, maximumFractionDigits: 20 });

function cellText(cell: Cell, dateOnly = false): string {
  if (cell === null) return "";
  if (cell instanceof Date) {
    // 2026-10-01T21:14:05.000Z → 2026-10-01 21:14:05: the parser reads it in the consumer's zone.
    const [day, time] = new Date(toSecond(cell)).toISOString().slice(0, 19).split("T");
    return isTimeAlone(cell) ? time : dateOnly ? day : `${day} ${time}`;
  }
  if (typeof cell === "number") return PLAIN_NUMBER.format(cell);
  // A line break inside a cell would start a new CSV line and shift every later line number.
  return String(cell).replace(/\r\n|\r|\n/g, " ");
}
