import { eventHash, GENESIS_HASH, sealOf, type AuditContent } from "~/domain/audit-chain";
import { auditKey, otherKeyMessage, signHead, type AuditKey } from "./audit-key.server";
import type { BulkRow, BulkTransaction } from "./bulk-connection.server";

const EVENT_COLUMNS = [
  "id",
  "complaintId",
  "type",
  "actorRole",
  "actorId",
  "fromStatus",
  "toStatus",
  "note",
  "public",
  "createdAt",
  "prevHash",
  "hash",
  "stateDigest",
  "seal",
] as const;

/** Makes (eventId, hash) the signed head; its values: eventId, hash, signedAt, keyId, signature. */
export const SIGNED_HEAD_UPSERT = `INSERT INTO "AuditHead" ("id", "eventId", "hash", "signedAt", "keyId", "signature") VALUES (1, ?, ?, ?, ?, ?)
     ON CONFLICT ("id") DO UPDATE SET "eventId" = excluded."eventId", "hash" = excluded."hash", "signedAt" = excluded."signedAt",
       "keyId" = excluded."keyId", "signature" = excluded."signature"`;

/**
 * Appends many events to the audit chain in a bulk job's batch (bulk-connection.server.ts), with
 * appendEvent's rules: each event's hash covers its content, its state digest and the previous
 * hash; each is sealed; the head is signed once, at the end. It takes the chain's lock first (on
 * PostgreSQL the app's advisory lock, held until the batch commits), then reads where the chain
 * ends, so a server appending meanwhile on the same database only moves where the batch starts.
 * Call last in the batch, after the rows the events are about: the lock is held the shortest time.
 */
export async function appendEvents(tx: BulkTransaction, events: AuditContent[], key: AuditKey = auditKey(), signedAt = new Date()) {
  if (!events.length) return;
  await tx.lock("auditChain");
  const [head] = await tx.all<{ keyId: string }>('SELECT "keyId" FROM "AuditHead" WHERE "id" = 1');
  // Sealing with another key would break the chain from here on.
  if (head && head.keyId !== key.keyId) throw new Error(otherKeyMessage(head.keyId, key));
  const [end] = await tx.all<{ hash: string }>('SELECT "hash" FROM "Event" ORDER BY "id" DESC LIMIT 1');
  // Under the lock: no one else takes an event id until this batch commits, so the ids follow the chain's order.
  const ids = await tx.newIds("Event", events.length);
  let prevHash = end?.hash ?? GENESIS_HASH;
  const rows: BulkRow[] = events.map((content, i) => {
    const hash = eventHash(content, prevHash);
    const row = [
      ids[i],
      content.complaintId,
      content.type,
      content.actorRole,
      content.actorId,
      content.fromStatus,
      content.toStatus,
      content.note,
      content.public,
      content.createdAt,
      prevHash,
      hash,
      content.stateDigest ?? null,
      sealOf(key.sealKey, hash),
    ];
    prevHash = hash;
    return row;
  });
  await tx.insert("Event", EVENT_COLUMNS, rows);
  const eventId = ids[ids.length - 1];
  const signature = signHead(key, { eventId, hash: prevHash, signedAt });
  await tx.run(SIGNED_HEAD_UPSERT, [eventId, prevHash, signedAt, key.keyId, signature]);
}
