import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { analyseCalls } from "./analyse";
import { callShownAs, HIDDEN_NUMBER } from "./call";
import { callRows } from "./call-table";
import { MAX_CALL_LOG_ROWS } from "./limits";
import { mergeCallLogs } from "./merge";
import { MAX_XML_GAP, XmlCallLogReader, XmlCallLogRefused, type XmlRefusal } from "./parse-xml";
import { xmlEncodingOf, xmlRootOf } from "./xml-formats";

const FIXTURES = path.resolve("test/fixtures/call-logs");
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), "utf8");

/** Reads a document in chunks of `chunk` characters, as the server streams a file. */
function read(text: string, chunk = 97, maxRows = MAX_CALL_LOG_ROWS) {
  const reader = new XmlCallLogReader(maxRows);
  for (let i = 0; i < text.length; i += chunk) reader.write(text.slice(i, i + chunk));
  return reader.end();
}

function refusal(run: () => unknown): XmlRefusal | null {
  try {
    run();
    return null;
  } catch (error) {
    if (error instanceof XmlCallLogRefused) return error.reason;
    throw error;
  }
}

const call = (attributes: string) => `<?xml version="1.0"?>\n<calls count="1">\n<call ${attributes} />\n</calls>\n`;

describe("reading SMS Backup & Restore's calls.xml", () => {
  const { calls, problems, rows, format } = read(fixture("sms-backup-restore-calls.xml"));

  it("reads every call, each type code to its kind, with its line in the file", () => {
    expect(format).toBe("sms-backup-restore");
    expect(problems).toEqual([]);
    expect(rows).toBe(9);
    expect(calls.map((c) => [c.line, c.direction, c.durationSeconds, c.number])).toEqual([
      [5, "incoming", 95, "+8613800138000"],
      [6, "missed", 0, "+8613800138000"],
      [7, "incoming", 0, "+8613800138000"],
      [8, "rejected", 0, "+8613800138001"],
      [9, "outgoing", 42, "+8613800138002"],
      [10, "voicemail", 18, "+8613800138001"],
      [11, "blocked", 0, "+8613800138000"],
      // 7: answered on another device of the same account.
      [12, "incoming", 61, "+8613800138000"],
      // presentation 2: withheld by the caller, whatever the number cell says.
      [13, "missed", 0, HIDDEN_NUMBER],
    ]);
    expect(calls[0].rawNumber).toBe("+8613800138000");
  });

  it.each([
    ["1", "incoming"],
    ["2", "outgoing"],
    ["3", "missed"],
    ["4", "voicemail"],
    ["5", "rejected"],
    ["6", "blocked"],
    ["7", "incoming"],
  ])("reads type %s as %s", (type, direction) => {
    expect(read(call(`number="13800138000" duration="5" date="1790862600000" type="${type}"`)).calls[0].direction).toBe(direction);
  });

  it("names a type code it does not know as a row that cannot be read, and reads the rest", () => {
    const text = `<calls>\n<call number="13800138000" duration="0" date="1790862600000" type="42" />\n<call number="13800138000" duration="0" date="x" type="1" />\n<call number="" duration="0" date="1790862600000" type="1" />\n<call number="13800138000" duration="1:00" date="1790862600000" type="1" />\n<call number="13800138000" duration="3" date="1790862600000" type="1" />\n</calls>`;
    const { calls, problems } = read(text);
    expect(problems).toEqual([
      { line: 2, reason: "type" },
      { line: 3, reason: "date" },
      { line: 4, reason: "number" },
      { line: 5, reason: "duration" },
    ]);
    expect(calls.map((c) => c.line)).toEqual([6]);
  });

  it("takes epoch milliseconds as instants, so calls either side of midnight Beijing time fall on their own days", () => {
    // 23:59:30 on 1 October and 00:00:30 on 2 October, Beijing time (UTC+8).
    expect(calls[1].at.toISOString()).toBe("2026-10-01T15:59:30.000Z");
    expect(calls[2].at.toISOString()).toBe("2026-10-01T16:00:30.000Z");
    const findings = analyseCalls(calls, { timeZone: "Asia/Shanghai" });
    const rows = callRows(mergeCallLogs([{ file: "calls.xml", calls, problems }]), findings);
    expect(rows.slice(1, 3).map((row) => row.at)).toEqual(["2026-10-01 23:59:30", "2026-10-02 00:00:30"]);
    // 21:50 is within the hours; 23:59:30, 00:00:30, 07:45 and 22:40 are not.
    expect(findings.outsideHours.count).toBe(4);
    expect(findings.byDirection).toEqual({ incoming: 3, outgoing: 1, missed: 2, voicemail: 1, rejected: 1, blocked: 1 });
  });

  it("tells a connected incoming call from one of 0 seconds that rang and was not connected", () => {
    expect(calls.map(callShownAs)).toEqual(["incoming", "missed", "notConnected", "rejected", "outgoing", "voicemail", "blocked", "incoming", "missed"]);
    // Only the calls with talk time count as connected (effective) calls.
    const findings = analyseCalls(calls, { timeZone: "Asia/Shanghai" });
    expect(findings.connectedPerDay.mostInADay).toBe(1);
  });
});

