import { z } from "zod";
import { isCalendarDate } from "../dates";
import { REGION_CODES } from "../regions";
import { STATUSES } from "../status";
import { CATEGORIES, PRODUCTS, type Category } from "../taxonomy";
import { onePerKey } from "../one-per-key";

/**
 * Statistics as the dashboard shows them: shares, filled month series, ranked
 * institutions, and the dashboard's filters as a query string (the same string
 * the CSV and JSON exports take, DESIGN.md "Public contract").
 */

type Count = number | bigint;
const toNumber = (n: Count) => (typeof n === "bigint" ? Number(n) : n);

/** numerator / denominator, or null when there is nothing to divide by. */
export function rate(numerator: Count, denominator: Count): number | null {
  const d = toNumber(denominator);
  return d === 0 ? null : toNumber(numerator) / d;
}

/** The share of answered complaints answered before their deadline; null when none was answered. */
export function shareAnsweredInTime(answeredInTime: Count, answered: Count): number | null {
  const inTime = toNumber(answeredInTime);
  const all = toNumber(answered);
  if (inTime < 0 || all < 0 || inTime > all) throw new RangeError(`${inTime} answered in time of ${all} answered`);
  return rate(inTime, all);
}

const shareFormat = onePerKey((locale) => new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }));

/**
 * A share as a percentage with one decimal ("87.5%"), or "—" when there is none. One formatter per
 * language: the dashboard formats hundreds of shares, and making a formatter costs more than using it.
 */
export function formatShare(share: number | null, locale = "zh-CN"): string {
  if (share === null || !Number.isFinite(share)) return "—";
  return shareFormat(locale).format(share);
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])(?:-\d{2})?$/;
/** Longest series fillMonths builds: fifty years. */
/** Upper bounds of the bands call-log findings are counted in across complaints; the last band is open. */
export const OUTSIDE_HOURS_BANDS = [0, 4, 9, 19] as const;
export const NUMBERS_BANDS = [1, 4, 9] as const;

/** [0, 4, 9] → ["0", "1–4", "5–9", "10+"]. */
export function bandLabels(bounds: readonly number[]): string[] {
  const labels = bounds.map((bound, i) => {
    const low = i === 0 ? 0 : bounds[i - 1] + 1;
    return low === bound ? String(bound) : `${low}–${bound}`;
  });
  return [...labels, `${bounds[bounds.length - 1] + 1}+`];
}

export const MAX_MONTHS = 600;

function monthIndex(text: string): number {
  const match = MONTH.exec(text);
  if (!match) throw new RangeError(`not a month: ${text}`);
  return Number(match[1]) * 12 + Number(match[2]) - 1;
}

function monthOf(index: number): string {
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/**
 * Every month from `from` to `to` (both "YYYY-MM", or dates whose month is
 * meant), in order, with the rows' counts and 0 where there is no row. Rows
 * outside the range are left out; two rows for one month are added up.
 */
export function fillMonths(rows: readonly { month: string; count: Count }[], from: string, to: string): { month: string; count: number }[] {
  const first = monthIndex(from);
  const last = monthIndex(to);
  if (last < first) return [];
  if (last - first + 1 > MAX_MONTHS) throw new RangeError(`more than ${MAX_MONTHS} months from ${from} to ${to}`);
  const counts = new Map<number, number>();
  for (const row of rows) {
    const index = monthIndex(row.month);
    counts.set(index, (counts.get(index) ?? 0) + toNumber(row.count));
  }
  const series: { month: string; count: number }[] = [];
  for (let index = first; index <= last; index++) series.push({ month: monthOf(index), count: counts.get(index) ?? 0 });
  return series;
}

/**
 * Institutions by count, most first; equal counts by name in the locale's order
 * (pinyin for zh-CN), sharing a rank (1, 2, 2, 4). The rows are not changed.
 */
export function rankInstitutions<T extends { name: string; count: Count }>(rows: readonly T[], locale = "zh-CN"): (T & { rank: number })[] {
  const collator = new Intl.Collator(locale);
  const sorted = [...rows].sort((a, b) => toNumber(b.count) - toNumber(a.count) || collator.compare(a.name, b.name));
  let rank = 0;
  return sorted.map((row, i) => {
    if (i === 0 || toNumber(sorted[i - 1].count) !== toNumber(row.count)) rank = i + 1;
    return { ...row, rank };
  });
}

export const STATS_DIMENSIONS = ["institution", "agency", "product", "region", "category", "month", "status"] as const;
export type StatsDimension = (typeof STATS_DIMENSIONS)[number];

export const STATS_FILTER_FIELDS = ["from", "to", "institution", "agency", "product", "region", "category", "status", "by"] as const;
export type StatsFilterField = (typeof STATS_FILTER_FIELDS)[number];

const NAME_MAX = 100;

// Query strings carry empty fields from a submitted form: "" means "not chosen".
function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (typeof value === "string" ? value.trim() || undefined : value), schema.optional()).optional();
}

/** Dates the dashboard can draw: its month series is at most MAX_MONTHS long. */
export const DATE_RANGE = { min: "2000-01-01", max: "2099-12-31" } as const;
const date = z
  .string({ error: "error.stats.date" })
  .refine(isCalendarDate, { message: "error.stats.date", abort: true })
  .refine((d) => d >= DATE_RANGE.min && d <= DATE_RANGE.max, "error.stats.dateOutOfRange");
const name = z.string({ error: "error.stats.text" }).max(NAME_MAX, "error.stats.tooLong");

/** The dashboard's filters. Every field is optional; messages are catalogue keys. */
export const statsFilterSchema = z
  .object({
    from: optional(date),
    to: optional(date),
    institution: optional(name),
    agency: optional(name),
    product: optional(z.enum(PRODUCTS, { error: "error.stats.product" })),
    region: optional(z.enum(REGION_CODES as [string, ...string[]], { error: "error.stats.region" })),
    category: optional(z.enum(CATEGORIES as [Category, ...Category[]], { error: "error.stats.category" })),
    status: optional(z.enum(STATUSES, { error: "error.stats.status" })),
    by: optional(z.enum(STATS_DIMENSIONS, { error: "error.stats.by" })),
  })
  .superRefine((filter, ctx) => {
    if (filter.from && filter.to && filter.to < filter.from) {
      ctx.addIssue({ code: "custom", path: ["to"], message: "error.stats.dateRange" });
    }
  });

export type StatsFilter = z.output<typeof statsFilterSchema>;

/** The filters of a URL's query string; for a repeated field the last value counts, as in a form. */
export function parseStatsFilter(params: URLSearchParams) {
  return statsFilterSchema.safeParse(Object.fromEntries(params));
}

/** The filters back as a query string, in a fixed order and without empty fields: for export links. */
export function statsFilterToSearchParams(filter: StatsFilter): URLSearchParams {
  const params = new URLSearchParams();
  for (const field of STATS_FILTER_FIELDS) {
    const value = filter[field];
    if (value) params.set(field, value);
  }
  return params;
}
