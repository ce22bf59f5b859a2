import type { Prisma } from "@prisma/client";
import fs from "node:fs";
import {
  complaintStateDigest,
  eventHash,
  firstBrokenEvent,
  GENESIS_HASH,
  positionAfter,
  sealOf,
  type Anchor,
  type AuditContent,
  type BrokenEvent,
  type ChainPosition,
} from "~/domain/audit-chain";
import { appendAnchor, checkAnchors, createAnchor } from "./audit-anchor.server";
import { SIGNED_HEAD_UPSERT } from "./audit-batch.server";
import { auditKey, existingAuditKey, headSignatureHolds, keyFile, otherKeyMessage, signHead, type AuditKey } from "./audit-key.server";
import { lockFor } from "./concurrency.server";
import { db } from "./db.server";
import { engine } from "./engine.server";
import { dialectOf } from "./sql-dialect.server";
import { insertRow } from "./sql-insert.server";

/** The complaint's rows its state digest covers; ComplaintState says what is left out and why. */
const STATE_SELECT = {
  code: true,
  createdAt: true,
  source: true,
  externalId: true,
  status: true,
  institutionId: true,
  institutionName: true,
  agency: true,
  product: true,
  region: true,
  incidentStart: true,
  incidentEnd: true,
  narrative: true,
  desiredResolution: true,
  priorComplaint: true,
  consent: true,
  routedTo: true,
  routedAt: true,
  dueAt: true,
  extensionLevel: true,
  extensionReason: true,
  awaitingInfo: true,
  outcome: true,
  respondedAt: true,
  finding: true,
  duplicateOfId: true,
  closedAt: true,
  categories: { select: { category: true, substantiated: true, alleged: true } },
  collectorPhones: { select: { number: true, typed: true } },
  evidence: { select: { sha256: true } },
} satisfies Prisma.ComplaintSelect;

export type StateRow = Prisma.ComplaintGetPayload<{ select: typeof STATE_SELECT }>;

// Collector numbers as typed: re-keying them (better phone metadata) must not look like tampering.
function digestOf(row: StateRow): string {
  const collectorPhones = row.collectorPhones.map((p) => p.typed ?? p.number);
  return complaintStateDigest({ ...row, collectorPhones, evidence: row.evidence.map((e) => e.sha256) });
}

/** The upsert that makes (eventId, hash) the signed head of the chain. */
export function signedHeadUpsert(key: AuditKey, eventId: number, hash: string, signedAt = new Date()) {
  const data = { eventId, hash, signedAt, keyId: key.keyId, signature: signHead(key, { eventId, hash, signedAt }) };
  return { where: { id: 1 }, create: { id: 1, ...data }, update: data };
}

// Written as SQL rather than through Prisma's models: their shape never changes, and Prisma plans
// each model statement afresh every time, which was most of a filing's CPU (issue 12).
const CHAIN_END = 'SELECT (SELECT "keyId" FROM "AuditHead" WHERE "id" = 1) AS "keyId", (SELECT "hash" FROM "Event" ORDER BY "id" DESC LIMIT 1) AS "hash"';

/**
 * Appends one event to the chain. Call inside the transaction that makes the change it
 * records, after the change: the event's hash covers the complaint's state as this
 * transaction leaves it, and the head is signed again. Appends wait for one another until the
 * appender commits, whichever instance they run on, so no two events follow the same one.
 * `written`: that state, when the caller holds it already (the rows it has just inserted), so
 * it is not read back.
 */
