import { addWorkingDays } from "~/domain/calendar/working-days";
import { isoDateIn } from "~/domain/dates";
import { addDays } from "~/domain/deadlines";
import { db } from "./db.server";
import { deliverSoon, enqueue, NOTICE_COLUMNS, noticeContextOf } from "./outbox.server";

/**
 * Tells the desk holding a complaint when its deadline is two working days away or less: once per
 * deadline (a new deadline, after an extension, is told again).
 */
export async function remindDeadlines(now = new Date()): Promise<number> {
  const lastDayToRemind = addWorkingDays(isoDateIn(now), 2);
  // Two working days are at most twelve calendar days, across the longest holiday.
  const soon = await db.complaint.findMany({
    where: { status: { in: ["routed_to_bank", "routed_to_regulator", "escalated"] }, dueAt: { gt: now, lte: addDays(now, 12) } },
    select: { ...NOTICE_COLUMNS, status: true },
    orderBy: [{ dueAt: "asc" }, { id: "asc" }],
  });
  let reminded = 0;
  for (const c of soon) {
    // A deadline at 24:00 belongs to the day before it.
    if (isoDateIn(new Date(c.dueAt.getTime() - 1)) > lastDayToRemind) continue;
    await db.$transaction((tx) =>
      enqueue(tx, "deadline_soon", c.status === "routed_to_bank" ? "bank" : "regulator", noticeContextOf(c), `deadline_soon:${c.id}:${c.dueAt.toISOString()}`),
    );
    reminded++;
  }
  if (reminded) deliverSoon();
  return reminded;
}
