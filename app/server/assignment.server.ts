import type { Reviewer } from "./auth.server";
import { readRows } from "./reads.server";

export type Colleague = { id: number; email: string };

/**
 * The people a reviewer may hand a complaint to, themselves included: the active reviewers of
 * the same organisation, i.e. the same role at the same institution (a bank's reviewers; the
 * regulators, who have none). Read on the queue's read-only connection.
 */
export function colleaguesOf(user: Reviewer): Colleague[] {
  if (user.role !== "regulator" && !(user.role === "bank" && user.institutionId)) return [];
  return readRows<Colleague>("SELECT id, email FROM User WHERE role = ? AND institutionId IS ? AND disabled = 0 ORDER BY email", [
    user.role,
    user.institutionId,
  ]);
}

export function findColleague(user: Reviewer, id: number): Colleague | null {
  return colleaguesOf(user).find((c) => c.id === id) ?? null;
}

/** The e-mails of the reviewers who wrote these events, in one query; consumers and the system have none. */
export function actorEmails(actorIds: readonly (string | null)[]): Record<string, string> {
  const ids = [...new Set(actorIds.filter((id): id is string => !!id && /^\d+$/.test(id)))];
  if (!ids.length) return {};
  const rows = readRows<{ id: number; email: string }>(`SELECT id, email FROM User WHERE id IN (${ids.map(() => "?").join(",")})`, ids.map(Number));
  return Object.fromEntries(rows.map((r) => [String(r.id), r.email]));
}