export async function appendEvent(
  tx: Prisma.TransactionClient,
  content: Omit<AuditContent, "createdAt" | "stateDigest"> & { createdAt?: Date },
  written?: StateRow,
) {
  const key = auditKey();
  const dialect = dialectOf(engine());
  await lockFor(tx, "auditChain");
  const [end] = await tx.$queryRawUnsafe<{ keyId: string | null; hash: string | null }[]>(CHAIN_END);
  // Sealing with another key would break the chain from here on: refuse, and say which key is wanted.
  if (end.keyId !== null && end.keyId !== key.keyId) throw new Error(otherKeyMessage(end.keyId, key));
  const prevHash = end.hash ?? GENESIS_HASH;
  const state =
    content.complaintId === null ? null : (written ?? (await tx.complaint.findUnique({ where: { id: content.complaintId }, select: STATE_SELECT })));
  const full: AuditContent = { ...content, createdAt: content.createdAt ?? new Date(), stateDigest: state ? digestOf(state) : null };
  const hash = eventHash(full, prevHash);
  const event = { ...full, stateDigest: full.stateDigest ?? null, prevHash, hash, seal: sealOf(key.sealKey, hash) };
  const id = await insertRow(tx, "Event", event);
  const signedAt = new Date();
  const signature = signHead(key, { eventId: id, hash, signedAt });
  await tx.$executeRawUnsafe(dialect.numbered(SIGNED_HEAD_UPSERT), id, hash, signedAt, key.keyId, signature);
  return { id, ...event };
}

/** The hash of a complaint's latest event, shown on its receipt and tracking page. */
export async function latestEventHash(complaintId: number): Promise<string | null> {
  const event = await db.event.findFirst({ where: { complaintId }, orderBy: { id: "desc" }, select: { hash: true } });
  return event?.hash ?? null;
}

export type AuditProblem = {
  kind: "event" | "head" | "key" | "anchor" | "complaint";
  reason: string;
  /** One line naming the first bad event, anchor or complaint, for people. */
  message: string;
  /** The first bad (or missing) event, when one can be named. */
  id?: number;
  code?: string;
  line?: number;
};

export type AuditVerification =
  | {
      ok: true;
      checked: number;
      /** complaints whose current rows match their latest event's state digest */
      complaints: number;
      /** complaints whose latest event carries no state digest (written before digests) */
      unchecked: number;
      anchors: number;
      lastAnchor: Anchor | null;
      head: { eventId: number; hash: string } | null;
      keyId: string | null;
    }
  | ({ ok: false; checked: number } & AuditProblem);

const WHY: Record<BrokenEvent["reason"], string> = {
  prev: "its predecessor is missing or was reordered",
  hash: "its content was changed",
  seal: "its seal does not match: the hashes were recomputed from here on",
  unsealed: "its seal was removed",
};

type Walk = { checked: number; position: ChainPosition; last: { id: number; hash: string } | null };

/** Walks the chain from where `walk` stopped to its end, a page of 1,000 at a time, so memory stays flat. */
async function walkChain(walk: Walk, key: AuditKey | null, progress?: (checked: number) => void): Promise<AuditProblem | null> {
  for (;;) {
    const after: number = walk.last?.id ?? 0;
    const page = await db.event.findMany({ where: { id: { gt: after } }, orderBy: { id: "asc" }, take: 1000 });
    if (!page.length) return null;
    const broken = firstBrokenEvent(page, walk.position, key?.sealKey);
    if (broken) return { kind: "event", ...broken, message: `audit chain broken at event ${broken.id} (${WHY[broken.reason]})` };
    walk.position = positionAfter(page, walk.position);
    walk.last = page[page.length - 1];
    walk.checked += page.length;
    progress?.(walk.checked);
  }
}

