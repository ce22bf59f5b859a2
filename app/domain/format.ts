import { CONSUMER_TIME_ZONE } from "./dates";
import { onePerKey } from "./one-per-key";

/** File sizes as people read them: 1.5 MB, 860 B. */
export function formatBytes(bytes: number): { value: string; unit: string } {
  const units = ["B", "KB", "MB", "GB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return { value: unit === 0 ? String(value) : value.toFixed(1), unit: units[unit] };
}

const dateTimeFormat = onePerKey((locale) => new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: CONSUMER_TIME_ZONE }));

/**
 * A moment as the consumer's clock shows it, in the page's language. Formatters are made once per
 * language: building one per table cell cost a tenth of a page's time.
 */
export function formatDateTime(iso: string, locale: string): string {
  return dateTimeFormat(locale).format(new Date(iso));
}

const lastDayFormat = onePerKey(
  (locale) => new Intl.DateTimeFormat(locale === "en" ? "en-GB" : locale, { year: "numeric", month: "long", day: "numeric", timeZone: CONSUMER_TIME_ZONE }),
);

/**
 * The last day of a period, from the instant it ends (24:00 Beijing time of that day, which is
 * 00:00 of the next): "2026年12月8日", "8 December 2026". A millisecond before the end is still the
 * last day, so a deadline never reads as the day after.
 */
export function formatLastDay(end: string | Date, locale: string): string {
  return lastDayFormat(locale).format(new Date(new Date(end).getTime() - 1));
}
