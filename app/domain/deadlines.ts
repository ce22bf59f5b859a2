import { periodEnd } from "./calendar/legal-period";

/**
 * Deadlines in days, counted from the event that starts them as China's Civil Code counts a
 * period (calendar/legal-period.ts: from the next day, to 24:00 Beijing time of the last day,
 * moved past rest days). 《银行业保险业消费投诉处理管理办法》: a creditor answers within 15 days,
 * 30 for a complex case, 60 for an especially complex one after internal approval
 * (docs/decisions/016-deadlines-as-the-law-counts-them.md). Time is passed in; nothing here reads a clock.
 */

export type DeadlineSettings = {
  triageDays: number;
  bankResponseDays: number;
  /** The creditor's whole period after the first extension (from routing, not added to the 15). */
  bankExtendedDays: number;
  /** The whole period after the second extension, for an especially complex case. */
  bankFurtherExtendedDays: number;
  consumerAnswerDays: number;
  regulatorDays: number;
  /**
   * Tests only: a "day" lasts this many seconds of plain elapsed time, with no calendar, so a
   * test waits seconds instead of days. Unset (always, in use) the Civil Code counts.
   */
  daySeconds?: number;
};

export const DEFAULT_DEADLINES: DeadlineSettings = {
  triageDays: 3,
  bankResponseDays: 15,
  bankExtendedDays: 30,
  bankFurtherExtendedDays: 60,
  consumerAnswerDays: 15,
  regulatorDays: 60,
};

const DAY = 24 * 60 * 60 * 1000;

/** Plain arithmetic on instants (for ranges and ages, never for a deadline: see deadlineAfter). */
export function addDays(from: Date, days: number): Date {
  return new Date(from.getTime() + days * DAY);
}

/** The moment a period of `days` started at `start` ends. */
export function deadlineAfter(start: Date, days: number, settings: Pick<DeadlineSettings, "daySeconds">): Date {
  if (settings.daySeconds) return new Date(start.getTime() + days * settings.daySeconds * 1000);
  return periodEnd(start, days);
}

/**
 * The extension ladder: level 0 is the first 15 days, 1 the 30 of a complex case, 2 the 60 of an
 * especially complex one. Each period runs from routing.
 */
export const EXTENSION_LEVELS = [0, 1, 2] as const;
export type ExtensionLevel = (typeof EXTENSION_LEVELS)[number];

export function creditorDays(level: number, settings: DeadlineSettings): number {
  return level >= 2 ? settings.bankFurtherExtendedDays : level === 1 ? settings.bankExtendedDays : settings.bankResponseDays;
}

/** The next step up the ladder, or null at its top: no third extension. */
export function nextExtension(level: number): { level: 1 | 2; needsApproval: boolean } | null {
  if (level <= 0) return { level: 1, needsApproval: false };
  if (level === 1) return { level: 2, needsApproval: true };
  return null;
}

/** What falls due for a complaint in this status, or null when nothing can. */
export function dueTransition(status: string): "miss_deadline" | "close_unanswered" | null {
  if (status === "routed_to_bank") return "miss_deadline";
  if (status === "responded") return "close_unanswered";
  return null;
}

export { isPastDue } from "./timely";

/** Whole days from one moment to another, rounded down: the complaint's age in the queue. */
export function daysBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / DAY);
}
