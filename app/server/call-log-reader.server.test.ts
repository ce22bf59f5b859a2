import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MAX_CALL_LOG_ROWS, MAX_CALL_LOG_TOTAL_ROWS, MAX_SHEET_CELLS } from "~/domain/call-log/limits";
import { mergeCallLogs } from "~/domain/call-log/merge";
import { parseCallLog } from "~/domain/call-log/parse";
import { reviewOfLogs } from "~/domain/call-log/review";
import { callLogCsv, callLogWorkbook, makeSyntheticCalls } from "~/domain/call-log/synthetic";
import { XLSX_MIME } from "~/domain/evidence-types";
import { runCallLogJob, type CallLogFile } from "./call-log-reader.server";
import { MAX_SHEET_ROWS } from "./spreadsheet.server";

const FIXTURES = path.resolve("test/fixtures/call-logs");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cw-reader-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const context = { incidentStart: "2026-10-01", region: "310000", collectorNumbers: ["13800138000"] };

function written(name: string, content: string | Uint8Array): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, content);
  return file;
}

const csvFile = (name: string, filePath: string, isNew = true): CallLogFile => ({ name, path: filePath, mime: "text/csv", isNew });

/** What the whole-text parser makes of the same files, as the stream reader should. */
function expected(files: { name: string; text: string }[]) {
  const logs = files.map(({ name, text }) => {
    const parsed = parseCallLog(text, { incidentYear: 2026, timeZone: "Asia/Shanghai" });
    if ("notACallLog" in parsed) throw new Error(`${name} is not a call log`);
    return { file: name, ...parsed };
  });
  return reviewOfLogs(mergeCallLogs(logs), context, logs.length);
}

describe("reading call logs as streams", () => {
  it("gives what the whole-text parser gives, for every fixture and for a log many chunks long (CRLF cut between chunks)", async () => {
    const texts = ["android-en.csv", "bad-rows.csv", "epoch-ms.csv", "huawei-zh.tsv", "month-zh.csv", "xiaomi-zh.csv"].map((name) => ({
      name,
      text: fs.readFileSync(path.join(FIXTURES, name), "utf8"),
    }));
    // Some 300 KB, so the 64 KB chunks fall wherever they fall, inside lines and between \r and \n.
    texts.push({ name: "long.csv", text: callLogCsv(makeSyntheticCalls(8_000, 7)) });
    for (const { name, text } of texts) {
      const result = await runCallLogJob({ files: [csvFile(name, written(name, text))], context });
      expect(result, name).toEqual({ ok: true, logs: 1, ...expected([{ name, text }]) });
    }
  });

  it("reads GB18030 as Chinese Excel saves it", async () => {
    const text = fs.readFileSync(path.join(FIXTURES, "xiaomi-zh.csv"), "utf8").replace(/^\uFEFF/, "");
    const gb = written("gb.csv", encodeGb18030(text));
    const result = await runCallLogJob({ files: [csvFile("gb.csv", gb)], context });
    expect(result).toEqual({ ok: true, logs: 1, ...expected([{ name: "gb.csv", text }]) });
  });

  it("stores for the reviewer every pack's findings, the first 500 calls and the first 500 that break a rule", async () => {
    const result = await runCallLogJob({ files: [csvFile("long.csv", written("long2.csv", callLogCsv(makeSyntheticCalls(3_000, 3))))], context });
    if (!result.ok || !("review" in result)) throw new Error("not read");
    const { china, us_reg_f } = result.review.packs;
    expect(china.counts.all).toBe(3_000);
    expect(china.all).toHaveLength(500);
    expect(china.flagged.every((call) => call.ruleIds.length > 0)).toBe(true);
    expect(us_reg_f.analysis.pack).toBe("us_reg_f");
    expect(us_reg_f.counts.flagged).toBeGreaterThan(china.counts.flagged); // Reg F's 21:00 and 7-in-7 flag more calls
    expect(china.analysis.outsideHours.lines).toEqual([]); // no line lists kept
  });
});

describe("the limits", () => {
  it(`refuses a log of more than ${MAX_CALL_LOG_ROWS} rows, naming the file and the limit`, async () => {
    const file = written("big.csv", callLogCsv(makeSyntheticCalls(MAX_CALL_LOG_ROWS + 1, 1)));
    expect(await runCallLogJob({ files: [csvFile("大.csv", file)], context })).toEqual({
      ok: false,
      error: `error.callLog.tooManyRows|大.csv|${MAX_CALL_LOG_ROWS}`,
      field: "callLog",
    });
    // Exactly the limit is allowed.
    const atLimit = written("limit.csv", callLogCsv(makeSyntheticCalls(MAX_CALL_LOG_ROWS, 1)));
    expect(await runCallLogJob({ files: [csvFile("limit.csv", atLimit)], context })).toMatchObject({ ok: true, logs: 1 });
  });

  it(`refuses a log that takes a complaint's logs past ${MAX_CALL_LOG_TOTAL_ROWS} rows together, and leaves out a stored one over the limits`, async () => {
    const full = written("full.csv", callLogCsv(makeSyntheticCalls(MAX_CALL_LOG_ROWS, 2)));
    const stored = Array.from({ length: Math.floor(MAX_CALL_LOG_TOTAL_ROWS / MAX_CALL_LOG_ROWS) }, (_, i) => csvFile(`${i}.csv`, full, false));
    expect(await runCallLogJob({ files: [...stored, csvFile("再一份.csv", full)], context })).toEqual({
      ok: false,
      error: `error.callLog.tooManyRowsInAll|再一份.csv|${MAX_CALL_LOG_TOTAL_ROWS}`,
      field: "callLog",
    });
    // A log stored before the limits, longer than they allow, is left out as one that cannot be read.
    const old = written("old.csv", callLogCsv(makeSyntheticCalls(MAX_CALL_LOG_ROWS + 1, 1)));
    const small = written("small.csv", fs.readFileSync(path.join(FIXTURES, "xiaomi-zh.csv")));
    expect(await runCallLogJob({ files: [csvFile("old.csv", old, false), csvFile("small.csv", small)], context })).toMatchObject({ ok: true, logs: 1 });
  });

  it("refuses a workbook whose first sheet spans too many rows or cells, before reading its cells", async () => {
    const name = "表.xlsx";
    const sheet = (rows: number, fillerColumns: number) => ({
      name,
      path: written(`${rows}x${fillerColumns}.xlsx`, callLogWorkbook(makeSyntheticCalls(rows, 5), { fillerColumns })),
      mime: XLSX_MIME,
      isNew: true,
    });
    const refused = { ok: false, error: `error.callLog.sheetTooLarge|${name}|${MAX_SHEET_ROWS}|${MAX_SHEET_CELLS}`, field: "callLog" };
    // 32,000 rows × 50 columns: the sheet that ran the server's heap out.
    expect(await runCallLogJob({ files: [sheet(32_000, 46)], context })).toEqual(refused);
    // Rows within the limit, but 11 columns of them: more cells than allowed.
    expect(await runCallLogJob({ files: [sheet(MAX_CALL_LOG_ROWS, 7)], context })).toEqual(refused);
    // Fewer rows may have more columns (the largest allowed workbook is read in bench/call-log-limits.ts).
    expect(await runCallLogJob({ files: [sheet(1_000, 16)], context })).toMatchObject({ ok: true, logs: 1 });
  });
});

