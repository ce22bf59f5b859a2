/** Calendar dates as the consumer means them: in China, as YYYY-MM-DD strings. */

import { onePerKey } from "./one-per-key";

export const CONSUMER_TIME_ZONE = "Asia/Shanghai";

// en-CA formats as YYYY-MM-DD.
const dayFormat = onePerKey((timeZone) => new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }));

export function isoDateIn(now: Date, timeZone = CONSUMER_TIME_ZONE): string {
  return dayFormat(timeZone).format(now);
}

export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}