describe("reading a vendor's XML export", () => {
  it("reads OPPO's CALL_RECORDS with the same type codes, whatever the case of its names", () => {
    const { calls, problems, format } = read(fixture("oppo-call-records.xml"));
    expect(format).toBe("oppo-call-records");
    expect(problems).toEqual([]);
    expect(calls.map((c) => [c.at.toISOString(), c.direction, c.durationSeconds, c.number])).toEqual([
      ["2026-10-01T15:59:30.000Z", "missed", 0, "+8613800138000"],
      ["2026-10-01T16:00:30.000Z", "incoming", 0, "+8613800138000"],
      ["2026-10-01T23:45:00.000Z", "rejected", 0, "+8613800138001"],
      ["2026-10-02T04:20:00.000Z", "incoming", 128, "+8613800138000"],
      ["2026-10-02T01:10:00.000Z", "outgoing", 42, "+8613800138002"],
    ]);
  });
});

describe("refusing what cannot be read safely", () => {
  it("refuses a document with a DOCTYPE before any entity is expanded (billion laughs)", () => {
    expect(refusal(() => read(fixture("billion-laughs.xml")))).toBe("doctype");
  });

  it("refuses an external entity (XXE) and never reads the file it names", () => {
    const xxe = `<?xml version="1.0"?>\n<!DOCTYPE calls [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n<calls><call number="&secret;" date="1790862600000" type="1" duration="1"/></calls>`;
    expect(refusal(() => read(xxe))).toBe("doctype");
    // An undeclared entity without a DOCTYPE is not XML at all.
    expect(refusal(() => read(`<calls><call number="&secret;" date="1790862600000" type="1"/></calls>`))).toBe("notXml");
  });

  it("refuses XML whose root is not a call log it knows, text that is not XML, and XML cut short", () => {
    expect(refusal(() => read(`<?xml version="1.0"?><smses count="1"><sms address="13800138000"/></smses>`))).toBe("unknownRoot");
    expect(refusal(() => read("时间,号码\n2026-10-01 21:14,13800138000\n"))).toBe("notXml");
    expect(refusal(() => read(`<calls><call number="13800138000" date="1790862600000" type="1"/>`))).toBe("notXml");
    expect(refusal(() => read(""))).toBe("notXml");
  });

  it("stops as soon as a log passes the row limit, without reading the rest", () => {
    const reader = new XmlCallLogReader(MAX_CALL_LOG_ROWS);
    reader.write(`<?xml version="1.0"?>\n<calls count="${MAX_CALL_LOG_ROWS + 1}">\n`);
    const row = `<call number="13800138000" duration="0" date="1790862600000" type="3" />\n`;
    for (let i = 0; i < MAX_CALL_LOG_ROWS; i++) reader.write(row);
    expect(refusal(() => reader.write(row))).toBe("tooManyRows");
  });

  it("refuses a tag or text longer than any call's before holding it whole", () => {
    const reader = new XmlCallLogReader(MAX_CALL_LOG_ROWS);
    reader.write(`<calls><call number="`);
    expect(refusal(() => reader.write("1".repeat(MAX_XML_GAP + 1)))).toBe("notXml");
  });
});

describe("telling an XML call log from other XML by its first bytes", () => {
  it("finds the root after the declaration, comments and a DOCTYPE", () => {
    expect(xmlRootOf(fixture("sms-backup-restore-calls.xml"))).toBe("calls");
    expect(xmlRootOf(fixture("oppo-call-records.xml"))).toBe("CALL_RECORDS");
    expect(xmlRootOf(fixture("billion-laughs.xml"))).toBe("calls");
    expect(xmlRootOf("时间,号码\n")).toBeNull();
  });
});

describe("the encoding an XML call log declares", () => {
  it("reads a byte-order mark or the declaration, and defaults to UTF-8", () => {
    const bytes = (text: string) => new TextEncoder().encode(text);
    expect(xmlEncodingOf(bytes(`<?xml version="1.0" encoding="GBK"?><calls/>`))).toBe("gbk");
    expect(xmlEncodingOf(bytes(`\uFEFF<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>`))).toBe("utf-8");
    expect(xmlEncodingOf(bytes(`<calls/>`))).toBe("utf-8");
    expect(xmlEncodingOf(new Uint8Array([0xff, 0xfe, 0x3c, 0x00]))).toBe("utf-16le");
  });
});
