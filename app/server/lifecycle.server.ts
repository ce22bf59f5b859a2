import type { Prisma } from "@prisma/client";
import { creditorDays, dueTransition, nextExtension } from "~/domain/deadlines";
import { INFO_ANSWER_DAYS } from "~/domain/info-request";
import { normalizeComplaintCode } from "~/domain/receipt";
import type { ReviewerAction } from "~/domain/reviewer-schema";
import { intentAllowedIn, isOpen, TRANSITIONS, type Status } from "~/domain/status";
import { noticesFor } from "~/domain/notifications";
import { appendEvent } from "./audit.server";
import { deliverSoon, enqueueNotices, NOTICE_COLUMNS, noticeContextOf, type NoticeContext } from "./outbox.server";
import { findColleague } from "./assignment.server";
import type { Reviewer } from "./auth.server";
import { db } from "./db.server";
import { deadlineFrom as after } from "./deadline-clock.server";
import { deadlineSettings as days } from "./env.server";

/**
 * Every change to a complaint's life, in one place: each checks the complaint's
 * version (a form loaded before someone else's change is refused), changes the
 * row, and appends its events in the same transaction.
 */

export type Refusal = {
  ok: false;
  error:
    | "error.stale"
    | "error.notAllowed"
    | "error.extend.already"
    | "error.extend.approvalRequired"
    | "error.category.notAlleged"
    | "error.duplicate.unknown"
    | "error.route.reasonRequired"
    | "error.route.noInstitution"
    | "error.route.noBankReviewer"
    | "error.creditor.unknown"
    | "error.creditor.unchanged"
    | "error.creditor.withBank"
    | "error.assignee.outsider";
  /** What the message names (the institution without a reviewer), shown as its {{detail}}. */
  detail?: string;
};
export type Done = { ok: true } | Refusal;

type Complaint = { id: number; status: string; version: number; routedAt: Date | null; extensionLevel: number; awaitingInfo: boolean };
type Actor = { role: string; id: string | null };
type EventSpec = { type: string; to?: Status; note?: string | null; public: boolean };

class Stale extends Error {}

async function change(
  complaint: Complaint,
  actor: Actor,
  data: Prisma.ComplaintUpdateManyMutationInput,
  events: EventSpec[],
  now: Date,
  alsoDo?: (tx: Prisma.TransactionClient) => Promise<unknown>,
) {
  try {
    const told = await db.$transaction(async (tx) => {
      const { count } = await tx.complaint.updateMany({
        where: { id: complaint.id, version: complaint.version },
        data: { ...data, version: { increment: 1 } },
      });
      if (count === 0) throw new Stale();
      await alsoDo?.(tx);
      const notify = await noticeContext(tx, complaint.id, events);
      for (const event of events) {
        await appendEvent(tx, {
          complaintId: complaint.id,
          type: event.type,
          actorRole: actor.role,
          actorId: actor.id,
          fromStatus: complaint.status,
          toStatus: event.to ?? complaint.status,
          note: event.note ?? null,
          public: event.public,
          createdAt: now,
        });
        if (notify) await enqueueNotices(tx, event.type, event.to ?? complaint.status, { ...notify, message: event.note ?? null });
      }
      return notify !== null;
    });
    // Only a change that told someone has messages to send.
    if (told) deliverSoon();
    return { ok: true } as const;
  } catch (error) {
    if (error instanceof Stale) return { ok: false, error: "error.stale" } as const;
    throw error;
  }
}

/** The complaint as changed, for the notices of these events; null when no one is to be told. */
async function noticeContext(tx: Prisma.TransactionClient, id: number, events: EventSpec[]): Promise<NoticeContext | null> {
  if (!events.some((e) => noticesFor(e.type, e.to ?? "").length)) return null;
  return noticeContextOf(await tx.complaint.findUniqueOrThrow({ where: { id }, select: NOTICE_COLUMNS }));
}

