import { readPhone } from "./phone";
import { normalizeComplaintCode } from "./receipt";

/**
 * What the queue's one search box (`q`) was given, recognised in this order: a complaint code
 * (CW-2026-000123, any case, dashes as typed), a phone number read to the key CollectorPhone
 * stores (domain/phone.ts: verified, or typed with nothing but a number's characters), else an
 * agency's name. A code has letters a number cannot; an agency with digits in its name (360借条)
 * is not a number the library verifies, so it stays an agency. Agencies match exactly (trimmed): an
 * index walks one agency's complaints in due order, where a partial match would sort thousands.
 */
export type QueueSearch = { kind: "code"; code: string } | { kind: "collector"; number: string } | { kind: "agency"; agency: string };

export function recogniseSearch(input: string | undefined): QueueSearch | null {
  const text = input?.trim() ?? "";
  if (!text) return null;
  const code = normalizeComplaintCode(text);
  if (code) return { kind: "code", code };
  const phone = readPhone(text);
  if (phone.status === "verified" || (phone.status === "unverified" && /^[\d\s+\-().]+$/.test(text))) return { kind: "collector", number: phone.key };
  return { kind: "agency", agency: text };
}
