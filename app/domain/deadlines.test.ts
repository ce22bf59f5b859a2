import { describe, expect, it } from "vitest";
import { lastDayOf } from "./calendar/legal-period";
import { addDays, creditorDays, daysBetween, deadlineAfter, DEFAULT_DEADLINES, dueTransition, nextExtension } from "./deadlines";

const civil = DEFAULT_DEADLINES;
/** The creditor's deadline at each step of the ladder for a complaint routed at `routedAt`. */
const ladder = (routedAt: Date) => [0, 1, 2].map((level) => deadlineAfter(routedAt, creditorDays(level, civil), civil).toISOString());

describe("deadlines", () => {
  it("ends a creditor's period at 24:00 Beijing time of its last day, the day of routing not counted", () => {
    // Routed on a Monday afternoon: 15 days later is Tuesday the 17th; the period ends as the 18th begins in Beijing.
    const due = deadlineAfter(new Date("2026-11-02T09:30:00+08:00"), 15, civil);
    expect(due.toISOString()).toBe("2026-11-17T16:00:00.000Z");
    expect(lastDayOf(due)).toBe("2026-11-17");
  });

  it("gives a complaint routed on 2026-09-30 (before the National Day holiday) 15, 30 or 60 days", () => {
    // The holiday falls inside the period and does not stop it; only a last day on a rest day moves.
    // 15 → Thursday 15 October; 30 → Friday 30 October; 60 → Sunday 29 November, moved to Monday 30 November.
    expect(ladder(new Date("2026-09-30T10:00:00+08:00"))).toEqual(["2026-10-15T16:00:00.000Z", "2026-10-30T16:00:00.000Z", "2026-11-30T16:00:00.000Z"]);
  });

  it("gives a complaint routed on 2026-12-31 its days by weekends alone, the 2027 holidays not being in the table", () => {
    // 15 → Friday 15 January 2027; 30 → Saturday 30 January, moved to Monday 1 February;
    // 60 → Monday 1 March. Once the State Council's 2027 notice is added these may move.
    expect(ladder(new Date("2026-12-31T10:00:00+08:00"))).toEqual(["2027-01-15T16:00:00.000Z", "2027-02-01T16:00:00.000Z", "2027-03-01T16:00:00.000Z"]);
  });

  it("counts a test's days in seconds, without the calendar, only when told to", () => {
    const start = new Date("2026-11-06T12:00:00Z");
    expect(deadlineAfter(start, 2, { daySeconds: 3 }).toISOString()).toBe("2026-11-06T12:00:06.000Z");
  });

  it("climbs the ladder 15 → 30 → 60 one step at a time, the last step with an approval, and no further", () => {
    expect(nextExtension(0)).toEqual({ level: 1, needsApproval: false });
    expect(nextExtension(1)).toEqual({ level: 2, needsApproval: true });
    expect(nextExtension(2)).toBeNull();
    expect([0, 1, 2].map((level) => creditorDays(level, civil))).toEqual([15, 30, 60]);
  });

  it("escalates a bank that missed its deadline and closes an unanswered response", () => {
    expect(dueTransition("routed_to_bank")).toBe("miss_deadline");
    expect(dueTransition("responded")).toBe("close_unanswered");
    for (const status of ["submitted", "routed_to_regulator", "escalated", "closed", "rejected", "withdrawn"]) {
      expect(dueTransition(status)).toBeNull();
    }
  });

  it("counts a complaint's age in whole days", () => {
    const routedAt = new Date("2026-10-01T09:30:00Z");
    expect(daysBetween(routedAt, addDays(routedAt, 2))).toBe(2);
    expect(daysBetween(routedAt, new Date(addDays(routedAt, 3).getTime() - 1))).toBe(2);
  });
});
