/**
 * The one definition of a timely answer, for the dashboard, the export and the queue alike: a
 * creditor answered in time when it answered at or before the deadline in force at that moment
 * (Complaint.responseDueAt: set on routing to the creditor, moved by each extension, kept after
 * the answer). A deadline has passed once the moment is strictly after it. The JavaScript
 * predicates and the SQL expressions below say the same; SQL compares `instant` values (on SQLite
 * julianday(), exact for the millisecond instants stored whichever ISO form a writer used; on
 * PostgreSQL the timestamps: the `Dialect` of app/server/sql-dialect.server.ts).
 */

type Instant = (time: string) => string;
const julianday: Instant = (time) => `julianday(${time})`;

/** Whether an answer given at `answeredAt` meets the deadline `dueAt`. */
export function meetsDeadline(answeredAt: Date, dueAt: Date): boolean {
  return answeredAt.getTime() <= dueAt.getTime();
}

/** A deadline has passed once now is strictly after it: an answer now would be late. */
export function isPastDue(dueAt: Date, now: Date): boolean {
  return !meetsDeadline(now, dueAt);
}

/** Yes, no, or null while there is no answer (or it was never the creditor's to give). */
export function isTimely(complaint: { respondedAt: Date | null; responseDueAt: Date | null }): boolean | null {
  if (!complaint.respondedAt || !complaint.responseDueAt) return null;
  return meetsDeadline(complaint.respondedAt, complaint.responseDueAt);
}

/** SQL for isTimely over the complaint alias `c`: 1, 0, or NULL without an answer or a deadline. */
export function timelySql(c = "c", instant = julianday): string {
  const [answered, due] = [`${c}."respondedAt"`, `${c}."responseDueAt"`];
  return `(CASE WHEN ${answered} IS NULL OR ${due} IS NULL THEN NULL WHEN ${instant(answered)} <= ${instant(due)} THEN 1 ELSE 0 END)`;
}

/**
 * SQL for "the creditor's answer is due": answered, or its deadline passed by `nowSql` (a bound
 * parameter or column holding an ISO instant). The denominator of the timely share.
 */
export function creditorDueSql(nowSql: string, c = "c", instant = julianday): string {
  return `(${c}."routedTo" = 'bank' AND (${c}."respondedAt" IS NOT NULL OR ${instant(nowSql)} > ${instant(`${c}."responseDueAt"`)}))`;
}
