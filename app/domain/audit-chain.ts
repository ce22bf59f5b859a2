import { createHash } from "node:crypto";

/**
 * The audit log is one hash chain: each event's hash covers its own content and
 * the previous event's hash, so editing, removing or reordering any event breaks
 * every hash after it.
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
};

export function eventHash(content: AuditContent, prevHash: string): string {
  // A fixed field order, so the same event always hashes the same way.
  const canonical = JSON.stringify([
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
  ]);
  return createHash("sha256").update(canonical).digest("hex");
}

export type ChainedEvent = AuditContent & { id: number; prevHash: string; hash: string };

/** The first event that does not fit the chain, or null when all of it holds. */
export function firstBrokenEvent(events: ChainedEvent[], startAfter = GENESIS_HASH): { id: number; reason: "prev" | "hash" } | null {
  let prev = startAfter;
  for (const event of events) {
    if (event.prevHash !== prev) return { id: event.id, reason: "prev" };
    if (eventHash(event, prev) !== event.hash) return { id: event.id, reason: "hash" };
    prev = event.hash;
  }
  return null;
}
