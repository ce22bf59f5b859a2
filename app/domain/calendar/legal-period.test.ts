import { describe, expect, it } from "vitest";
import { CHINA_HOLIDAYS } from "./china-holidays";
import { periodEnd, periodLastDay } from "./legal-period";
import { addWorkingDays, hasHolidayTable, isRestDay, plusDays } from "./working-days";

/** Noon in Beijing on a calendar day. */
const noon = (day: string) => new Date(`${day}T12:00:00+08:00`);

describe("a period of days as the Civil Code counts it", () => {
  it("starts the day after the event and ends at 24:00 Beijing time on its last day", () => {
    // Routed at 23:59 on a Monday: that day does not count.
    expect(periodLastDay(new Date("2026-11-02T23:59:00+08:00"), 15)).toBe("2026-11-17");
    expect(periodEnd(new Date("2026-11-02T23:59:00+08:00"), 15).toISOString()).toBe("2026-11-17T16:00:00.000Z");
  });

  it("counts the day in Beijing, not in the server's zone", () => {
    // 16:30 UTC on the 2nd is already 00:30 on the 3rd in Beijing.
    expect(periodLastDay(new Date("2026-11-02T16:30:00Z"), 15)).toBe("2026-11-18");
  });

  it("moves a last day on a weekend to the Monday", () => {
    expect(periodLastDay(noon("2026-11-06"), 15)).toBe("2026-11-23"); // the 21st is a Saturday
  });

  it("does not skip holidays inside the period, only a last day that falls on one", () => {
    expect(periodLastDay(noon("2026-09-30"), 15)).toBe("2026-10-15");
  });

  // The first working day after each holiday period of 2025 and 2026, read from the notices.
  const afterHoliday: Record<string, string> = {
    "2025 元旦": "2025-01-02",
    "2025 春节": "2025-02-05",
    "2025 清明节": "2025-04-07",
    "2025 劳动节": "2025-05-06",
    "2025 端午节": "2025-06-03",
    "2025 国庆节、中秋节": "2025-10-09",
    "2026 元旦": "2026-01-04", // a Sunday worked in exchange
    "2026 春节": "2026-02-24",
    "2026 清明节": "2026-04-07",
    "2026 劳动节": "2026-05-06",
    "2026 端午节": "2026-06-22",
    "2026 中秋节": "2026-09-28",
    "2026 国庆节": "2026-10-08",
  };
  for (const [year, table] of Object.entries(CHINA_HOLIDAYS)) {
    for (const period of table.off) {
      const name = `${year} ${period.name}`;
      it(`moves a last day in ${name} (${period.from} to ${period.to}) to ${afterHoliday[name]}`, () => {
        for (let day = period.from; day <= period.to; day = plusDays(day, 1)) {
          expect(periodLastDay(noon(plusDays(day, -15)), 15)).toBe(afterHoliday[name]);
        }
      });
    }
  }
  it("has an expected day for every holiday in the table", () => {
    const periods = Object.entries(CHINA_HOLIDAYS).flatMap(([year, table]) => table.off.map((p) => `${year} ${p.name}`));
    expect(periods.sort()).toEqual(Object.keys(afterHoliday).sort());
  });
});

describe("working days", () => {
  it("works the weekend days the notices exchange for holidays", () => {
    for (const day of [...CHINA_HOLIDAYS[2025].workdays, ...CHINA_HOLIDAYS[2026].workdays]) {
      expect([0, 6]).toContain(new Date(`${day}T00:00:00Z`).getUTCDay());
      expect(isRestDay(day)).toBe(false);
    }
    expect(periodLastDay(noon("2026-01-30"), 15)).toBe("2026-02-14"); // a Saturday worked before 春节
  });

  it("counts working days past weekends and holidays", () => {
    expect(addWorkingDays("2026-09-29", 2)).toBe("2026-10-08"); // the 30th, then the holidays, then the 8th
    expect(addWorkingDays("2026-11-27", 2)).toBe("2026-12-01"); // a Friday: Monday, Tuesday
  });

  it("says when a year's holidays are not in the table", () => {
    expect(hasHolidayTable("2026-12-31")).toBe(true);
    expect(hasHolidayTable("2027-01-15")).toBe(false);
    // Without the 2027 notice only weekends rest: 2026-12-31 + 15 days is Friday 2027-01-15.
    expect(periodLastDay(noon("2026-12-31"), 15)).toBe("2027-01-15");
  });
});
