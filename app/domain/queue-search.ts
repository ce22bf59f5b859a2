import { normalizePhone } from "./phone";
import { normalizeComplaintCode } from "./receipt";

/**
 * What the queue's one search box (`q`) was given, recognised in this order: a complaint code
 * (CW-2026-000123, any case, spaces or dashes as typed), a phone number as the domain writes
 * collector numbers, else an agency's name. Codes and numbers cannot be mistaken for each other
 * (a code has letters), and an agency's name is neither. Agencies match exactly (trimmed): an
 * index walks one agency's complaints in due order, where a partial match would sort thousands.
 */
export type QueueSearch = { kind: "code"; code: string } | { kind: "collector"; number: string } | { kind: "agency"; agency: string };

export function recogniseSearch(input: string | undefined): QueueSearch | null {
  const text = input?.trim() ?? "";
  if (!text) return null;
  const code = normalizeComplaintCode(text);
  if (code) return { kind: "code", code };
  const phone = normalizePhone(text);
  if (phone.ok) return { kind: "collector", number: phone.number };
  return { kind: "agency", agency: text };
}
