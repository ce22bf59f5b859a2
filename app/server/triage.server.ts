import type { Prisma } from "@prisma/client";
import { identifiesLine } from "~/domain/phone";
import type { RulePackId } from "~/domain/call-log/rules";
import { PERMISSIONS } from "~/domain/permissions";
import { decodeCursor, encodeCursor, TOTAL_CAP, TOTAL_CAP_READING_ROWS, type QueueFilter } from "~/domain/queue-filter";
import { recogniseSearch } from "~/domain/queue-search";
import { SUGGESTION_FACTS, suggestRoute } from "~/domain/routing";
import { OPEN_STATUSES, STATUSES } from "~/domain/status";
import { canSeePart } from "~/domain/visibility";
import { actorEmails } from "./assignment.server";
import type { Reviewer } from "./auth.server";
import { readAnalysis, reviewCallLogs } from "./call-log.server";
import { db } from "./db.server";
import { openContact } from "./personal-data.server";
import type { ReadConnection } from "./read-connection.server";
import { readDialect, readRows, sharedReader } from "./reads.server";
import type { Dialect } from "./sql-dialect.server";
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

/** The same scope as SQL, for the queries Prisma cannot express (row values, bounded counts). */
function visibleSql(user: Reviewer): { sql: string; args: unknown[] } {
  const { scope } = PERMISSIONS[user.role];
  if (scope === "all") return { sql: "TRUE", args: [] };
  if (scope === "own_institution" && user.institutionId) return { sql: `c."institutionId" = ? AND c."routedTo" = 'bank'`, args: [user.institutionId] };
  return { sql: "FALSE", args: [] };
}

/** Dates as Prisma stores them in SQLite (ISO text, +00:00), so that they compare as text; PostgreSQL reads the same text as the UTC timestamp. */
const sqlDate = (date: Date) => date.toISOString().replace("Z", "+00:00");

type SuggestionFacts = { sharingCollector: number; hasBankReviewer: number };

function suggestionFrom(
  complaint: { priorComplaint: boolean; categories: readonly string[]; strongCallFindings: number; breachingCalls: number },
  facts: SuggestionFacts,
) {
  return suggestRoute({
    categories: complaint.categories,
    priorComplaint: complaint.priorComplaint,
    complaintsSharingCollector: facts.sharingCollector,
    institutionHasBankReviewer: facts.hasBankReviewer === 1,
    strongCallFindings: complaint.strongCallFindings,
    breachingCalls: complaint.breachingCalls,
  });
}

/** Suggested routes for many complaints with one query. */
export async function suggestionsFor(
  complaints: { id: number; priorComplaint: boolean; categories: { category: string }[]; callLogFindings: string | null }[],
) {
  const ids = complaints.map((c) => c.id);
  const rows = ids.length
    ? await readRows<{ id: number } & SuggestionFacts>(
        `SELECT c."id", ${SUGGESTION_FACTS} FROM "Complaint" c WHERE c."id" IN (${ids.map(() => "?").join(",")})`,
        ids,
      )
    : [];
  const facts = new Map(rows.map((r) => [r.id, r]));
  return new Map(
    complaints.map((c) => {
      const categories = c.categories.map((x) => x.category);
      const analysis = readAnalysis(c.callLogFindings);
      const calls = { strongCallFindings: analysis?.strongFindings ?? 0, breachingCalls: analysis?.breachingCalls ?? 0 };
      return [c.id, suggestionFrom({ priorComplaint: c.priorComplaint, categories, ...calls }, facts.get(c.id) ?? { sharingCollector: 0, hasBankReviewer: 0 })];
    }),
  );
}

type QueueRow = {
  id: number;
  code: string;
  status: string;
  version: number;
  assignee: string | null;
  institutionId: string | null;
  institutionName: string;
  nameZh: string | null;
  nameEn: string | null;
  product: string;
  region: string;
  priorComplaint: number;
  awaitingInfo: number;
  createdAt: string;
  dueAt: string;
  categories: string | null;
  strongCallFindings: number | null;
  breachingCalls: number | null;
} & SuggestionFacts;

/**
 * Which complaints the filters keep, as SQL over `c`. Every status is asked for by name (the open
 * ones, all of them, or one), so SQLite walks each status's part of an index on
 * (…, status, dueAt, id) in order and stops after a page: the scope's, an institution's, a
 * province's, an agency's or an assignee's; a code or a collector number finds its few rows first.
 */
