import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { HIDDEN_NUMBER, parseCallLog, parseDuration, type Call, type ParseCallLogResult } from "./parse";
import { callLogCsv, makeSyntheticCalls } from "./synthetic";

const FIXTURES = path.resolve("test/fixtures/call-logs");
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), "utf8");
const options = { incidentYear: 2026 };

function readable(result: ParseCallLogResult) {
  if ("notACallLog" in result) throw new Error("expected a call log");
  return result;
}

/** The fields worth comparing, with the instant as an ISO string. */
function summary(call: Call) {
  return {
    line: call.line,
    at: call.at.toISOString(),
    number: call.number,
    direction: call.direction,
    durationSeconds: call.durationSeconds,
  };
}

describe("parseCallLog on phone exports", () => {
  it("reads an Android English export: CRLF, quoted name with a comma, separate date and time, hh:mm:ss", () => {
    const { calls, problems } = readable(parseCallLog(fixture("android-en.csv"), options));
    expect(problems).toEqual([]);
    expect(calls.map(summary)).toEqual([
      { line: 2, at: "2026-10-01T13:14:05.000Z", number: "+8613800138000", direction: "incoming", durationSeconds: 95 },
      { line: 3, at: "2026-10-01T14:03:11.000Z", number: "+8613800138000", direction: "missed", durationSeconds: 0 },
      { line: 4, at: "2026-10-01T23:45:00.000Z", number: "+861062345678", direction: "rejected", durationSeconds: 0 },
      { line: 5, at: "2026-10-02T04:30:00.000Z", number: "+8613912345678", direction: "outgoing", durationSeconds: 302 },
      { line: 6, at: "2026-10-02T06:00:00.000Z", number: "+864001234567", direction: "blocked", durationSeconds: 0 },
      { line: 7, at: "2026-10-03T15:59:59.000Z", number: HIDDEN_NUMBER, direction: "missed", durationSeconds: 0 },
    ]);
    expect(calls[0].rawNumber).toBe("+86 138 0013 8000");
    expect(calls[5].rawNumber).toBe("Unknown");
  });

  it("reads a Chinese export saved with a BOM: 10月1日 dates in the incident year, 1分35秒 durations", () => {
    const { calls, problems } = readable(parseCallLog(fixture("xiaomi-zh.csv"), options));
    expect(problems).toEqual([]);
    expect(calls.map(summary)).toEqual([
      { line: 2, at: "2026-10-01T13:14:00.000Z", number: "+8613800138000", direction: "incoming", durationSeconds: 95 },
      { line: 3, at: "2026-10-01T14:30:00.000Z", number: "+8613800138000", direction: "missed", durationSeconds: 0 },
      { line: 4, at: "2026-10-01T23:59:00.000Z", number: "+8675523456789", direction: "rejected", durationSeconds: 0 },
      { line: 5, at: "2026-10-02T04:00:00.000Z", number: "+8613912345678", direction: "outgoing", durationSeconds: 120 },
      { line: 6, at: "2026-10-03T01:15:00.000Z", number: "+862161234567", direction: "incoming", durationSeconds: 35 },
    ]);
  });

  it("takes the year of 10月1日 from the incident year", () => {
    const { calls } = readable(parseCallLog(fixture("xiaomi-zh.csv"), { incidentYear: 2025 }));
    expect(calls[0].at.toISOString()).toBe("2025-10-01T13:14:00.000Z");
  });

  it("reads a tab-separated export with 2026年10月1日 dates, a separate time column and mm:ss durations", () => {
    const { calls, problems } = readable(parseCallLog(fixture("huawei-zh.tsv"), options));
    expect(problems).toEqual([]);
    expect(calls.map(summary)).toEqual([
      { line: 2, at: "2026-10-01T13:14:00.000Z", number: "+8613800138000", direction: "incoming", durationSeconds: 95 },
      { line: 3, at: "2026-10-01T13:20:30.000Z", number: "+8613800138000", direction: "outgoing", durationSeconds: 35 },
      { line: 4, at: "2026-10-02T00:00:00.000Z", number: "short:95588", direction: "missed", durationSeconds: 0 },
      { line: 5, at: "2026-10-02T14:00:00.000Z", number: "+8613800138000", direction: "rejected", durationSeconds: 0 },
    ]);
  });

  it("reads a semicolon-separated dump with epoch milliseconds and Android's numeric call types", () => {
    const { calls, problems } = readable(parseCallLog(fixture("epoch-ms.csv"), options));
    expect(problems).toEqual([]);
    expect(calls.map(summary)).toEqual([
      { line: 2, at: "2026-10-01T13:14:00.000Z", number: "+8613800138000", direction: "incoming", durationSeconds: 95 },
      { line: 3, at: "2026-10-01T14:13:20.000Z", number: "+8613800138000", direction: "missed", durationSeconds: 0 },
      { line: 4, at: "2026-10-02T00:13:20.000Z", number: "+8613912345678", direction: "outgoing", durationSeconds: 302 },
      { line: 5, at: "2026-10-02T03:00:00.000Z", number: HIDDEN_NUMBER, direction: "rejected", durationSeconds: 0 },
    ]);
  });

  it("reports each unreadable row with its line and reason, and still reads the rest", () => {
    const { calls, problems } = readable(parseCallLog(fixture("bad-rows.csv"), options));
    expect(calls.map((call) => call.line)).toEqual([2, 12]);
    expect(calls[1].at.toISOString()).toBe("2026-10-02T01:00:00.000Z");
    expect(problems).toEqual([
      { line: 3, reason: "date" }, // month 13
      { line: 4, reason: "number" }, // empty
      { line: 5, reason: "type" }, // "conference"
      { line: 6, reason: "duration" }, // "about a minute"
      { line: 7, reason: "columns" }, // short row
      { line: 9, reason: "date" }, // 30 February
      { line: 10, reason: "date" }, // 25:00
      { line: 11, reason: "csv" }, // a quote that never closes
      { line: 13, reason: "columns" }, // something in an extra cell
    ]);
  });

  it("says a file without a date and a number column is not a call log", () => {
    expect(parseCallLog(fixture("not-a-call-log.csv"), options)).toEqual({ notACallLog: true });
    expect(parseCallLog("", options)).toEqual({ notACallLog: true });
    expect(parseCallLog("Product,Price\nTea,3\n", options)).toEqual({ notACallLog: true });
    expect(parseCallLog("号码,类型\n13800138000,来电\n", options)).toEqual({ notACallLog: true });
    expect(parseCallLog("时间,类型\n2026-10-01 21:14,来电\n", options)).toEqual({ notACallLog: true });
  });
});

