/**
 * A call as read from a consumer's call log. Kept apart from the parser so code that
 * only analyses or displays calls (a chart in the browser) does not pull in csv-parse.
 */

export type CallDirection = "incoming" | "missed" | "outgoing" | "rejected";

export interface Call {
  at: Date;
  /** The number's key (phoneKey) when it has one, else the raw digits; HIDDEN_NUMBER for a withheld number. */
  number: string;
  /** The cell as written in the file. */
  rawNumber: string;
  direction: CallDirection;
  durationSeconds: number | null;
  /** 1-based line of the row in the file. */
  line: number;
}

/** `number` of a call from a withheld, private or unknown number (collectors often hide theirs). */
export const HIDDEN_NUMBER = "hidden";