function queueWhere(user: Reviewer, filter: QueueFilter, now: Date, dialect: Dialect, perStatus = false) {
  const status = filter.status ?? "open";
  const asked: readonly string[] = status === "open" ? OPEN_STATUSES : status === "all" ? STATUSES : [status];
  const statuses = filter.overdue ? asked.filter((s) => (OPEN_STATUSES as readonly string[]).includes(s)) : asked;
  const scope = visibleSql(user);
  // perStatus: each status is walked apart (queueSql), its name from the list `s`.
  const statusSql = perStatus ? `c."status" = s."status"` : `c."status" IN (${statuses.map(() => "?").join(",")})`;
  const where = [scope.sql, statuses.length ? statusSql : "FALSE"];
  const args: unknown[] = [...scope.args, ...(perStatus ? [] : statuses)];
  const add = (sql: string, ...values: unknown[]) => {
    where.push(sql);
    args.push(...values);
  };
  if (filter.category)
    add(`EXISTS (SELECT 1 FROM "ComplaintCategory" cc WHERE cc."complaintId" = c."id" AND cc."category" = ? AND cc."alleged" = TRUE)`, filter.category);
  if (filter.institution) add(`c."institutionId" = ?`, filter.institution);
  if (filter.product) add(`c."product" = ?`, filter.product);
  if (filter.region) add(`c."region" = ?`, filter.region);
  if (filter.overdue) add(`c."dueAt" < ?`, sqlDate(now));
  if (filter.mine) add(`c."assignedToId" = ?`, user.id);
  const search = recogniseSearch(filter.q);
  if (search?.kind === "code") add(`c."code" = ?`, search.code);
  if (search?.kind === "agency") add(`c."agency" = ?`, search.agency);
  if (search?.kind !== "collector") return { from: `"Complaint" c`, where, args, statuses };
  // The fixed join keeps SQLite starting from the number's few complaints, not walking every open one to test each.
  return {
    from: `"CollectorPhone" p ${dialect.fixedJoin} "Complaint" c ON c."id" = p."complaintId"`,
    where: [`p."number" = ?`, ...where],
    args: [search.number, ...args],
    statuses,
  };
}

/**
 * One page of the queue as one statement. The keyset is a row value, which keeps the index's
 * order, where `dueAt > ? OR (dueAt = ? AND id > ?)` made SQLite gather and sort every match; a
 * previous page walks the same index backwards from the page's first row. The columns are read
 * for the page's rows only.
 */
function queueSql(user: Reviewer, filter: QueueFilter, now: Date, withSuggestions: boolean, dialect: Dialect) {
  const perStatus = !dialect.mergesInList;
  const { from, where, args, statuses } = queueWhere(user, filter, now, dialect, perStatus);
  const after = decodeCursor(filter.after);
  const before = decodeCursor(filter.before);
  if (after) where.push(`(c."dueAt", c."id") > (?, ?)`);
  if (after) args.push(sqlDate(after.dueAt), after.id);
  if (before) where.push(`(c."dueAt", c."id") < (?, ?)`);
  if (before) args.push(sqlDate(before.dueAt), before.id);
  const order = before ? `c."dueAt" DESC, c."id" DESC` : `c."dueAt", c."id"`;
  const log = dialect.parsedJson('c."callLogFindings"', "log");
  const walk = (columns: string) => `SELECT ${columns} FROM ${from} WHERE ${where.join(" AND ")} ORDER BY ${order} LIMIT ${PAGE_SIZE + 1}`;
  // PostgreSQL sorts every row of a status list before a page; a page of each status, merged, is read in index order.
  const page =
    perStatus && statuses.length
      ? `SELECT x."id" FROM (VALUES ${statuses.map(() => "(?)").join(", ")}) s("status") CROSS JOIN LATERAL (${walk(`c."id", c."dueAt"`)}) x
         ORDER BY ${order.replaceAll("c.", "x.")} LIMIT ${PAGE_SIZE + 1}`
      : walk(`c."id"`);
  if (perStatus) args.unshift(...statuses);
  const sql = `
    SELECT c."id", c."code", c."status", c."version", c."institutionId", c."institutionName", i."nameZh", i."nameEn", c."product", c."region",
      c."priorComplaint", c."awaitingInfo", c."createdAt", c."dueAt", a."email" AS "assignee",
      (SELECT ${dialect.joined('cc."category"', ",")} FROM "ComplaintCategory" cc WHERE cc."complaintId" = c."id" AND cc."alleged" = TRUE) AS "categories",
      ${dialect.jsonNumber(log.value, "strongFindings")} AS "strongCallFindings",
      ${dialect.jsonNumber(log.value, "breachingCalls")} AS "breachingCalls",
      ${withSuggestions ? SUGGESTION_FACTS : `0 AS "sharingCollector", 0 AS "hasBankReviewer"`}
    FROM (${page}) page
    JOIN "Complaint" c ON c."id" = page."id" ${log.join}
    LEFT JOIN "Institution" i ON i."id" = c."institutionId"
    LEFT JOIN "User" a ON a."id" = c."assignedToId"
    ORDER BY c."dueAt", c."id"`;
  return { sql, args, backwards: before !== null };
}

