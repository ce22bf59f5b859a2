/** The life of a complaint (DESIGN.md), as data: which action moves which status where. */

export const STATUSES = ["submitted", "routed_to_bank", "routed_to_regulator", "responded", "escalated", "closed", "rejected", "withdrawn"] as const;
export type Status = (typeof STATUSES)[number];

export const OPEN_STATUSES: readonly Status[] = ["submitted", "routed_to_bank", "routed_to_regulator", "responded", "escalated"];

export const TRANSITIONS = {
  route_to_bank: { from: ["submitted"], to: "routed_to_bank" },
  route_to_regulator: { from: ["submitted"], to: "routed_to_regulator" },
  reject: { from: ["submitted"], to: "rejected" },
  respond: { from: ["routed_to_bank"], to: "responded" },
  accept: { from: ["responded"], to: "closed" },
  dispute: { from: ["responded"], to: "escalated" },
  miss_deadline: { from: ["routed_to_bank"], to: "escalated" },
  close_unanswered: { from: ["responded"], to: "closed" },
  conclude: { from: ["routed_to_regulator", "escalated"], to: "closed" },
  withdraw: { from: OPEN_STATUSES, to: "withdrawn" },
} as const satisfies Record<string, { from: readonly Status[]; to: Status }>;
export type Transition = keyof typeof TRANSITIONS;

export function canTransition(status: string, transition: Transition): boolean {
  return (TRANSITIONS[transition].from as readonly string[]).includes(status);
}

export function isOpen(status: string): boolean {
  return (OPEN_STATUSES as readonly string[]).includes(status);
}

/** The statuses in which a reviewer may use each intent; those that move the complaint follow TRANSITIONS. */
export const INTENT_STATUSES = {
  route: TRANSITIONS.route_to_bank.from,
  reject: TRANSITIONS.reject.from,
  request_info: ["submitted", "routed_to_bank", "routed_to_regulator", "escalated"],
  note: STATUSES,
  substantiate: ["submitted", "routed_to_bank", "routed_to_regulator", "responded", "escalated", "closed"],
  respond: TRANSITIONS.respond.from,
  extend: TRANSITIONS.respond.from,
  conclude: TRANSITIONS.conclude.from,
  // Who works on a complaint matters while it is open.
  assign: OPEN_STATUSES,
  // In any status, as long as no bank has been given it (lifecycle.server.ts checks routedTo).
  correct_creditor: STATUSES,
} as const satisfies Record<string, readonly Status[]>;

export function intentAllowedIn(intent: keyof typeof INTENT_STATUSES, status: string): boolean {
  return (INTENT_STATUSES[intent] as readonly string[]).includes(status);
}

export const OUTCOMES = ["monetary_relief", "non_monetary_relief", "explanation", "in_progress"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const FINDINGS = ["substantiated", "partly_substantiated", "not_substantiated"] as const;
export type Finding = (typeof FINDINGS)[number];
