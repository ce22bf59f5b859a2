import { db } from "./db.server";
import { CONTACT_FIELDS, currentKeyId, openContact, PREFIX, sealContact } from "./contact-seal.server";

// Sealing itself lives in contact-seal.server.ts (no database, so worker threads can use it).
export * from "./contact-seal.server";

function sealedWith(value: string | null): string | null {
  return value?.startsWith(PREFIX) ? value.slice(PREFIX.length).split(":")[0] : null;
}

/**
 * Seals every complaint's contact details under the current key (rows sealed with an older key,
 * or stored before sealing, alike), a page at a time. Returns how many rows it rewrote.
 */
export async function resealAll(progress?: (done: number, total: number) => void): Promise<number> {
  const current = currentKeyId();
  const total = await db.complaint.count();
  let after = 0;
  let done = 0;
  let rewritten = 0;
  for (;;) {
    const page = await db.complaint.findMany({
      where: { id: { gt: after } },
      orderBy: { id: "asc" },
      take: 1000,
      select: { id: true, consumerName: true, consumerPhone: true, consumerEmail: true },
    });
    if (!page.length) return rewritten;
    const stale = page.filter((row) => CONTACT_FIELDS.some((field) => row[field] !== null && sealedWith(row[field]) !== current));
    await db.$transaction(stale.map((row) => db.complaint.update({ where: { id: row.id }, data: sealContact(openContact(row)) })));
    rewritten += stale.length;
    done += page.length;
    after = page[page.length - 1].id;
    progress?.(done, total);
  }
}

/** Key ids still used by some row: after a rotation, only the current one. */
export async function keyIdsInUse(): Promise<Set<string>> {
  const rows = await db.$queryRawUnsafe<{ id: string | null }[]>(
    [
      ...CONTACT_FIELDS.map(
        (field) => `SELECT DISTINCT substr("${field}", ${PREFIX.length + 1}, 8) AS "id" FROM "Complaint" WHERE "${field}" LIKE '${PREFIX}%'`,
      ),
      // Unsent messages' recipients are sealed too.
      `SELECT DISTINCT substr("recipient", ${PREFIX.length + 1}, 8) AS "id" FROM "OutboxMessage" WHERE "recipient" LIKE '${PREFIX}%'`,
    ].join(" UNION "),
  );
  return new Set(rows.map((r) => r.id).filter((id): id is string => !!id));
}
