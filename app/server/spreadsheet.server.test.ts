import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseCallLog } from "~/domain/call-log/parse";
import { MAX_SHEET_ROWS, MAX_UNPACKED_BYTES, readFirstSheetAsCsv } from "./spreadsheet.server";

const fixture = (name: string) => path.resolve("test/fixtures/call-logs", name);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cw-xlsx-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
let copies = 0;

/** A copy of a fixture workbook with some of its XML parts changed, written to disk. */
function editedWorkbook(name: string, edits: Record<string, (xml: string) => string>): string {
  const parts = unzipSync(fs.readFileSync(fixture(name)));
  for (const [part, edit] of Object.entries(edits)) parts[part] = strToU8(edit(strFromU8(parts[part])));
  const file = path.join(tmp, `copy-${++copies}.xlsx`);
  fs.writeFileSync(file, zipSync(parts));
  return file;
}

async function readCalls(file: string) {
  const csv = await readFirstSheetAsCsv(file);
  if (csv === null) throw new Error(`${file} was not read`);
  return parseCallLog(csv, { incidentYear: 2026, timeZone: "Asia/Shanghai" });
}

describe("a call log saved as an Excel workbook", () => {
  it("is read from its first sheet with Excel's dates as local times, numbers as written and rows at their own line numbers", async () => {
    const csv = await readFirstSheetAsCsv(fixture("assistant-zh.xlsx"));
    expect(csv?.split("\n").slice(0, 6)).toEqual([
      "通话记录导出（导出时间：2026-10-05 10:00）,,,",
      "号码,类型,时间,通话时长",
      "138 0013 8000,来电,2026-10-01 21:14:00,95",
      "13800138000,未接,2026-10-01 22:30:00,0",
      "0755-23456789,拒接,2026-10-02 07:59:00,0",
      ",,,",
    ]);

    const log = await readCalls(fixture("assistant-zh.xlsx"));
    if ("notACallLog" in log) throw new Error("not a call log");
    expect(log.calls.map((c) => [c.line, c.at.toISOString(), c.number, c.direction, c.durationSeconds])).toEqual([
      [3, "2026-10-01T13:14:00.000Z", "+8613800138000", "incoming", 95],
      [4, "2026-10-01T14:30:00.000Z", "+8613800138000", "missed", 0],
      [5, "2026-10-01T23:59:00.000Z", "+8675523456789", "rejected", 0],
      // Row 6 is empty; the "2分" and "1分35秒" durations are text cells.
      [7, "2026-10-02T04:00:00.000Z", "+8613912345678", "outgoing", 120],
      [8, "2026-10-03T01:15:00.000Z", "+862161234567", "incoming", 95],
      [10, "2026-10-03T15:40:05.000Z", "+8613800138000", "missed", 0],
    ]);
    // Row 9's time is the text "昨天 23:10".
    expect(log.problems).toEqual([{ line: 9, reason: "date" }]);
  });

  it("reads a date that falls a millisecond short of the second as the second it shows", async () => {
    // 21:14 on 2026-10-01 written to 15 significant digits: 46296.8847222222 days is 21:13:59.999.
    const file = editedWorkbook("assistant-zh.xlsx", { "xl/worksheets/sheet1.xml": (xml) => xml.replace("46296.884722222225", "46296.8847222222") });
    expect((await readFirstSheetAsCsv(file))?.split("\n")[2]).toBe("138 0013 8000,来电,2026-10-01 21:14:00,95");
  });

  it("gives the same calls as the CSV export of the same log: date and time columns, epoch milliseconds, Android's type codes", async () => {
    for (const name of ["android-en", "epoch-ms"]) {
      const fromCsv = parseCallLog(fs.readFileSync(fixture(`${name}.csv`), "utf8"), { incidentYear: 2026, timeZone: "Asia/Shanghai" });
      expect(await readCalls(fixture(`${name}.xlsx`))).toEqual(fromCsv);
    }
  });

  it("keeps the line numbers when a cell holds a line break", async () => {
    const file = editedWorkbook("android-en.xlsx", { "xl/sharedStrings.xml": (xml) => xml.replace("Zhang, Wei", "Zhang\nWei") });
    const log = await readCalls(file);
    expect("calls" in log && log.calls.map((c) => c.line)).toEqual([2, 3, 4, 5, 6, 7]);
  });

  it("reads a workbook without call-log columns, which the parser then refuses", async () => {
    expect(parseCallLog((await readFirstSheetAsCsv(fixture("not-a-call-log.xlsx")))!, { incidentYear: 2026 })).toEqual({ notACallLog: true });
  });

  it("is null for a zip that is not a workbook and for a file that is not a zip", async () => {
    expect(await readFirstSheetAsCsv(fixture("photos.zip"))).toBeNull();
    expect(await readFirstSheetAsCsv(fixture("xiaomi-zh.csv"))).toBeNull();
  });
});

