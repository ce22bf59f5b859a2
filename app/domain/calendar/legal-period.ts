import { isoDateIn } from "../dates";
import { plusDays, workingDayFrom } from "./working-days";

/**
 * A period of days counted as China's Civil Code counts it (arts. 200–204): the day of the
 * event does not count, so day one is the day after; the period ends at 24:00 of its last day;
 * a last day that is a rest day or public holiday moves to the next working day. Counted in
 * Beijing time, whatever the server's zone.
 */
export function periodLastDay(start: Date, days: number): string {
  return workingDayFrom(plusDays(isoDateIn(start), days));
}

/** The instant the period ends: 24:00 Beijing time on its last day (00:00 of the day after). */
export function periodEnd(start: Date, days: number): Date {
  return endOfDay(periodLastDay(start, days));
}

/** 24:00 Beijing time at the end of `day`. */
export function endOfDay(day: string): Date {
  return new Date(`${plusDays(day, 1)}T00:00:00+08:00`);
}

/**
 * The last day of a period from the instant it ends (24:00 is already the next day's 00:00): the
 * date to show a person ("by 15 October" means through the 15th).
 */
export function lastDayOf(end: Date): string {
  return isoDateIn(new Date(end.getTime() - 1));
}
