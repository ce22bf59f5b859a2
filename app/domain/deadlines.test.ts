import { describe, expect, it } from "vitest";
import { addDays, daysBetween, DEFAULT_DEADLINES, dueTransition, isPastDue } from "./deadlines";

describe("deadlines", () => {
  const routedAt = new Date("2026-10-01T09:30:00Z");

  it("gives a bank 15 days from routing, 30 when extended", () => {
    expect(addDays(routedAt, DEFAULT_DEADLINES.bankResponseDays).toISOString()).toBe("2026-10-16T09:30:00.000Z");
    expect(addDays(routedAt, DEFAULT_DEADLINES.bankExtendedDays).toISOString()).toBe("2026-10-31T09:30:00.000Z");
  });

  it("is not past due at the deadline itself, only after it", () => {
    const due = addDays(routedAt, 15);
    expect(isPastDue(due, new Date(due.getTime() - 1))).toBe(false);
    expect(isPastDue(due, due)).toBe(false);
    expect(isPastDue(due, new Date(due.getTime() + 1))).toBe(true);
  });

  it("escalates a bank that missed its deadline and closes an unanswered response", () => {
    expect(dueTransition("routed_to_bank")).toBe("miss_deadline");
    expect(dueTransition("responded")).toBe("close_unanswered");
    for (const status of ["submitted", "routed_to_regulator", "escalated", "closed", "rejected", "withdrawn"]) {
      expect(dueTransition(status)).toBeNull();
    }
  });

  it("counts a complaint's age in whole days", () => {
    expect(daysBetween(routedAt, addDays(routedAt, 2))).toBe(2);
    expect(daysBetween(routedAt, new Date(addDays(routedAt, 3).getTime() - 1))).toBe(2);
  });
});