/** Applies a reviewer's action; the caller has checked the role may take it and see the complaint. */
export async function applyReviewerAction(
  user: Reviewer,
  complaint: Complaint & { suggestedRoute: string },
  action: ReviewerAction,
  now = new Date(),
): Promise<Done> {
  if (action.version !== complaint.version) return { ok: false, error: "error.stale" };
  if (!intentAllowedIn(action.intent, complaint.status)) return { ok: false, error: "error.notAllowed" };
  const actor = { role: user.role, id: String(user.id) };

  switch (action.intent) {
    case "route": {
      // Overriding the suggestion needs a reason; confirming it does not.
      if (action.route !== complaint.suggestedRoute && !action.reason) return { ok: false, error: "error.route.reasonRequired" };
      const toBank = action.route === "bank";
      // Bulk routing comes through here too: a bank nobody answers for would sit on it unseen.
      if (toBank) {
        const refused = await bankCannotAnswer(complaint.id);
        if (refused) return refused;
      }
      const to: Status = toBank ? "routed_to_bank" : "routed_to_regulator";
      const dueAt = after(now, toBank ? creditorDays(0, days) : days.regulatorDays);
      const events: EventSpec[] = [{ type: "routed", to, public: true }];
      if (action.reason) events.push({ type: "note", to, note: action.reason, public: false });
      return change(
        complaint,
        actor,
        { status: to, routedTo: action.route, routedAt: now, dueAt, responseDueAt: toBank ? dueAt : null, extensionLevel: 0, awaitingInfo: false },
        events,
        now,
      );
    }
    case "reject": {
      let duplicateOfId: number | null = null;
      if (action.duplicateOf) {
        const code = normalizeComplaintCode(action.duplicateOf);
        const original = code ? await db.complaint.findUnique({ where: { code }, select: { id: true } }) : null;
        if (!original || original.id === complaint.id) return { ok: false, error: "error.duplicate.unknown" };
        duplicateOfId = original.id;
      }
      return change(
        complaint,
        actor,
        { status: "rejected", duplicateOfId, closedAt: now, awaitingInfo: false },
        [{ type: "rejected", to: "rejected", note: action.reason, public: true }],
        now,
      );
    }
    case "request_info":
      // The consumer gets a date to answer by; the holder's own deadline keeps running (domain/info-request.ts).
      return change(
        complaint,
        actor,
        { awaitingInfo: true, infoDueAt: after(now, INFO_ANSWER_DAYS) },
        [{ type: "info_requested", note: action.message, public: true }],
        now,
      );
    case "note":
      return change(complaint, actor, {}, [{ type: "note", note: action.message, public: false }], now);
    case "substantiate": {
      // Every category: one the consumer did not allege is recorded as found by the reviewer
      // (alleged false), and "no" on such a finding withdraws it; nothing is recorded of a
      // category neither alleged nor found.
      const key = { complaintId_category: { complaintId: complaint.id, category: action.category } };
      const row = await db.complaintCategory.findUnique({ where: key });
      const yes = action.substantiated === "yes";
      if (!row && !yes) return { ok: false, error: "error.category.notAlleged" };
      const found = !row || !row.alleged;
      const note = `${action.category}: ${action.substantiated}${found ? " (found by reviewer)" : ""}`;
      return change(complaint, actor, {}, [{ type: "substantiated", note, public: false }], now, (tx) =>
        !row
          ? tx.complaintCategory.create({ data: { complaintId: complaint.id, category: action.category, substantiated: true, alleged: false } })
          : row.alleged || yes
            ? tx.complaintCategory.update({ where: key, data: { substantiated: yes } })
            : tx.complaintCategory.delete({ where: key }),
      );
    }
    case "respond":
      // "In progress" is not an answer: the clock keeps running.
      if (action.outcome === "in_progress") {
        return change(complaint, actor, { outcome: "in_progress" }, [{ type: "response_in_progress", note: action.message, public: true }], now);
      }
      return change(
        complaint,
        actor,
        { status: "responded", outcome: action.outcome, respondedAt: now, dueAt: after(now, days.consumerAnswerDays), awaitingInfo: false },
        [{ type: "responded", to: "responded", note: action.message, public: true }],
        now,
      );
    case "extend": {
      // Up the 15 → 30 → 60 day ladder one step at a time, each period from routing; the last step
      // names who approved it inside the bank (docs/decisions/016-deadlines-as-the-law-counts-them.md).
      const step = nextExtension(complaint.extensionLevel);
      if (!step) return { ok: false, error: "error.extend.already" };
      if (step.needsApproval && !action.approvedBy) return { ok: false, error: "error.extend.approvalRequired" };
      const dueAt = after(complaint.routedAt ?? now, creditorDays(step.level, days));
      return change(
        complaint,
        actor,
        { extensionLevel: step.level, extensionReason: action.reason, dueAt, responseDueAt: dueAt },
        [
          { type: "extended", note: action.reason, public: true },
          ...(step.needsApproval ? [{ type: "extension_approved", note: action.approvedBy, public: true }] : []),
        ],
        now,
      );
    }
    case "correct_creditor":
      return correctCreditor(complaint, actor, action.institutionId, now);
    case "conclude":
      return change(
        complaint,
        actor,
        { status: "closed", finding: action.finding, closedAt: now, awaitingInfo: false },
        [{ type: "concluded", to: "closed", note: action.message, public: true }],
        now,
      );
    case "assign": {
      // Only to someone of the reviewer's own organisation; the event names them.
      const assignee = action.assignee === "none" ? null : await findColleague(user, action.assignee);
      if (action.assignee !== "none" && !assignee) return { ok: false, error: "error.assignee.outsider" };
      const event: EventSpec = assignee ? { type: "assigned", note: assignee.email, public: false } : { type: "unassigned", public: false };
      return change(complaint, actor, { assignedToId: assignee?.id ?? null }, [event], now);
    }
  }
}

