import { periodEnd } from "./calendar/legal-period";

/**
 * The consumer's time to answer a request for information: 10 days, counted as the Civil Code
 * counts (the day of the request does not count; a last day on a rest day moves to the next
 * working day). Ten fit inside the creditor's fifteen, so an answer given in time leaves the
 * creditor days to use it. The creditor's own clock does not stop meanwhile: the complaint
 * rules let a bank ask only for what it does not hold, and a stopped clock would let a request
 * stall a complaint; a creditor that needs longer extends, with a reason the consumer sees.
 */
export const INFO_ANSWER_DAYS = 10;

/** The instant the consumer's time to answer ends (24:00 Beijing time of the last day). */
export function infoAnswerDue(requestedAt: Date): Date {
  return periodEnd(requestedAt, INFO_ANSWER_DAYS);
}
