import { CHINA_HOLIDAYS } from "./china-holidays";

/**
 * Rest days and working days in China, on calendar dates (YYYY-MM-DD, Beijing time). A day is a
 * rest day when a holiday notice gives it off, or when it is a Saturday or Sunday that no notice
 * makes a working day.
 */

const offDays = new Set<string>();
const workedWeekendDays = new Set<string>();
for (const year of Object.values(CHINA_HOLIDAYS)) {
  for (const period of year.off) for (let day = period.from; day <= period.to; day = nextDay(day)) offDays.add(day);
  for (const day of year.workdays) workedWeekendDays.add(day);
}

/** The calendar day after `day`. */
export function nextDay(day: string): string {
  return plusDays(day, 1);
}

export function plusDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export function isRestDay(day: string): boolean {
  if (offDays.has(day)) return true;
  if (workedWeekendDays.has(day)) return false;
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** Whether the holiday notice for the day's year is in the table (without it, only weekends rest). */
export function hasHolidayTable(day: string): boolean {
  return Number(day.slice(0, 4)) in CHINA_HOLIDAYS;
}

/** The first working day on or after `day`. */
export function workingDayFrom(day: string): string {
  let current = day;
  while (isRestDay(current)) current = nextDay(current);
  return current;
}

/** The day `count` working days after `day` (day itself not counted). */
export function addWorkingDays(day: string, count: number): string {
  let current = day;
  for (let left = count; left > 0;) {
    current = nextDay(current);
    if (!isRestDay(current)) left--;
  }
  return current;
}