/** Why the complaint's creditor cannot take it: not in the directory, or no active bank reviewer; null when it can. */
async function bankCannotAnswer(id: number): Promise<Refusal | null> {
  const { institutionId } = await db.complaint.findUniqueOrThrow({ where: { id }, select: { institutionId: true } });
  if (!institutionId) return { ok: false, error: "error.route.noInstitution" };
  const reviewers = await db.user.count({ where: { institutionId, role: "bank", disabled: false } });
  return reviewers ? null : { ok: false, error: "error.route.noBankReviewer", detail: institutionId };
}

/**
 * A regulator puts right the creditor a consumer named. Only while no bank has been given the
 * complaint: that bank has read it, and a new institution would find in its queue a complaint
 * nobody routed to it. The statistics follow through the StatsChange trigger on institutionId.
 */
async function correctCreditor(complaint: Complaint, actor: Actor, institutionId: string, now: Date): Promise<Done> {
  const [current, institution] = await Promise.all([
    db.complaint.findUniqueOrThrow({ where: { id: complaint.id }, select: { institutionId: true, institutionName: true, routedTo: true } }),
    db.institution.findUnique({ where: { id: institutionId } }),
  ]);
  if (!institution) return { ok: false, error: "error.creditor.unknown" };
  if (current.routedTo === "bank") return { ok: false, error: "error.creditor.withBank" };
  if (current.institutionId === institution.id) return { ok: false, error: "error.creditor.unchanged" };
  const from = current.institutionId ? `${current.institutionName} (${current.institutionId})` : current.institutionName;
  return change(complaint, actor, {}, [{ type: "creditor_corrected", note: `${from} → ${institution.nameZh} (${institution.id})`, public: true }], now, (tx) =>
    tx.complaint.update({ where: { id: complaint.id }, data: { institutionId: institution.id, institutionName: institution.nameZh } }),
  );
}

/** The consumer's answer to a bank's response, or to a request for information. */
export async function applyConsumerAnswer(
  complaint: Complaint,
  intent: "accept" | "dispute" | "answer_info",
  message: string | null,
  now = new Date(),
): Promise<Done> {
  const actor = { role: "consumer", id: null };
  if (intent === "answer_info") {
    if (!complaint.awaitingInfo || !isOpen(complaint.status)) return { ok: false, error: "error.notAllowed" };
    return change(complaint, actor, { awaitingInfo: false, infoDueAt: null }, [{ type: "info_answered", note: message, public: true }], now);
  }
  if (!(TRANSITIONS[intent].from as readonly string[]).includes(complaint.status)) return { ok: false, error: "error.notAllowed" };
  if (intent === "accept") {
    return change(complaint, actor, { status: "closed", closedAt: now }, [{ type: "accepted", to: "closed", note: message, public: true }], now);
  }
  return change(
    complaint,
    actor,
    { status: "escalated", dueAt: after(now, days.regulatorDays) },
    [{ type: "disputed", to: "escalated", note: message, public: true }],
    now,
  );
}

/** Escalates banks that missed their deadline and closes responses the consumer left unanswered. */
export async function runDeadlines(now = new Date()) {
  const due = await db.complaint.findMany({
    where: { status: { in: ["routed_to_bank", "responded"] }, dueAt: { lt: now } },
    select: { id: true, code: true, status: true, version: true, routedAt: true, extensionLevel: true, awaitingInfo: true },
    orderBy: { dueAt: "asc" },
  });
  const done: { code: string; from: string; to: Status }[] = [];
  for (const complaint of due) {
    const transition = dueTransition(complaint.status);
    if (!transition) continue;
    const to = TRANSITIONS[transition].to;
    const data: Prisma.ComplaintUpdateManyMutationInput =
      to === "escalated" ? { status: to, dueAt: after(now, days.regulatorDays) } : { status: to, closedAt: now };
    const result = await change(complaint, { role: "system", id: null }, data, [{ type: transition, to, public: true }], now);
    if (result.ok) done.push({ code: complaint.code, from: complaint.status, to });
  }
  return done;
}
