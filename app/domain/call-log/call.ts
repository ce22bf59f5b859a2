/**
 * A call as read from a consumer's call log. Kept apart from the parser so code that
 * only analyses or displays calls (a chart in the browser) does not pull in csv-parse.
 */

/**
 * What the phone recorded of a call, as Android's call log types it: incoming (answered),
 * outgoing, missed, voicemail, rejected (declined by the consumer) and blocked (refused by
 * the phone for the consumer). All but outgoing are calls a collector placed.
 */
export type CallDirection = "incoming" | "missed" | "outgoing" | "rejected" | "voicemail" | "blocked";

export const CALL_DIRECTIONS: readonly CallDirection[] = ["incoming", "outgoing", "missed", "voicemail", "rejected", "blocked"];

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

/**
 * How a call is named to a person: its direction, except that an incoming call of 0 seconds
 * rang but was never connected ("notConnected"), whatever the phone filed it under. Phones
 * file a call picked up and dropped at once, or one the network gave up on, as incoming;
 * with no talk time it is an attempt, not a conversation, and the analysis counts it so
 * (analyse.ts, isConnected). An incoming call with no duration recorded stays "incoming":
 * the phone says it was answered and nothing says otherwise.
 */
export type CallShownAs = CallDirection | "notConnected";

export function callShownAs(call: Pick<Call, "direction" | "durationSeconds">): CallShownAs {
  return call.direction === "incoming" && call.durationSeconds === 0 ? "notConnected" : call.direction;
}