describe("the limits on a workbook", () => {
  it("refuses one whose parts unpack past the limit, however small the zip", async () => {
    // Comments and spaces after the sheet: valid XML, and a few kilobytes once deflated.
    const filler = `${" ".repeat(1000)}<!---->`.repeat(MAX_UNPACKED_BYTES / 1000);
    const file = editedWorkbook("assistant-zh.xlsx", { "xl/worksheets/sheet1.xml": (xml) => xml + filler });
    expect(fs.statSync(file).size).toBeLessThan(200 * 1024);
    expect(await readFirstSheetAsCsv(file)).toBeNull();
  });

  it("refuses a sheet that names a row or column far out, which would fill a grid of empty cells", async () => {
    const sheet = "xl/worksheets/sheet1.xml";
    const farColumn = editedWorkbook("assistant-zh.xlsx", {
      [sheet]: (xml) => xml.replace('<c r="D3"><v>95</v></c>', '<c r="D3"><v>95</v></c><c r="XFD3"><v>1</v></c>'),
    });
    const farRow = editedWorkbook("assistant-zh.xlsx", {
      [sheet]: (xml) => xml.replace("</sheetData>", `<row r="${MAX_SHEET_ROWS + 1}"><c r="A${MAX_SHEET_ROWS + 1}"><v>1</v></c></row></sheetData>`),
    });
    // read-excel-file decodes character references and drops namespace prefixes: no disguise gets past.
    const disguised = editedWorkbook("assistant-zh.xlsx", { [sheet]: (xml) => xml.replace('<c r="D3">', '<c x:r="&#88;FD3">') });
    for (const file of [farColumn, farRow, disguised]) expect(await readFirstSheetAsCsv(file)).toBeNull();

    const lastRow = editedWorkbook("assistant-zh.xlsx", {
      [sheet]: (xml) => xml.replace("</sheetData>", `<row r="${MAX_SHEET_ROWS}"><c r="A${MAX_SHEET_ROWS}"><v>1</v></c></row></sheetData>`),
    });
    expect((await readFirstSheetAsCsv(lastRow))?.trimEnd().split("\n")).toHaveLength(MAX_SHEET_ROWS);
  });

  it("refuses a tag or text too long for read-excel-file's parser, which rereads it with every chunk", async () => {
    const sheet = "xl/worksheets/sheet1.xml";
    // A `>` inside a quoted value does not end the tag.
    const longTag = editedWorkbook("assistant-zh.xlsx", { [sheet]: (xml) => xml.replace('<c r="D3">', `<c r="D3" note="${"x>".repeat(100_000)}">`) });
    const longText = editedWorkbook("assistant-zh.xlsx", { "xl/sharedStrings.xml": (xml) => xml.replace("来电", "来电".repeat(100_000)) });
    const longComment = editedWorkbook("assistant-zh.xlsx", { [sheet]: (xml) => xml.replace("<sheetData>", `<sheetData><!--${"<a>".repeat(100_000)}-->`) });
    for (const file of [longTag, longText, longComment]) expect(await readFirstSheetAsCsv(file)).toBeNull();
  });
});
