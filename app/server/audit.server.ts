import type { Prisma } from "@prisma/client";
import { eventHash, GENESIS_HASH, type AuditContent } from "~/domain/audit-chain";

/** Appends one event to the chain. Call inside the transaction that makes the change it records. */
export async function appendEvent(tx: Prisma.TransactionClient, content: Omit<AuditContent, "createdAt"> & { createdAt?: Date }) {
  const last = await tx.event.findFirst({ orderBy: { id: "desc" }, select: { hash: true } });
  const prevHash = last?.hash ?? GENESIS_HASH;
  const full: AuditContent = { ...content, createdAt: content.createdAt ?? new Date() };
  return tx.event.create({ data: { ...full, prevHash, hash: eventHash(full, prevHash) } });
}
