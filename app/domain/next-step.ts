import { formatLastDay } from "./format";

/**
 * What happens next on a complaint, as its consumer should read it at the top of their page:
 * whose turn it is, what they must do, and by which day. Sentences are catalogue keys with their
 * values (`next.*`); dates are the instants periods end, shown as their last day.
 */

export type NextStepComplaint = {
  status: string;
  awaitingInfo: boolean;
  /** The end of the consumer's time to answer a request for information (null: asked before it had one). */
  infoDueAt: Date | null;
  dueAt: Date;
  /** The creditor's name in the reader's language. */
  creditor: string;
  /** 0 on the first 15 days; 1 and 2 after each step of the 15 → 30 → 60 ladder. */
  extensionLevel: number;
  extensionReason: string | null;
  outcome: string | null;
  finding: string | null;
};

export type Turn = "triage" | "creditor" | "regulator" | "consumer" | "none";

/** One sentence: its key and the values it may name (`label` is itself a catalogue key). */
export type Line = { key: string; creditor?: string; due?: Date; reason?: string; label?: string };

export type NextStep = {
  turn: Turn;
  headline: Line;
  details: Line[];
  /** The consumer's form that belongs under the headline, if it is their turn. */
  form: "answer_info" | "accept_or_dispute" | null;
};

export function nextStep(c: NextStepComplaint, now: Date): NextStep {
  if (c.status === "closed") {
    // The regulator's finding when there is one, else the creditor's response (its labels say "closed" already).
    if (c.finding) return done({ key: "next.closedWithFinding", label: `finding.${c.finding}` });
    if (c.outcome && c.outcome !== "in_progress") return done({ key: "next.closedWithResponse", label: `outcome.${c.outcome}` });
    return done({ key: "next.closedPlain" });
  }
  if (c.status === "rejected") return done({ key: "next.rejected" });
  if (c.status === "withdrawn") return done({ key: "next.withdrawn" });

  const holder = holderStep(c);
  if (c.awaitingInfo) {
    const headline: Line = !c.infoDueAt
      ? { key: "next.answerInfoNoDate" }
      : now.getTime() >= c.infoDueAt.getTime()
        ? { key: "next.answerInfoLate", due: c.infoDueAt }
        : { key: "next.answerInfo", due: c.infoDueAt };
    // The holder's clock keeps running while the consumer answers (domain/info-request.ts).
    return { turn: "consumer", headline, details: [holder.headline, ...holder.details], form: "answer_info" };
  }
  return holder;
}

/** The step of whoever holds the complaint when no information is awaited. */
function holderStep(c: NextStepComplaint): NextStep {
  switch (c.status) {
    case "responded":
      return {
        turn: "consumer",
        headline: { key: "next.acceptOrDispute", due: c.dueAt },
        // The response's outcome last: the page quotes the response under it.
        details: [
          { key: "next.acceptOrDisputeDefault" },
          ...(c.outcome ? [{ key: "next.response", creditor: c.creditor, label: `outcome.${c.outcome}` }] : []),
        ],
        form: "accept_or_dispute",
      };
    case "routed_to_bank":
      return {
        turn: "creditor",
        headline: { key: "next.creditor", creditor: c.creditor, due: c.dueAt },
        details: [
          ...(c.extensionLevel > 0 ? [{ key: "next.extended", reason: c.extensionReason ?? "" }] : []),
          ...(c.outcome === "in_progress" ? [{ key: "next.inProgress", creditor: c.creditor }] : []),
        ],
        form: null,
      };
    case "routed_to_regulator":
    case "escalated":
      return {
        turn: "regulator",
        headline: { key: "next.regulator", due: c.dueAt },
        details: c.status === "escalated" ? [escalatedBecause(c)] : [],
        form: null,
      };
    default:
      return { turn: "triage", headline: { key: "next.triage", due: c.dueAt }, details: [], form: null };
  }
}

/** A final response that was escalated was disputed; otherwise the creditor let its date pass. */
function escalatedBecause(c: NextStepComplaint): Line {
  return c.outcome && c.outcome !== "in_progress" ? { key: "next.escalatedDisputed" } : { key: "next.escalatedMissed", creditor: c.creditor };
}

function done(headline: Line): NextStep {
  return { turn: "none", headline, details: [], form: null };
}

type Translate = (key: string, values?: Record<string, string>) => string;

/** A line in the reader's words. */
export function sayLine(line: Line, t: Translate, locale: string): string {
  return t(line.key, {
    creditor: line.creditor ?? "",
    date: line.due ? formatLastDay(line.due, locale) : "",
    reason: line.reason ?? "",
    label: line.label ? t(line.label) : "",
  });
}
