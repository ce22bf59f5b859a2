/**
 * Small-cell suppression for published statistics and exports.
 *
 * A count of 1–4 in a table cut by institution, region, month and category can
 * point at one consumer, so it is shown as "<5". Zero stays 0: "nobody
 * complained" identifies nobody, and hiding it would make every empty cell look
 * like a secret. Counts at or above the threshold are shown as they are.
 *
 * Counts may arrive as BigInt (raw SQLite results); they come out as numbers.
 * Totals must be computed from the unsuppressed counts before suppression, and
 * a published total next to a single suppressed cell lets a reader subtract:
 * callers publishing totals should suppress at least two cells of a row, or none.
 */

import { onePerKey } from "../one-per-key";

export const SMALL_CELL_THRESHOLD = 5;

export type SmallCell = `<${number}`;
export type SuppressedCount = number | SmallCell;

function toCount(value: number | bigint): number {
  const n = typeof value === "bigint" ? Number(value) : value;
  if (!Number.isFinite(n) || n < 0 || !Number.isInteger(n)) throw new RangeError(`not a count: ${String(value)}`);
  return n;
}

/** One count as it may be published: 0, "<5", or the count. */
export function suppressCount(value: number | bigint, threshold = SMALL_CELL_THRESHOLD): SuppressedCount {
  const n = toCount(value);
  return n > 0 && n < threshold ? `<${threshold}` : n;
}

export function isSuppressed(value: SuppressedCount): value is SmallCell {
  return typeof value === "string";
}

const countFormat = onePerKey((locale) => new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }));

/**
 * A count for display: "0", "<5", "1,234" (grouped the way the locale groups
 * digits; zh-CN and en both write 1,234). One formatter per language, as for shares.
 */
export function formatCount(value: number | bigint | SuppressedCount, locale = "zh-CN", threshold = SMALL_CELL_THRESHOLD): string {
  const shown = typeof value === "string" ? value : suppressCount(value, threshold);
  if (typeof shown === "string") return shown;
  return countFormat(locale).format(shown);
}

type CountValue = number | bigint | null | undefined;

export type SuppressedRow<T, K extends keyof T> = Omit<T, K> & {
  [P in K]: Extract<T[P], null | undefined> | SuppressedCount;
};

/**
 * Every row with its count fields suppressed; other fields (labels, codes) are
 * kept as they are. null and undefined counts stay as they are ("not asked"),
 * which is not the same as 0.
 */
export function suppressSmallCells<T extends { [P in K]: CountValue }, K extends keyof T & string>(
  rows: readonly T[],
  countFields: readonly K[],
  threshold = SMALL_CELL_THRESHOLD,
): SuppressedRow<T, K>[] {
  if (!Number.isInteger(threshold) || threshold < 1) throw new RangeError(`not a threshold: ${threshold}`);
  return rows.map((row) => {
    const out: Record<string, unknown> = { ...row };
    for (const field of countFields) {
      const value: CountValue = row[field];
      if (value !== null && value !== undefined) out[field] = suppressCount(value, threshold);
    }
    return out as SuppressedRow<T, K>;
  });
}
