import { parseWithZod } from "@conform-to/zod/v4";
import { formText } from "~/domain/action-outcome";
import { canAct, type ReviewerIntent } from "~/domain/permissions";
import { reviewerActionSchema } from "~/domain/reviewer-schema";
import type { Reviewer } from "./auth.server";
import { runReviewerAction } from "./reviewer-actions.server";

/** What the queue's bulk form may do to the complaints ticked on it. */
export const BULK_INTENTS = ["route", "assign", "request_info"] as const satisfies readonly ReviewerIntent[];
/** More than a few pages' worth in one post is a mistake or a script. */
const MAX_PICKED = 100;
const FIELDS = ["route", "reason", "assignee", "message"] as const;

export type BulkOutcome =
  | { ok: true; intent: string; done: string[]; refused: { code: string; error: string }[] }
  | { ok: false; status: number; intent: string; fieldErrors: Record<string, string[]>; values: Record<string, string> };

/**
 * One action on several complaints, each ticked as `CODE:VERSION` (the version the reviewer saw).
 * Each goes through the single action's own path (visibility, role, status, version, and the
 * action's rules) and commits in a transaction of its own, so one refused complaint leaves the
 * others done and none is half done; the answer says which were refused and why.
 */
export async function runBulkAction(user: Reviewer, formData: FormData): Promise<BulkOutcome> {
  const intent = formText(formData, "intent");
  const values = Object.fromEntries(FIELDS.map((f) => [f, formText(formData, f)]));
  const refuse = (field: string, error: string, status = 400): BulkOutcome => ({ ok: false, status, intent, fieldErrors: { [field]: [error] }, values });
  if (!(BULK_INTENTS as readonly string[]).includes(intent)) return refuse("", "error.http.badRequest");
  if (!canAct(user.role, intent as ReviewerIntent)) throw new Response("error.forbidden", { status: 403 });
  const picked = [...new Set(formData.getAll("complaint").filter((v): v is string => typeof v === "string"))]
    .map((v) => v.match(/^(CW-\d{4}-\d{6,}):(\d{1,9})$/))
    .filter((m): m is RegExpMatchArray => m !== null);
  if (!picked.length) return refuse("complaint", "error.bulk.noneSelected");
  if (picked.length > MAX_PICKED) return refuse("complaint", "error.bulk.tooMany");

  // The shared fields are checked once, so a missing message is one error, not one per complaint.
  const shared = new FormData();
  shared.set("intent", intent);
  for (const f of FIELDS) if (values[f]) shared.set(f, values[f]);
  shared.set("version", "0");
  const submission = parseWithZod(shared, { schema: reviewerActionSchema });
  if (submission.status !== "success")
    return { ok: false, status: 400, intent, fieldErrors: (submission.reply().error ?? {}) as Record<string, string[]>, values };

  const done: string[] = [];
  const refused: { code: string; error: string }[] = [];
  for (const [, code, version] of picked) {
    shared.set("version", version);
    try {
      const outcome = await runReviewerAction(user, code, shared);
      if (outcome.ok) done.push(code);
      else refused.push({ code, error: Object.values(outcome.fieldErrors).flat()[0] ?? "error.notAllowed" });
    } catch (error) {
      // A complaint this reviewer may not see is refused as not found, as its page would be.
      if (!(error instanceof Response)) throw error;
      refused.push({ code, error: error.status === 404 ? "error.bulk.notFound" : "error.forbidden" });
    }
  }
  return { ok: true, intent, done, refused };
}
