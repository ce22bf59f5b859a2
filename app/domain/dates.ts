/** Calendar dates as the consumer means them: in China, as YYYY-MM-DD strings. */

export const CONSUMER_TIME_ZONE = "Asia/Shanghai";

// One formatter per time zone: making one costs far more than formatting (a queue page asks 25 times).
const dayFormats = new Map<string, Intl.DateTimeFormat>();

export function isoDateIn(now: Date, timeZone = CONSUMER_TIME_ZONE): string {
  let format = dayFormats.get(timeZone);
  // en-CA formats as YYYY-MM-DD.
  if (!format) dayFormats.set(timeZone, (format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" })));
  return format.format(now);
}

export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}
