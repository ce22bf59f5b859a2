import { parseWithZod } from "@conform-to/zod/v4";
import { formText, type ActionOutcome } from "~/domain/action-outcome";
import { canAct, REVIEWER_INTENTS, type ReviewerIntent } from "~/domain/permissions";
import { reviewerActionSchema } from "~/domain/reviewer-schema";
import type { Reviewer } from "./auth.server";
import { db } from "./db.server";
import { applyReviewerAction } from "./lifecycle.server";
import { suggestionsFor, visibleTo } from "./triage.server";

export type ReviewerOutcome = ActionOutcome;

/** A reviewer's action on one complaint: visible to them, allowed for their role, valid, and not stale. */
export async function runReviewerAction(user: Reviewer, code: string, formData: FormData): Promise<ReviewerOutcome> {
  const complaint = await db.complaint.findFirst({
    where: { AND: [{ code }, visibleTo(user)] },
    select: {
      id: true,
      status: true,
      version: true,
      routedAt: true,
      extensionLevel: true,
      awaitingInfo: true,
      institutionId: true,
      priorComplaint: true,
      // What the consumer alleged: categories a reviewer found do not move the suggested route.
      categories: { where: { alleged: true } },
      callLogFindings: true,
    },
  });
  if (!complaint) throw new Response("Not found", { status: 404 });
  const intent = formText(formData, "intent");
  const values = Object.fromEntries([...formData].filter(([k, v]) => k !== "csrf" && typeof v === "string")) as Record<string, string>;
  const refuse = (fieldErrors: Record<string, string[]>, status = 400): ReviewerOutcome => ({ ok: false, status, intent, fieldErrors, values });
  if (!(REVIEWER_INTENTS as readonly string[]).includes(intent)) return refuse({ "": ["error.http.badRequest"] });
  if (!canAct(user.role, intent as ReviewerIntent)) throw new Response("error.forbidden", { status: 403 });

  const submission = parseWithZod(formData, { schema: reviewerActionSchema });
  if (submission.status !== "success") return refuse((submission.reply().error ?? {}) as Record<string, string[]>);
  const suggestion = (await suggestionsFor([complaint])).get(complaint.id)!;
  const done = await applyReviewerAction(user, { ...complaint, suggestedRoute: suggestion.route }, submission.value);
  if (done.ok) return done;
  if (done.error === "error.route.reasonRequired") return refuse({ reason: [done.error] });
  if (done.error === "error.duplicate.unknown") return refuse({ duplicateOf: [done.error] });
  if (done.error === "error.category.notAlleged") return refuse({ category: [done.error] });
  if (done.error === "error.extend.approvalRequired") return refuse({ approvedBy: [done.error] });
  if (done.error === "error.route.noInstitution" || done.error === "error.route.noBankReviewer") return refuse({ route: [messageOf(done)] }, 409);
  if (done.error === "error.creditor.unknown" || done.error === "error.creditor.unchanged") return refuse({ institutionId: [done.error] });
  if (done.error === "error.assignee.outsider") return refuse({ assignee: [done.error] }, 403);
  return refuse({ "": [messageOf(done)] }, 409);
}

/** A refusal as the page shows it: the catalogue key, and what it names after "|". */
const messageOf = (refusal: { error: string; detail?: string }) => (refusal.detail ? `${refusal.error}|${refusal.detail}` : refusal.error);
