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
  after: optional(z.string().max(100)),
});

export type QueueFilter = z.output<typeof queueFilterSchema>;

/** Keyset cursor: the last row's due time and id. */
export function encodeCursor(dueAt: Date, id: number): string {
  return `${dueAt.getTime()}_${id}`;
}

export function decodeCursor(cursor: string | undefined): { dueAt: Date; id: number } | null {
  const match = cursor?.match(/^(\d{1,15})_(\d{1,12})$/);
  return match ? { dueAt: new Date(Number(match[1])), id: Number(match[2]) } : null;
}