/** GB18030 bytes of a text (Node decodes GB18030 but cannot encode it): a table of the two-byte codes, built by decoding each. */
function encodeGb18030(text: string): Buffer {
  const decoder = new TextDecoder("gb18030");
  const table = new Map<string, number[]>();
  for (let lead = 0x81; lead <= 0xfe; lead++)
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      table.set(decoder.decode(new Uint8Array([lead, trail])), [lead, trail]);
    }
  const bytes: number[] = [];
  for (const char of text) {
    if (char.charCodeAt(0) < 0x80) bytes.push(char.charCodeAt(0));
    else {
      const pair = table.get(char);
      if (!pair) throw new Error(`no GB18030 two-byte code for ${char}`);
      bytes.push(...pair);
    }
  }
  return Buffer.from(bytes);
}

describe("reading XML call logs as streams", () => {
  const xmlFile = (name: string, filePath: string): CallLogFile => ({ name, path: filePath, mime: "application/xml", isNew: true, field: "evidence" });

  it("reads calls.xml and OPPO's export together, a call in both counted once", async () => {
    const result = await runCallLogJob({
      files: [xmlFile("calls.xml", path.join(FIXTURES, "sms-backup-restore-calls.xml")), xmlFile("oppo.xml", path.join(FIXTURES, "oppo-call-records.xml"))],
      context,
    });
    if (!("findings" in result)) throw new Error("expected findings");
    // OPPO's 5 calls are all in calls.xml too (same instant, number and kind): each counted once.
    expect(result.findings.duplicates).toBe(5);
    // Nine calls, one of them the consumer's own (outgoing).
    expect(result.findings.totalCalls).toBe(8);
  });

  it("reads a log in the encoding its declaration names", async () => {
    // contact_name="催收（虚构）" in GBK bytes: not UTF-8, so only the declared encoding reads it.
    const name = Buffer.from([0xb4, 0xdf, 0xca, 0xd5, 0xa3, 0xa8, 0xd0, 0xe9, 0xb9, 0xb9, 0xa3, 0xa9]);
    const bytes = Buffer.concat([
      Buffer.from(
        `<?xml version="1.0" encoding="GBK"?>\n<calls count="1">\n<call number="13800138000" duration="0" date="1790870370000" type="3" contact_name="`,
      ),
      name,
      Buffer.from(`" />\n</calls>\n`),
    ]);
    expect(new TextDecoder("gbk").decode(name)).toBe("催收（虚构）");
    const result = await runCallLogJob({ files: [xmlFile("gbk.xml", written("gbk.xml", bytes))], context });
    if (!("findings" in result)) throw new Error("expected findings");
    expect(result.findings.totalCalls).toBe(1);
  });

  it("reads a log saved as UTF-16 with a byte-order mark", async () => {
    const text = `<?xml version="1.0" encoding="UTF-16"?>\n<calls count="1">\n<call number="13800138000" duration="12" date="1790870370000" type="1" />\n</calls>\n`;
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    const result = await runCallLogJob({ files: [xmlFile("utf16.xml", written("utf16.xml", utf16))], context });
    if (!("findings" in result)) throw new Error("expected findings");
    expect(result.findings.byDirection.incoming).toBe(1);
  });

  it("refuses a DOCTYPE, naming the file and the field it came in", async () => {
    const result = await runCallLogJob({ files: [xmlFile("calls.xml", path.join(FIXTURES, "billion-laughs.xml"))], context });
    expect(result).toEqual({ ok: false, error: "error.callLog.xmlDoctype|calls.xml", field: "evidence" });
  });

  it("refuses a log past the row limit as soon as it passes it", async () => {
    const row = `<call number="13800138000" duration="0" date="1790870370000" type="3" />\n`;
    const big = written("big.xml", `<?xml version="1.0"?>\n<calls>\n${row.repeat(MAX_CALL_LOG_ROWS + 1)}</calls>\n`);
    const result = await runCallLogJob({ files: [xmlFile("big.xml", big)], context });
    expect(result).toEqual({ ok: false, error: `error.callLog.tooManyRows|big.xml|${MAX_CALL_LOG_ROWS}`, field: "evidence" });
  });
});