async function countQueue(user: Reviewer, filter: QueueFilter, now: Date, read: ReadConnection) {
  const cap = filter.category || filter.product ? TOTAL_CAP_READING_ROWS : TOTAL_CAP;
  const { from, where, args } = queueWhere(user, filter, now, read.dialect);
  const [{ n }] = await read.all<{ n: number }>(`SELECT COUNT(*) AS n FROM (SELECT 1 FROM ${from} WHERE ${where.join(" AND ")} LIMIT ${cap + 1}) capped`, args);
  return { count: Math.min(n, cap), more: n > cap };
}

/** `read`: the connection to read on (the comparison of the engines reads both). */
export async function listQueue(user: Reviewer, filter: QueueFilter, now = new Date(), read: ReadConnection = sharedReader()) {
  const showSuggestions = canSeePart(audienceOf(user), "suggestion");
  const { sql, args, backwards } = queueSql(user, filter, now, showSuggestions, read.dialect);
  const rows = (await read.all<QueueRow>(sql, args)).map((r) => {
    const categories = r.categories ? r.categories.split(",").sort() : [];
    const complaint = {
      id: r.id,
      code: r.code,
      status: r.status,
      version: r.version,
      institutionId: r.institutionId,
      institutionName: r.institutionName,
      institution: r.nameZh !== null && r.nameEn !== null ? { nameZh: r.nameZh, nameEn: r.nameEn } : null,
      product: r.product,
      region: r.region,
      priorComplaint: r.priorComplaint === 1,
      awaitingInfo: r.awaitingInfo === 1,
      createdAt: new Date(r.createdAt),
      dueAt: new Date(r.dueAt),
      assignee: r.assignee,
      categories: categories.map((category) => ({ category })),
    };
    const suggestion = showSuggestions
      ? suggestionFrom({ ...complaint, categories, strongCallFindings: r.strongCallFindings ?? 0, breachingCalls: r.breachingCalls ?? 0 }, r)
      : null;
    return { ...complaint, suggestion };
  });
  // The extra row tells whether there is more in the direction read: after the page, or before it.
  const more = rows.length > PAGE_SIZE;
  const page = backwards ? rows.slice(-PAGE_SIZE) : rows.slice(0, PAGE_SIZE);
  const first = page.at(0);
  const last = page.at(-1);
  const cursorOf = (row: typeof first) => (row ? encodeCursor(row.dueAt, row.id) : null);
  const next = backwards ? cursorOf(last) : more ? cursorOf(last) : null;
  const previous = backwards ? (more ? cursorOf(first) : null) : filter.after ? (cursorOf(first) ?? filter.after) : null;
  return { showSuggestions, complaints: page, next, previous, total: await countQueue(user, filter, now, read) };
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
/** `pack` null: the pack the complaint's findings were stored under (its creditor's kind's). */
export async function getForReviewer(user: Reviewer, code: string, pack: RulePackId | null = null, flaggedOnly = false) {
  const audience = audienceOf(user);
  // Categories a reviewer found, and what was substantiated, are the regulator's finding.
  const findings = canSeePart(audience, "substantiation");
  const complaint = await db.complaint.findFirst({
    where: { AND: [{ code }, visibleTo(user)] },
    include: {
      institution: true,
      categories: { where: findings ? {} : { alleged: true }, orderBy: { category: "asc" } },
      collectorPhones: { orderBy: { number: "asc" } },
      evidence: { orderBy: { id: "asc" } },
      events: { where: eventsReadBy(audience), orderBy: { id: "asc" } },
    },
  });
  if (!complaint) return null;
  const alleged = complaint.categories.filter((c) => c.alleged);
  const suggestion = canSeePart(audience, "suggestion") ? (await suggestionsFor([{ ...complaint, categories: alleged }])).get(complaint.id)! : null;
  // Withheld and unverified numbers identify no line: two complaints naming one are not a pattern.
  const numbers = complaint.collectorPhones.map((p) => p.number).filter(identifiesLine);
  const related = await relatedTo(user, complaint.id, numbers, complaint.agency);
  const { keyHash: _keyHash, callLogFindings, ...rest } = complaint;
  const visible = findings ? rest : { ...rest, categories: rest.categories.map((c) => ({ ...c, substantiated: null })) };
  const stored = readAnalysis(callLogFindings);
  const reviewed = stored ? await reviewCallLogs(complaint.id, pack ?? stored.pack, flaggedOnly) : null;
  // Who acted and who holds it, by e-mail, in one query: reviewers see the person, consumers only the role.
  const assignedTo = complaint.assignedToId === null ? null : String(complaint.assignedToId);
  const emails = await actorEmails([...complaint.events.map((e) => e.actorId), assignedTo]);
  return {
    actorEmails: emails,
    assignee: assignedTo ? (emails[assignedTo] ?? null) : null,
    complaint: openContact(visible),
    callLog: reviewed?.analysis ?? stored,
    calls: reviewed?.calls ?? [],
    callCounts: reviewed?.counts ?? { all: 0, flagged: 0, listed: 0 },
    suggestion,
    related: related.map((r) => ({
      code: r.code,
      status: r.status,
      createdAt: new Date(r.createdAt),
      sharedNumbers: (r.numbers?.split(",") ?? []).filter((n) => numbers.includes(n)),
      sameAgency: !!complaint.agency && r.agency === complaint.agency,
    })),
  };
}

const RELATED_LIMIT = 20;

/**
 * The newest complaints this reviewer may open that name one of these collector numbers or this
 * agency. Each side is cut to a page before they are merged: an agency can be named in a sixth of
 * all complaints, a number in hundreds.
 */
async function relatedTo(user: Reviewer, id: number, numbers: string[], agency: string | null) {
  const scope = visibleSql(user);
  const dialect = readDialect();
  const sides: string[] = [];
  const args: unknown[] = [];
  if (numbers.length) {
    // The fixed join keeps SQLite starting from the numbers (hundreds of rows), not from a bank's whole share of complaints.
    sides.push(`SELECT * FROM (SELECT c."id" FROM "CollectorPhone" p ${dialect.fixedJoin} "Complaint" c ON c."id" = p."complaintId"
      WHERE p."number" IN (${numbers.map(() => "?").join(",")}) AND c."id" <> ? AND ${scope.sql} ORDER BY c."id" DESC LIMIT ${RELATED_LIMIT}) by_number`);
    args.push(...numbers, id, ...scope.args);
  }
  if (agency) {
    sides.push(
      `SELECT * FROM (SELECT c."id" FROM "Complaint" c WHERE c."agency" = ? AND c."id" <> ? AND ${scope.sql} ORDER BY c."id" DESC LIMIT ${RELATED_LIMIT}) by_agency`,
    );
    args.push(agency, id, ...scope.args);
  }
  if (!sides.length) return [];
  return readRows<{ code: string; status: string; agency: string | null; createdAt: string; numbers: string | null }>(
    `SELECT c."code", c."status", c."agency", c."createdAt", (SELECT ${dialect.joined('p."number"', ",", `p."number"${dialect.byteOrder}`)} FROM "CollectorPhone" p WHERE p."complaintId" = c."id") AS "numbers"
     FROM (${sides.join(" UNION ")} ORDER BY "id" DESC LIMIT ${RELATED_LIMIT}) related JOIN "Complaint" c ON c."id" = related."id" ORDER BY c."id" DESC`,
    args,
  );
}

export async function getEvidenceForReviewer(user: Reviewer, code: string, evidenceId: number) {
  return db.evidence.findFirst({ where: { id: evidenceId, complaint: { AND: [{ code }, visibleTo(user)] } } });
}
