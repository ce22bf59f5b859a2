import { describe, expect, it } from "vitest";
import { analyseCalls } from "./analyse";
import type { Call } from "./call";
import { callRows } from "./call-table";
import { mergeCallLogs } from "./merge";

function call(when: string, line: number, direction: Call["direction"] = "missed", number = "+8613800138000"): Call {
  return { at: new Date(`${when.replace(" ", "T")}+08:00`), number, rawNumber: number, direction, durationSeconds: 0, line };
}

describe("mergeCallLogs", () => {
  it("reads several exports as one log, counting a call found in both once", () => {
    const first = [call("2026-10-01 23:00:00", 2), call("2026-10-02 09:00:00", 3)];
    const second = [call("2026-10-02 09:00:00", 5), call("2026-10-03 22:30:00", 6), call("2026-10-01 08:00:00", 7)];
    const merged = mergeCallLogs([
      { file: "a.csv", calls: first, problems: [{ line: 4, reason: "date" }] },
      { file: "b.csv", calls: second, problems: [] },
    ]);
    expect(merged.duplicates).toBe(1);
    expect(merged.calls.map((c) => c.line)).toEqual([1, 2, 3, 4]);
    expect(merged.origins).toEqual([
      { file: "b.csv", line: 7 },
      { file: "a.csv", line: 2 },
      { file: "a.csv", line: 3 },
      { file: "b.csv", line: 6 },
    ]);
    expect(merged.problems).toEqual([{ file: "a.csv", line: 4, reason: "date" }]);
    expect(analyseCalls(merged.calls).outsideHours.count).toBe(2);
  });

  it("keeps calls at the same instant from different numbers or of different types", () => {
    const merged = mergeCallLogs([
      { file: "a.csv", calls: [call("2026-10-01 10:00:00", 2), call("2026-10-01 10:00:00", 3, "missed", "13900139000")], problems: [] },
      { file: "b.csv", calls: [call("2026-10-01 10:00:00", 2, "rejected")], problems: [] },
    ]);
    expect(merged.calls).toHaveLength(3);
    expect(merged.duplicates).toBe(0);
  });
});

describe("callRows", () => {
  it("shows each call at its local time with the rules it counts towards and where it was read", () => {
    const merged = mergeCallLogs([
      {
        file: "log.csv",
        calls: [
          call("2026-10-05 22:00:00", 2),
          call("2026-10-05 22:04:00", 3),
          call("2026-10-05 22:09:00", 4, "missed", "02112345678"),
          call("2026-10-06 10:00:00", 5, "outgoing"),
        ],
        problems: [],
      },
    ]);
    const findings = analyseCalls(merged.calls, { pack: "china", collectorNumbers: ["138 0013 8000"] });
    const rows = callRows(merged, findings);
    expect(rows[0]).toMatchObject({
      at: "2026-10-05 22:00:00",
      weekday: 0,
      ruleIds: ["china.collection_hours", "cw.burst"],
      namedCollector: true,
      file: "log.csv",
      fileLine: 2,
    });
    expect(rows[2]).toMatchObject({ at: "2026-10-05 22:09:00", namedCollector: false });
    // The consumer's own call is listed but counts towards nothing.
    expect(rows[3]).toMatchObject({ direction: "outgoing", ruleIds: [], namedCollector: false });
  });

  it("uses the analysis's zone for local times", () => {
    const merged = mergeCallLogs([{ file: "log.csv", calls: [call("2026-10-05 07:30:00", 2)], problems: [] }]);
    expect(callRows(merged, analyseCalls(merged.calls, { timeZone: "UTC" }))[0].at).toBe("2026-10-04 23:30:00");
  });
});
