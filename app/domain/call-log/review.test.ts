import { describe, expect, it } from "vitest";
import type { Call } from "./call";
import { mergeCallLogs } from "./merge";
import { reviewOfLogs } from "./review";

function call(when: string, line: number): Call {
  return { at: new Date(`${when.replace(" ", "T")}+08:00`), number: "+8613800138000", rawNumber: "13800138000", direction: "missed", durationSeconds: 0, line };
}

// Three calls in ten minutes at night: a breach of the quiet hours and a burst.
const merged = mergeCallLogs([
  {
    file: "log.csv",
    calls: [call("2026-10-05 23:00:00", 2), call("2026-10-05 23:04:00", 3), call("2026-10-05 23:08:00", 4), call("2026-10-06 10:00:00", 5)],
    problems: [],
  },
]);
const context = { incidentStart: "2026-10-01", region: "310000", collectorNumbers: [] };

describe("reviewOfLogs", () => {
  it("stores the findings under the pack the creditor's kind calls for", () => {
    expect(reviewOfLogs(merged, { ...context, institutionKind: "bank" }, 1).findings.pack).toBe("cba_2026");
    expect(reviewOfLogs(merged, { ...context, institutionKind: "consumer_finance" }, 1).findings.pack).toBe("gbt_45251");
    expect(reviewOfLogs(merged, { ...context, institutionKind: "online_lender" }, 1).findings.pack).toBe("gbt_45251");
    expect(reviewOfLogs(merged, { ...context, institutionKind: null }, 1).findings.pack).toBe("gbt_45251");
  });

  it("lists every pack for the reviewer, and a call only in a burst is not among those that break a rule", () => {
    const { review } = reviewOfLogs(merged, context, 1);
    expect(Object.keys(review.packs).sort()).toEqual(["cba_2026", "china", "gbt_45251", "us_reg_f"]);
    const listing = review.packs.gbt_45251;
    expect(listing.all[0].ruleIds).toEqual(["gbt_45251.collection_hours", "cw.burst"]);
    expect(listing.counts).toEqual({ all: 4, flagged: 3 });
    // Without the night, the same three calls are a burst only: shown, not flagged.
    const daytime = mergeCallLogs([
      { file: "log.csv", calls: [call("2026-10-05 11:00:00", 2), call("2026-10-05 11:04:00", 3), call("2026-10-05 11:08:00", 4)], problems: [] },
    ]);
    const day = reviewOfLogs(daytime, context, 1).review.packs.gbt_45251;
    expect(day.all[0].ruleIds).toEqual(["cw.burst"]);
    expect(day.counts).toEqual({ all: 3, flagged: 0 });
  });
});
