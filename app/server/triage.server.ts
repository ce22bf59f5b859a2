import type { Prisma } from "@prisma/client";
import { DEFAULT_RULE_PACK, type RulePackId } from "~/domain/call-log/rules";
import { PERMISSIONS } from "~/domain/permissions";
import { decodeCursor, encodeCursor, type QueueFilter } from "~/domain/queue-filter";
import { suggestRoute } from "~/domain/routing";
import { OPEN_STATUSES } from "~/domain/status";
import { canSeePart } from "~/domain/visibility";
import type { Reviewer } from "./auth.server";
import { readAnalysis, reviewCallLogs } from "./call-log.server";
import { db } from "./db.server";
import { openContact } from "./personal-data.server";
import { eventsReadBy } from "./visibility.server";

export const PAGE_SIZE = 25;

/**
 * What this reviewer may see, from their role's scope in the permission table: everything for a
 * regulator, their institution's routed complaints for a bank; anything else must look like it
 * does not exist.
 */
export function visibleTo(user: Reviewer): Prisma.ComplaintWhereInput {
  const { scope } = PERMISSIONS[user.role];
  if (scope === "all") return {};
  if (scope === "own_institution" && user.institutionId) return { institutionId: user.institutionId, routedTo: "bank" };
  return { id: -1 };
}

/** Suggested routes for many complaints with three queries, not three per complaint. */
export async function suggestionsFor(
  complaints: { id: number; institutionId: string | null; priorComplaint: boolean; categories: { category: string }[]; callLogFindings: string | null }[],
) {
  const ids = complaints.map((c) => c.id);
  const phones = await db.collectorPhone.findMany({ where: { complaintId: { in: ids } } });
  const numbers = [...new Set(phones.map((p) => p.number))];
  const shared = await db.collectorPhone.findMany({ where: { number: { in: numbers } }, select: { number: true, complaintId: true } });
  const reviewers = await db.user.findMany({
    where: { role: "bank", disabled: false, institutionId: { in: complaints.map((c) => c.institutionId).filter((i): i is string => !!i) } },
    select: { institutionId: true },
  });
  const withReviewer = new Set(reviewers.map((r) => r.institutionId));
  return new Map(
    complaints.map((c) => {
      const mine = new Set(phones.filter((p) => p.complaintId === c.id).map((p) => p.number));
      const others = new Set(shared.filter((s) => mine.has(s.number) && s.complaintId !== c.id).map((s) => s.complaintId));
      return [
        c.id,
        suggestRoute({
          categories: c.categories.map((x) => x.category),
          priorComplaint: c.priorComplaint,
          complaintsSharingCollector: others.size,
          institutionHasBankReviewer: c.institutionId !== null && withReviewer.has(c.institutionId),
          strongCallFindings: readAnalysis(c.callLogFindings)?.strongFindings ?? 0,
        }),
      ];
    }),
  );
}

export async function listQueue(user: Reviewer, filter: QueueFilter, now = new Date()) {
  const status = filter.status ?? "open";
  const where: Prisma.ComplaintWhereInput = {
    AND: [
      visibleTo(user),
      status === "open" ? { status: { in: [...OPEN_STATUSES] } } : status === "all" ? {} : { status },
      filter.category ? { categories: { some: { category: filter.category } } } : {},
      filter.institution ? { institutionId: filter.institution } : {},
      filter.product ? { product: filter.product } : {},
      filter.region ? { region: filter.region } : {},
      filter.overdue ? { dueAt: { lt: now }, status: { in: [...OPEN_STATUSES] } } : {},
    ],
  };
  const cursor = decodeCursor(filter.after);
  const rows = await db.complaint.findMany({
    where: cursor ? { AND: [where, { OR: [{ dueAt: { gt: cursor.dueAt } }, { dueAt: cursor.dueAt, id: { gt: cursor.id } }] }] } : where,
    orderBy: [{ dueAt: "asc" }, { id: "asc" }],
    take: PAGE_SIZE + 1,
    select: {
      id: true,
      code: true,
      status: true,
      institutionId: true,
      institutionName: true,
      institution: { select: { nameZh: true, nameEn: true } },
      product: true,
      region: true,
      priorComplaint: true,
      awaitingInfo: true,
      callLogFindings: true,
      createdAt: true,
      dueAt: true,
      categories: { select: { category: true } },
    },
  });
  const page = rows.slice(0, PAGE_SIZE);
  const suggestions = canSeePart(audienceOf(user), "suggestion") ? await suggestionsFor(page) : null;
  const last = page.at(-1);
  return {
    showSuggestions: suggestions !== null,
    complaints: page.map(({ callLogFindings: _findings, ...c }) => ({ ...c, suggestion: suggestions?.get(c.id) ?? null })),
    next: rows.length > PAGE_SIZE && last ? encodeCursor(last.dueAt, last.id) : null,
  };
}

/** Reviewers read complaints as one of the visibility table's audiences; admins and analysts read none. */
function audienceOf(user: Reviewer) {
  if (user.role === "regulator" || user.role === "bank") return user.role;
  throw new Response("Not found", { status: 404 });
}

/**
 * One complaint as a reviewer sees it, or null when it does not exist for them: only the events
 * and parts the visibility table gives their role. Its call logs as stored for `pack`, every call
 * or only the flagged ones.
 */
export async function getForReviewer(user: Reviewer, code: string, pack: RulePackId = DEFAULT_RULE_PACK, flaggedOnly = false) {
  const audience = audienceOf(user);
  const complaint = await db.complaint.findFirst({
    where: { AND: [{ code }, visibleTo(user)] },
    include: {
      institution: true,
      categories: { orderBy: { category: "asc" } },
      collectorPhones: true,
      evidence: { orderBy: { id: "asc" } },
      events: { where: eventsReadBy(audience), orderBy: { id: "asc" } },
    },
  });
  if (!complaint) return null;
  const suggestion = canSeePart(audience, "suggestion") ? (await suggestionsFor([complaint])).get(complaint.id)! : null;
  const numbers = complaint.collectorPhones.map((p) => p.number);
  const related = await db.complaint.findMany({
    where: {
      AND: [
        visibleTo(user),
        { id: { not: complaint.id } },
        {
          OR: [
            ...(numbers.length ? [{ collectorPhones: { some: { number: { in: numbers } } } }] : []),
            ...(complaint.agency ? [{ agency: complaint.agency }] : []),
          ],
        },
      ],
    },
    select: { code: true, status: true, agency: true, createdAt: true, collectorPhones: { select: { number: true } } },
    orderBy: { id: "desc" },
    take: 20,
  });
  const { keyHash: _keyHash, callLogFindings, ...visible } = complaint;
  const reviewed = callLogFindings ? await reviewCallLogs(complaint.id, pack, flaggedOnly) : null;
  return {
    complaint: openContact(visible),
    callLog: reviewed?.analysis ?? readAnalysis(callLogFindings),
    calls: reviewed?.calls ?? [],
    callCounts: reviewed?.counts ?? { all: 0, flagged: 0, listed: 0 },
    suggestion,
    related: related.map((r) => ({
      code: r.code,
      status: r.status,
      createdAt: r.createdAt,
      sharedNumbers: r.collectorPhones.map((p) => p.number).filter((n) => numbers.includes(n)),
      sameAgency: !!complaint.agency && r.agency === complaint.agency,
    })),
  };
}

export async function getEvidenceForReviewer(user: Reviewer, code: string, evidenceId: number) {
  return db.evidence.findFirst({ where: { id: evidenceId, complaint: { AND: [{ code }, visibleTo(user)] } } });
}
