import { hasHolidayTable } from "~/domain/calendar/working-days";
import { deadlineAfter } from "~/domain/deadlines";
import { isoDateIn } from "~/domain/dates";
import { deadlineSettings } from "./env.server";

/**
 * Deadlines as this deployment counts them: the Civil Code's days (or a test's seconds,
 * DEADLINE_DAY_SECONDS). Every deadline the app sets goes through here.
 */

const warnedYears = new Set<string>();

/** The moment a period of `days` started at `start` ends. */
export function deadlineFrom(start: Date, days: number): Date {
  const end = deadlineAfter(start, days, deadlineSettings);
  const lastDay = isoDateIn(new Date(end.getTime() - 1));
  const year = lastDay.slice(0, 4);
  // Past the holiday table only weekends rest: say so once a year, so someone adds the State Council's notice.
  if (!deadlineSettings.daySeconds && !hasHolidayTable(lastDay) && !warnedYears.has(year)) {
    warnedYears.add(year);
    console.warn(`deadlines: no ${year} holidays in app/domain/calendar/china-holidays.ts; counting weekends only until the State Council's notice is added`);
  }
  return end;
}