describe("parseCallLog headers and cells", () => {
  const one = (csv: string, opts: { incidentYear: number; timeZone?: string } = options) => {
    const { calls, problems } = readable(parseCallLog(csv, opts));
    expect(problems).toEqual([]);
    expect(calls).toHaveLength(1);
    return calls[0];
  };

  it("finds headers in any order and case, with stray spaces and units", () => {
    const call = one("DURATION (S) , Call Type ,PHONE NUMBER,DateTime\n35,INCOMING,13800138000,2026-10-01 21:14\n");
    expect(summary(call)).toMatchObject({ direction: "incoming", durationSeconds: 35, number: "+8613800138000" });
    expect(one("通话时长,通话类型,电话号码,日期,时间\n35,呼入,13800138000,2026-10-01,21:14\n").at.toISOString()).toBe("2026-10-01T13:14:00.000Z");
  });

  it("finds the header below a title line and counts lines from the top of the file", () => {
    const { calls } = readable(parseCallLog("通话记录导出\n\n时间,号码\n2026-10-01 21:14,13800138000\n", options));
    expect(calls.map((call) => call.line)).toEqual([4]);
  });

  it("keeps line numbers right after a quoted cell that holds a line break", () => {
    const { calls } = readable(parseCallLog('name,number,time\n"Wang\nWei",13800138000,2026-10-01 21:14\n,13800138000,2026-10-01 21:15\n', options));
    expect(calls.map((call) => call.line)).toEqual([2, 4]);
  });

  it.each([
    ["2026-10-01 21:14", "2026-10-01T13:14:00.000Z"],
    ["2026/10/1 21:14:05", "2026-10-01T13:14:05.000Z"],
    ["2026.10.01 21:14", "2026-10-01T13:14:00.000Z"],
    ["2026-10-01T21:14:05", "2026-10-01T13:14:05.000Z"],
    ["10月1日 21:14", "2026-10-01T13:14:00.000Z"],
    ["10月1日21:14", "2026-10-01T13:14:00.000Z"],
    ["2026年10月1日 21:14", "2026-10-01T13:14:00.000Z"],
    ["2026年10月1日 周四 21:14:05", "2026-10-01T13:14:05.000Z"],
    ["2026-10-01 下午9:14", "2026-10-01T13:14:00.000Z"],
    ["2026-10-01 9:14 PM", "2026-10-01T13:14:00.000Z"],
    ["2026-10-01 12:05 am", "2026-09-30T16:05:00.000Z"],
    ["2026-10-01T13:14:00Z", "2026-10-01T13:14:00.000Z"],
    ["2026-10-01 21:14:00+08:00", "2026-10-01T13:14:00.000Z"],
    ["１７９０８６０４４００００", "2026-10-01T13:14:00.000Z"],
    ["1790860440000", "2026-10-01T13:14:00.000Z"],
  ])("reads the time %s", (cell, iso) => {
    expect(one(`time,number\n${cell},13800138000\n`).at.toISOString()).toBe(iso);
  });

  it.each(["2026-10-01", "21:14", "2026-02-29 10:00", "2026-10-01 24:00", "2026-10-01 21:60", "179086044000", "yesterday"])("refuses the time %s", (cell) => {
    expect(parseCallLog(`time,number\n${cell},13800138000\n`, options)).toEqual({
      calls: [],
      problems: [{ line: 2, reason: "date" }],
    });
  });

  it("reads times as wall-clock time in the consumer's zone", () => {
    const csv = "time,number\n2026-10-01 21:14,13800138000\n";
    expect(one(csv).at.toISOString()).toBe("2026-10-01T13:14:00.000Z");
    expect(one(csv, { incidentYear: 2026, timeZone: "UTC" }).at.toISOString()).toBe("2026-10-01T21:14:00.000Z");
    // New York keeps summer time (UTC-4) until 1 November 2026, then UTC-5.
    expect(one(csv, { incidentYear: 2026, timeZone: "America/New_York" }).at.toISOString()).toBe("2026-10-02T01:14:00.000Z");
    const winter = "time,number\n2026-12-01 21:14,13800138000\n";
    expect(one(winter, { incidentYear: 2026, timeZone: "America/New_York" }).at.toISOString()).toBe("2026-12-02T02:14:00.000Z");
    // Epoch milliseconds are an instant already.
    expect(one("time,number\n1790860440000,13800138000\n", { incidentYear: 2026, timeZone: "UTC" }).at.toISOString()).toBe("2026-10-01T13:14:00.000Z");
  });

  it.each([
    ["incoming", "incoming"],
    ["In", "incoming"],
    ["answered", "incoming"],
    ["来电", "incoming"],
    ["呼入", "incoming"],
    ["已接", "incoming"],
    ["missed", "missed"],
    ["未接", "missed"],
    ["未接来电", "missed"],
    ["outgoing", "outgoing"],
    ["OUT", "outgoing"],
    ["去电", "outgoing"],
    ["呼出", "outgoing"],
    ["rejected", "rejected"],
    ["declined", "rejected"],
    ["blocked", "blocked"],
    ["已拦截", "blocked"],
    ["voicemail", "voicemail"],
    ["4", "voicemail"],
    ["拒接", "rejected"],
    ["已拒接", "rejected"],
  ])("reads the type %s as %s", (cell, direction) => {
    expect(one(`time,number,type\n2026-10-01 21:14,13800138000,${cell}\n`).direction).toBe(direction);
  });

  it("without a type column, counts a call with talk time as answered and anything else as missed", () => {
    const { calls } = readable(parseCallLog("time,number,duration\n2026-10-01 21:14,13800138000,35\n2026-10-01 21:15,13800138000,0\n", options));
    expect(calls.map((call) => call.direction)).toEqual(["incoming", "missed"]);
  });

  it("normalises numbers when it can and keeps the digits when it cannot", () => {
    expect(one("time,number\n2026-10-01 21:14,+86 138-0013-8000\n").number).toBe("+8613800138000");
    expect(one("time,number\n2026-10-01 21:14,1069 0000 1234\n").number).toBe("sms:106900001234");
    expect(one("time,number\n2026-10-01 21:14,私人号码\n").number).toBe(HIDDEN_NUMBER);
  });
});

describe("parseDuration", () => {
  it.each([
    ["35", 35],
    ["0", 0],
    ["00:01:35", 95],
    ["01:35", 95],
    ["1:02:03", 3723],
    ["1分35秒", 95],
    ["35秒", 35],
    ["2分", 120],
    ["2分钟", 120],
    ["1小时2分3秒", 3723],
    ["1m 35s", 95],
    ["１分３５秒", 95],
  ])("%s → %i seconds", (cell, seconds) => {
    expect(parseDuration(cell)).toBe(seconds);
  });

  it("gives null for an empty cell", () => {
    expect(parseDuration("")).toBeNull();
    expect(parseDuration(" - ")).toBeNull();
  });

  it.each(["abc", "1:75", "1分钟多", "-5", "01:60:00"])("refuses %s", (cell) => {
    expect(parseDuration(cell)).toBeUndefined();
  });
});

describe("callLogCsv", () => {
  it("writes calls as a phone's export that parseCallLog reads back unchanged", () => {
    const calls = makeSyntheticCalls(300, 3);
    const parsed = readable(parseCallLog(callLogCsv(calls), options));
    expect(parsed.problems).toEqual([]);
    expect(parsed.calls.map(summary)).toEqual(calls.map(summary));
  });
});