/** The chain's end against the signed head: nothing deleted from the end, nothing recomputed, nothing added unsigned. */
function headProblem(head: AuditHeadRow | null, walk: Walk, key: AuditKey | null): AuditProblem | null {
  const { last } = walk;
  if (!last && !head) return null;
  if (!key)
    return {
      kind: "key",
      reason: "missing",
      message: `no audit signing key (AUDIT_SIGNING_KEY or ${keyFile()}): the seals and the signed head cannot be checked`,
    };
  if (!head) {
    const hint = walk.position.sealed ? "the last events may have been deleted" : "if this database predates signed heads, run npm run audit:anchor once";
    return { kind: "head", reason: "missing", message: `audit chain unsigned: the signed head is missing (${hint})` };
  }
  if (!headSignatureHolds(key.publicKey, head, head.signature)) {
    return {
      kind: "head",
      reason: "signature",
      id: head.eventId,
      message: `audit chain head (event ${head.eventId}) does not carry a valid signature of key ${key.keyId}: it was forged or edited`,
    };
  }
  if (!last || head.eventId > last.id) {
    const first = (last?.id ?? 0) + 1;
    const end = last ? `event ${last.id}` : "nothing";
    return {
      kind: "head",
      reason: "truncated",
      id: first,
      message: `audit chain truncated at event ${first}: the signed head is event ${head.eventId}, but the chain ends at ${end} (the last events were deleted)`,
    };
  }
  if (head.eventId < last.id) {
    return {
      kind: "head",
      reason: "unsigned",
      id: head.eventId + 1,
      message: `audit chain broken at event ${head.eventId + 1}: added after the signed head without signing it`,
    };
  }
  if (head.hash !== last.hash) {
    return {
      kind: "head",
      reason: "recomputed",
      id: last.id,
      message: `audit chain broken at event ${last.id}: it is not the event that was signed (the chain was recomputed)`,
    };
  }
  return null;
}

type AuditHeadRow = { eventId: number; hash: string; signedAt: Date; keyId: string; signature: string };

/** A complaint's rows and its latest event's digest, read in one transaction: a consistent pair. */
async function complaintMatches(id: number): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const row = await tx.complaint.findUnique({ where: { id }, select: STATE_SELECT });
    const event = await tx.event.findFirst({ where: { complaintId: id }, orderBy: { id: "desc" }, select: { stateDigest: true } });
    return row !== null && event !== null && (event.stateDigest === null || digestOf(row) === event.stateDigest);
  });
}

/** Every complaint's current rows against its latest event's state digest, 1,000 complaints at a time. */
async function checkComplaints(): Promise<{ problem: AuditProblem } | { complaints: number; unchecked: number }> {
  let complaints = 0;
  let unchecked = 0;
  let cursor = 0;
  for (;;) {
    const rows = await db.complaint.findMany({ where: { id: { gt: cursor } }, orderBy: { id: "asc" }, take: 1000, select: { id: true, ...STATE_SELECT } });
    if (!rows.length) return { complaints, unchecked };
    // By id range rather than a list of ids: SQLite caps the number of bound parameters.
    const events = await db.$queryRaw<{ id: bigint; complaintId: bigint; stateDigest: string | null }[]>`
      SELECT "id", "complaintId", "stateDigest" FROM "Event" WHERE "id" IN (
        SELECT MAX("id") FROM "Event" WHERE "complaintId" > ${cursor} AND "complaintId" <= ${rows[rows.length - 1].id} GROUP BY "complaintId")`;
    const latestOf = new Map(events.map((e) => [Number(e.complaintId), { id: Number(e.id), stateDigest: e.stateDigest }]));
    for (const row of rows) {
      const event = latestOf.get(row.id);
      if (event?.stateDigest === null) {
        unchecked++;
        continue;
      }
      // The two reads above are not one snapshot: a complaint that changed in between is read again, consistently.
      if (!event || (digestOf(row) !== event.stateDigest && !(await complaintMatches(row.id)))) {
        const message = event
          ? `complaint ${row.code} no longer matches its latest event (event ${event.id}): its row, categories, collector numbers or evidence were changed outside the app`
          : `complaint ${row.code} has no event in the audit chain`;
        return { problem: { kind: "complaint", reason: event ? "state" : "no-event", code: row.code, id: event?.id, message } };
      }
      complaints++;
    }
    cursor = rows[rows.length - 1].id;
  }
}

/**
 * Checks everything the audit trail claims, stopping at the first failure: the chain
 * (hashes, links, seals); its end against the signed head; the anchors in `anchorFile`, when
 * given; then every complaint's current rows against its latest event. Safe while the app
 * runs: events only ever get appended, and what changed meanwhile is read again.
 */
