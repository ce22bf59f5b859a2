/** The life of a complaint (DESIGN.md), as data: which action moves which status where. */

export const STATUSES = [
  "submitted",
  "routed_to_bank",
  "routed_to_regulator",
  "responded",
  "escalated",
  "closed",
  "rejected",
  "withdrawn",
] as const;
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
