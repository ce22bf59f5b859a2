// Reads synthetic call logs saved as Excel workbooks (1,000 and 10,000 rows: real date cells,
// durations as numbers) the way a filing does: the workbook checked and read as CSV, then
// parsed. The 1,000-row workbook is the baseline in the same run.
// Usage: npx tsx bench/call-log-xlsx.ts
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { strToU8, zipSync } from "fflate";
import type { Call } from "~/domain/call-log/call";
import { parseCallLog } from "~/domain/call-log/parse";
import { makeSyntheticCalls } from "~/domain/call-log/synthetic";
import { zoneClock } from "~/domain/call-log/zone";
import { readFirstSheetAsCsv } from "~/server/spreadsheet.server";

const TYPES = { incoming: "呼入", missed: "未接", outgoing: "呼出", rejected: "拒接" } as const;
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/** The smallest workbook Excel writes for one sheet: text inline, times as dates in style 1. */
function workbook(calls: Call[]): Uint8Array {
  const clock = zoneClock();
  const cells = calls.map((call, i) => {
    const t = clock.local(call.at.getTime());
    const serial = (Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second) - EXCEL_EPOCH) / 86_400_000;
    const text = (ref: string, value: string) => `<c r="${ref}${i + 2}" t="inlineStr"><is><t>${value}</t></is></c>`;
    return `<row r="${i + 2}">${text("A", call.rawNumber)}${text("B", TYPES[call.direction])}<c r="C${i + 2}" s="1"><v>${serial}</v></c><c r="D${i + 2}"><v>${call.durationSeconds ?? 0}</v></c></row>`;
  });
  const header = `<row r="1">${["号码", "类型", "时间", "通话时长"].map((h, i) => `<c r="${"ABCD"[i]}1" t="inlineStr"><is><t>${h}</t></is></c>`).join("")}</row>`;
  const xml = (body: string) => strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${body}`);
  const main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
  const rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  return zipSync({
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
  });
}

async function median(run: () => Promise<unknown>, rounds = 5): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(rounds / 2)];
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-bench-xlsx-"));
const results = [];
for (const rows of [1_000, 10_000]) {
  const file = path.join(dir, `${rows}.xlsx`);
  const calls = makeSyntheticCalls(rows, 42);
  fs.writeFileSync(file, workbook(calls));
  const csv = await readFirstSheetAsCsv(file);
  if (csv === null) throw new Error("workbook not read");
  const parsed = parseCallLog(csv, { incidentYear: 2026 });
  // The same calls must come back: a fast wrong reading would be no result.
  const same =
    !("notACallLog" in parsed) &&
    parsed.calls.length === rows &&
    parsed.calls.every((c, i) => c.at.getTime() === calls[i].at.getTime() && c.direction === calls[i].direction);
  if (!same) throw new Error("workbook not read back as the same calls");
  const readMs = await median(() => readFirstSheetAsCsv(file));
  const parseMs = await median(async () => parseCallLog(csv, { incidentYear: 2026 }));
  results.push({ rows, kb: fs.statSync(file).size / 1024, readMs, parseMs });
}
fs.rmSync(dir, { recursive: true, force: true });

console.log("| rows | workbook | sheet to CSV (median of 5) | parse (median of 5) | total |");
console.log("| --- | --- | --- | --- | --- |");
for (const r of results)
  console.log(`| ${r.rows} | ${r.kb.toFixed(0)} KB | ${r.readMs.toFixed(0)} ms | ${r.parseMs.toFixed(0)} ms | ${(r.readMs + r.parseMs).toFixed(0)} ms |`);
const [small, big] = results;
console.log(`\n10× the rows: sheet to CSV ${(big.readMs / small.readMs).toFixed(1)}×, parse ${(big.parseMs / small.parseMs).toFixed(1)}×`);
