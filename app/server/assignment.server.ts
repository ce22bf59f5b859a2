import type { Reviewer } from "./auth.server";
import { readRows } from "./reads.server";

export type Colleague = { id: number; email: string };

/**
 * The people a reviewer may hand a complaint to, themselves included: the active reviewers of
 * the same organisation, i.e. the same role at the same institution (a bank's reviewers; the
 * regulators, who have none). Read on the queue's read-only connection.
 */
export async function colleaguesOf(user: Reviewer): Promise<Colleague[]> {
  if (user.role !== "regulator" && !(user.role === "bank" && user.institutionId)) return [];
  // IS NOT DISTINCT FROM: the regulators' institution is NULL (SQLite's IS, in standard SQL).
  return readRows<Colleague>(
    'SELECT "id", "email" FROM "User" WHERE "role" = ? AND "institutionId" IS NOT DISTINCT FROM ? AND "disabled" = FALSE ORDER BY "email"',
    [user.role, user.institutionId],
  );
}

export async function findColleague(user: Reviewer, id: number): Promise<Colleague | null> {
  return (await colleaguesOf(user)).find((c) => c.id === id) ?? null;
}

/** The e-mails of the reviewers who wrote these events, in one query; consumers and the system have none. */
export async function actorEmails(actorIds: readonly (string | null)[]): Promise<Record<string, string>> {
  const ids = [...new Set(actorIds.filter((id): id is string => !!id && /^\d+$/.test(id)))];
  if (!ids.length) return {};
  const rows = await readRows<{ id: number; email: string }>(
    `SELECT "id", "email" FROM "User" WHERE "id" IN (${ids.map(() => "?").join(",")})`,
    ids.map(Number),
  );
  return Object.fromEntries(rows.map((r) => [String(r.id), r.email]));
}
