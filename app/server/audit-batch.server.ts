import type Database from "better-sqlite3";
import { eventHash, GENESIS_HASH, sealOf, type AuditContent } from "~/domain/audit-chain";
import { auditKey, signHead, type AuditKey } from "./audit-key.server";
import { sqlBool, sqlDate } from "./bulk-connection.server";

/**
 * Appends many events to the audit chain through a bulk connection (bulk-connection.server.ts),
 * with appendEvent's rules: each event's hash covers its content, its state digest and the
 * previous hash; each is sealed; the head is signed once, at the end of the batch. Use inside
 * the batch's transaction: the chain's end is read there, so a server appending meanwhile on
 * the same DATA_DIR only moves where the batch starts.
 */
export function chainAppender(connection: Database.Database, key: AuditKey = auditKey()) {
  const head = connection.prepare("SELECT keyId FROM AuditHead WHERE id = 1");
  const last = connection.prepare("SELECT id, hash FROM Event ORDER BY id DESC LIMIT 1");
  const insert = connection.prepare(
    `INSERT INTO Event (complaintId, type, actorRole, actorId, fromStatus, toStatus, note, public, createdAt, prevHash, hash, stateDigest, seal)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const upsertHead = connection.prepare(
    `INSERT INTO AuditHead (id, eventId, hash, signedAt, keyId, signature) VALUES (1, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET eventId = excluded.eventId, hash = excluded.hash, signedAt = excluded.signedAt, keyId = excluded.keyId, signature = excluded.signature`,
  );

  /** Starts a batch where the chain ends now; call in the transaction, before the first append. */
  return function batch() {
    const chainKey = (head.get() as { keyId: string } | undefined)?.keyId;
    // Sealing with another key would break the chain from here on.
    if (chainKey && chainKey !== key.keyId)
      throw new Error(`the audit chain is signed by key ${chainKey}, but this process has key ${key.keyId} (from ${key.source})`);
    const end = last.get() as { id: number; hash: string } | undefined;
    let prevHash = end?.hash ?? GENESIS_HASH;
    let lastId = end?.id ?? 0;
    return {
      append(content: AuditContent) {
        const hash = eventHash(content, prevHash);
        const { lastInsertRowid } = insert.run(
          content.complaintId,
          content.type,
          content.actorRole,
          content.actorId,
          content.fromStatus,
          content.toStatus,
          content.note,
          sqlBool(content.public),
          sqlDate(content.createdAt),
          prevHash,
          hash,
          content.stateDigest ?? null,
          sealOf(key.sealKey, hash),
        );
        prevHash = hash;
        lastId = Number(lastInsertRowid);
      },
      /** Signs the chain's new end as its head; call last, in the same transaction. */
      sign(signedAt = new Date()) {
        if (lastId === (end?.id ?? 0)) return;
        const signature = signHead(key, { eventId: lastId, hash: prevHash, signedAt });
        upsertHead.run(lastId, prevHash, sqlDate(signedAt), key.keyId, signature);
      },
    };
  };
}
