import { z } from "zod";
import { REGION_CODES } from "./regions";
import { STATUSES } from "./status";
import { CATEGORIES, PRODUCTS } from "./taxonomy";

/** The queue's filters live in the query string, so a view can be bookmarked; bad values are dropped, not fatal. */
const optional = <T extends z.ZodTypeAny>(schema: T) => schema.optional().catch(undefined);

export const queueFilterSchema = z.object({
  status: optional(z.enum([...STATUSES, "open", "all"])),
  category: optional(z.enum(CATEGORIES)),
  institution: optional(z.string().regex(/^[a-z0-9-]+$/)),
  product: optional(z.enum(PRODUCTS)),
  region: optional(z.enum(REGION_CODES as [string, ...string[]])),
  overdue: optional(z.literal("1")),
  // Only the complaints assigned to the reader.
  mine: optional(z.literal("1")),
  // A complaint code, a collector number or an agency (domain/queue-search.ts).
  // Without NUL, which PostgreSQL's text cannot hold (a search for one would fail there).
  q: optional(
    z
      .string()
      .trim()
      .max(100)
      .regex(/^[^\0]*$/),
  ),
  // Keyset cursors: the next page starts after one row, the previous page ends before one.
  after: optional(z.string().max(100)),
  before: optional(z.string().max(100)),
});

export type QueueFilter = z.output<typeof queueFilterSchema>;

/**
 * The queue's total is counted only this far; past it the page says "more than …". An exact count
 * of a million-row queue reads every index entry of the slice (60 ms for the open queue, 240 ms
 * for all statuses); counting to 1,000 on the index alone costs under 0.1 ms. A category or
 * product filter reads a row for every entry it walks, so it counts to 100: past that it cost
 * tens of milliseconds (bench figures in docs/decisions/019-queue-total-and-bulk.md).
 */
export const TOTAL_CAP = 1000;
export const TOTAL_CAP_READING_ROWS = 100;

/** Keyset cursor: the last row's due time and id. */
export function encodeCursor(dueAt: Date, id: number): string {
  return `${dueAt.getTime()}_${id}`;
}

/** The last instant a database date can hold (9999-12-31T23:59:59.999Z); ids are SQLite's 32-bit-safe integers here. */
const MAX_TIME = 253402300799999;
const MAX_ID = 2 ** 31 - 1;

export function decodeCursor(cursor: string | undefined): { dueAt: Date; id: number } | null {
  const match = cursor?.match(/^(\d{1,15})_(\d{1,10})$/);
  if (!match || Number(match[1]) > MAX_TIME || Number(match[2]) > MAX_ID) return null;
  return { dueAt: new Date(Number(match[1])), id: Number(match[2]) };
}

/**
 * The queue's filters from a query string, and the names of those that were not
 * understood (a mistyped bookmark, a cut link): the queue is shown without them, and
 * the page says so with a 400.
 */
export function parseQueueFilter(params: URLSearchParams): { filter: QueueFilter; rejected: string[] } {
  const given = Object.fromEntries(params);
  const filter = queueFilterSchema.parse(given);
  if (filter.after !== undefined && !decodeCursor(filter.after)) filter.after = undefined;
  if (filter.before !== undefined && !decodeCursor(filter.before)) filter.before = undefined;
  // A link carries one direction; given both, the page is read forwards.
  if (filter.after !== undefined) filter.before = undefined;
  const rejected = Object.keys(queueFilterSchema.shape).filter((name) => given[name] && filter[name as keyof QueueFilter] === undefined);
  return { filter, rejected };
}
