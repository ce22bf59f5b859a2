import { createHash, createHmac } from "node:crypto";
import { z } from "zod";

/**
 * The audit log is one hash chain: each event's hash covers its own content, the digest of
 * the complaint's state it produced, and the previous event's hash, so editing, removing or
 * reordering any event breaks every hash after it, and editing a complaint or its evidence
 * afterwards no longer matches its latest event. Each event also carries a seal (an HMAC of
 * its hash under a key outside the database), so whoever recomputes the hashes without that
 * key is caught at the first event they changed. See docs/decisions/010-audit-trail.md.
 */

export const GENESIS_HASH = "0".repeat(64);

export type AuditContent = {
  complaintId: number | null;
  type: string;
  actorRole: string;
  actorId: string | null;
  fromStatus: string | null;
  toStatus: string | null;
  note: string | null;
  public: boolean;
  createdAt: Date;
  /** complaintStateDigest of the complaint after the change; null when the event records no state. */
  stateDigest?: string | null;
};

/**
 * Events written before state digests and seals (`sealed` false) keep their original
 * formula, so a database from before this change still verifies; every sealed event
 * includes its state digest.
 */
export function eventHash(content: AuditContent, prevHash: string, sealed = true): string {
  // A fixed field order, so the same event always hashes the same way.
  const fields: unknown[] = [
    prevHash,
    content.complaintId,
    content.type,
    content.actorRole,
    content.actorId,
    content.fromStatus,
    content.toStatus,
    content.note,
    content.public,
    content.createdAt.toISOString(),
  ];
  if (sealed) fields.push(content.stateDigest ?? null);
  return createHash("sha256").update(JSON.stringify(fields)).digest("hex");
}

/** The seal of an event: an HMAC of its hash. `sealKey` never leaves the server's secrets. */
export function sealOf(sealKey: Buffer, hash: string): string {
  return createHmac("sha256", sealKey).update(hash).digest("hex");
}

/**
 * What an event's state digest covers: the fields that make up the record of the case and
 * the consumer's account of it. Left out on purpose: the access key's hash and the contact
 * details (credentials and personal data that may be changed, rotated or re-encrypted without
 * changing the case), the version counter and updatedAt (bookkeeping), the locale, and the
 * call-log findings (recomputed from the evidence files whenever the rules change; the files
 * themselves are covered by their SHA-256), and responseDueAt (a copy of dueAt kept when the
 * answer replaces it: the routing and extension events' digests already cover it as dueAt, and
 * leaving it out keeps the digests recorded before the column existed valid).
 */
export type ComplaintState = {
  code: string;
  createdAt: Date;
  source: string;
  externalId: string | null;
  status: string;
  institutionId: string | null;
  institutionName: string;
  agency: string | null;
  product: string;
  region: string;
  incidentStart: string;
  incidentEnd: string | null;
  narrative: string;
  desiredResolution: string | null;
  priorComplaint: boolean;
  consent: boolean;
  routedTo: string | null;
  routedAt: Date | null;
  dueAt: Date;
  extensionLevel: number;
  extensionReason: string | null;
  awaitingInfo: boolean;
  outcome: string | null;
  respondedAt: Date | null;
  finding: string | null;
  duplicateOfId: number | null;
  closedAt: Date | null;
  /** `alleged` false: a reviewer found it (issue 14); missing or true: the consumer alleged it. */
  categories: { category: string; substantiated: boolean | null; alleged?: boolean }[];
  collectorPhones: string[];
  /** The SHA-256 of every evidence file (one entry per evidence row). */
  evidence: string[];
};

const iso = (date: Date | null) => (date ? date.toISOString() : null);
const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A canonical SHA-256 of a complaint's state: fixed field order, lists sorted, dates in ISO form. */
export function complaintStateDigest(state: ComplaintState): string {
  const canonical = JSON.stringify([
    state.code,
    iso(state.createdAt),
    state.source,
    state.externalId,
    state.status,
    state.institutionId,
    state.institutionName,
    state.agency,
    state.product,
    state.region,
    state.incidentStart,
    state.incidentEnd,
    state.narrative,
    state.desiredResolution,
    state.priorComplaint,
    state.consent,
    state.routedTo,
    iso(state.routedAt),
    iso(state.dueAt),
    // Written as the boolean it replaced while it can be one (levels 0 and 1), so that digests
    // recorded before the extension ladder still hold.
    state.extensionLevel <= 1 ? state.extensionLevel === 1 : state.extensionLevel,
    state.extensionReason,
    state.awaitingInfo,
    state.outcome,
    iso(state.respondedAt),
    state.finding,
    state.duplicateOfId,
    iso(state.closedAt),
    // An alleged category is written as before reviewers could find one, so old digests still hold.
    [...state.categories]
      .sort((a, b) => byCodeUnit(a.category, b.category))
      .map((c) => (c.alleged === false ? [c.category, c.substantiated, "found_by_reviewer"] : [c.category, c.substantiated])),
    [...state.collectorPhones].sort(byCodeUnit),
    [...state.evidence].sort(byCodeUnit),
  ]);
  return createHash("sha256").update(canonical).digest("hex");
}

export type ChainedEvent = AuditContent & { id: number; prevHash: string; hash: string; seal?: string | null };

export type BrokenEvent = {
  id: number;
  /** prev: its predecessor is missing or was reordered; hash: its content was changed; seal: its hash was recomputed without the key; unsealed: an unsealed event after sealed ones. */
  reason: "prev" | "hash" | "seal" | "unsealed";
};

export type ChainPosition = { prevHash: string; sealed: boolean };

/**
 * The first event that does not fit the chain, or null when all of it holds. Seals are
 * checked when the seal key is given. `start` is where the page before ended, so a long
 * chain is checked a page at a time.
 */
export function firstBrokenEvent(events: ChainedEvent[], start: string | ChainPosition = GENESIS_HASH, sealKey?: Buffer): BrokenEvent | null {
  let { prevHash, sealed } = typeof start === "string" ? { prevHash: start, sealed: false } : start;
  for (const event of events) {
    const isSealed = event.seal != null;
    if (event.prevHash !== prevHash) return { id: event.id, reason: "prev" };
    if (eventHash(event, prevHash, isSealed) !== event.hash) return { id: event.id, reason: "hash" };
    // Once the chain is sealed it stays sealed: dropping a seal would turn an event back into the old formula.
    if (sealed && !isSealed) return { id: event.id, reason: "unsealed" };
    if (isSealed && sealKey && sealOf(sealKey, event.hash) !== event.seal) return { id: event.id, reason: "seal" };
    prevHash = event.hash;
    sealed ||= isSealed;
  }
  return null;
}

/** The chain's position after these events, to check the next page from. */
export function positionAfter(events: ChainedEvent[], before: ChainPosition): ChainPosition {
  if (!events.length) return before;
  return { prevHash: events[events.length - 1].hash, sealed: before.sealed || events.some((e) => e.seal != null) };
}

/**
 * A signed chain head: the bytes that are signed, in a form anyone can rebuild from an anchor
 * line to check it with the public key.
 */
export type ChainHead = { eventId: number; hash: string; signedAt: Date };

export function headMessage(head: ChainHead): string {
  return `collection-watch audit head v1\n${head.eventId}\n${head.hash}\n${head.signedAt.toISOString()}`;
}

/** One line of an anchor file: a signed head, with the public key that checks it. */
export const anchorSchema = z.object({
  eventId: z.number().int().positive(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  signedAt: z.iso.datetime(),
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  publicKey: z.string().min(1),
  signature: z.string().min(1),
});
export type Anchor = z.infer<typeof anchorSchema>;
