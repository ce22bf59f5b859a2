import type { Prisma } from "@prisma/client";
import { eventHash, firstBrokenEvent, GENESIS_HASH, type AuditContent } from "~/domain/audit-chain";
import { db } from "./db.server";

/** Appends one event to the chain. Call inside the transaction that makes the change it records. */
export async function appendEvent(tx: Prisma.TransactionClient, content: Omit<AuditContent, "createdAt"> & { createdAt?: Date }) {
  const last = await tx.event.findFirst({ orderBy: { id: "desc" }, select: { hash: true } });
  const prevHash = last?.hash ?? GENESIS_HASH;
  const full: AuditContent = { ...content, createdAt: content.createdAt ?? new Date() };
  return tx.event.create({ data: { ...full, prevHash, hash: eventHash(full, prevHash) } });
}

/** Walks the whole chain in pages of 1,000, in id order; reports the first event that breaks it. */
export async function verifyAuditChain(progress?: (checked: number) => void) {
  let prev = GENESIS_HASH;
  let checked = 0;
  let cursor = 0;
  for (;;) {
    const page = await db.event.findMany({ where: { id: { gt: cursor } }, orderBy: { id: "asc" }, take: 1000 });
    if (!page.length) return { ok: true as const, checked };
    // Checking each page against the last hash of the one before keeps memory flat.
    const broken = firstBrokenEvent(page, prev);
    if (broken) return { ok: false as const, ...broken, checked };
    prev = page[page.length - 1].hash;
    cursor = page[page.length - 1].id;
    checked += page.length;
    progress?.(checked);
  }
}
