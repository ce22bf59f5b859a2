/**
 * Deadlines in calendar days, counted from the moment that starts them
 * (《银行业保险业消费投诉处理管理办法》: 15 days, once extendable to 30 for a complex case).
 * Time is passed in; nothing here reads a clock.
 */

export type DeadlineSettings = {
  triageDays: number;
  bankResponseDays: number;
  bankExtendedDays: number;
  consumerAnswerDays: number;
  regulatorDays: number;
};

export const DEFAULT_DEADLINES: DeadlineSettings = {
  triageDays: 3,
  bankResponseDays: 15,
  bankExtendedDays: 30,
  consumerAnswerDays: 15,
  regulatorDays: 60,
};

const DAY = 24 * 60 * 60 * 1000;

export function addDays(from: Date, days: number): Date {
  return new Date(from.getTime() + days * DAY);
}

/** What falls due for a complaint in this status, or null when nothing can. */
export function dueTransition(status: string): "miss_deadline" | "close_unanswered" | null {
  if (status === "routed_to_bank") return "miss_deadline";
  if (status === "responded") return "close_unanswered";
  return null;
}

/** A deadline has passed once now is strictly after it. */
export function isPastDue(dueAt: Date, now: Date): boolean {
  return now.getTime() > dueAt.getTime();
}

/** Whole days from one moment to another, rounded down: the complaint's age in the queue. */
export function daysBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / DAY);
}