export async function verifyAuditChain(progress?: (checked: number) => void, options: { anchorFile?: string | null } = {}): Promise<AuditVerification> {
  const key = existingAuditKey();
  const walk: Walk = { checked: 0, position: { prevHash: GENESIS_HASH, sealed: false }, last: null };
  const fail = (problem: AuditProblem) => ({ ok: false as const, checked: walk.checked, ...problem });

  const first = await db.auditHead.findUnique({ where: { id: 1 } });
  // The wrong key would make every seal look forged: say so instead.
  if (first && key && first.keyId !== key.keyId) return fail({ kind: "key", reason: "other", message: otherKeyMessage(first.keyId, key) });
  let head: AuditHeadRow | null;
  for (;;) {
    const broken = await walkChain(walk, key, progress);
    if (broken) return fail(broken);
    head = await db.auditHead.findUnique({ where: { id: 1 } });
    // Events appended while we walked moved the head on: walk on to it.
    const movedOn = head && walk.last && head.eventId > walk.last.id && (await db.event.count({ where: { id: head.eventId } })) > 0;
    if (!movedOn) break;
  }
  const wrongHead = headProblem(head, walk, key);
  if (wrongHead) return fail(wrongHead);

  let anchors = 0;
  let lastAnchor: Anchor | null = null;
  if (options.anchorFile && fs.existsSync(options.anchorFile)) {
    const result = await checkAnchors(
      options.anchorFile,
      key,
      async (id) => (await db.event.findUnique({ where: { id }, select: { hash: true } }))?.hash ?? null,
    );
    if (!result.ok) {
      const { reason, eventId, line, message } = result.problem;
      return fail({ kind: "anchor", reason, id: eventId ?? undefined, line, message });
    }
    anchors = result.anchors;
    lastAnchor = result.last;
  }

  const complaints = await checkComplaints();
  if ("problem" in complaints) return fail(complaints.problem);
  const { last } = walk;
  return {
    ok: true,
    checked: walk.checked,
    ...complaints,
    anchors,
    lastAnchor,
    head: last && { eventId: last.id, hash: last.hash },
    keyId: key?.keyId ?? null,
  };
}

/**
 * A chain written before signed heads has no head and no seals: the first anchor signs its
 * last event as it stands, so it is covered from then on. Refused once any event is sealed,
 * since then a missing head means the end was deleted.
 */
async function signUnsignedChain(key: AuditKey): Promise<boolean> {
  return db.$transaction(async (tx) => {
    await lockFor(tx, "auditChain");
    if (await tx.auditHead.findUnique({ where: { id: 1 } })) return false;
    if (await tx.event.findFirst({ where: { seal: { not: null } }, select: { id: true } })) return false;
    const last = await tx.event.findFirst({ orderBy: { id: "desc" }, select: { id: true, hash: true } });
    if (!last) return false;
    await tx.auditHead.create({ data: signedHeadUpsert(key, last.id, last.hash).create });
    return true;
  });
}

/**
 * Verifies the chain (against the anchors already in `file`), then signs its head as an
 * anchor and appends it to `file` when given. A broken chain is never anchored.
 */
export async function anchorAuditChain(file: string | null, progress?: (checked: number) => void, now = new Date()) {
  const key = auditKey();
  let verification = await verifyAuditChain(progress, { anchorFile: file });
  // Only a chain whose every hash held gets here with "missing": sign it as it stands, and check again.
  if (!verification.ok && verification.kind === "head" && verification.reason === "missing" && (await signUnsignedChain(key))) {
    verification = await verifyAuditChain(progress, { anchorFile: file });
  }
  if (!verification.ok) return verification;
  if (!verification.head)
    return { ok: false as const, checked: 0, kind: "head" as const, reason: "empty", message: "the audit chain is empty: nothing to anchor" };
  const anchor = createAnchor(key, verification.head, now);
  if (file) appendAnchor(file, anchor);
  return { ok: true as const, anchor, verification };
}
