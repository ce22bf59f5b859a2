/**
 * Who reads what of a complaint, as one table. Loaders ask it; test/visibility.test.ts walks
 * every event type and role over HTTP. Analysts read statistics only, never a complaint.
 */

export const AUDIENCES = ["consumer", "bank", "regulator", "analyst"] as const;
export type Audience = (typeof AUDIENCES)[number];

/** The parts of a complaint besides its history. */
export const PART_AUDIENCES = {
  // What the consumer filed: account, categories, numbers, dates, evidence, call-log findings.
  account: ["consumer", "bank", "regulator"],
  // Name, phone and e-mail: the creditor needs them to answer the consumer.
  contact: ["consumer", "bank", "regulator"],
  // Triage's suggested route and its reasons: they count other institutions' complaints.
  suggestion: ["regulator"],
  // Complaints naming the same collector number or agency, within what the reader may open.
  related: ["bank", "regulator"],
  // Which alleged categories a reviewer found substantiated: the regulator's finding.
  substantiation: ["regulator"],
} as const satisfies Record<string, readonly Audience[]>;

export type ComplaintPart = keyof typeof PART_AUDIENCES;

export function canSeePart(audience: Audience, part: ComplaintPart): boolean {
  return (PART_AUDIENCES[part] as readonly Audience[]).includes(audience);
}

/** A public event (a change of status, a question, an answer, a comment) is read by everyone on the case. */
export const PUBLIC_EVENT_AUDIENCES: readonly Audience[] = ["consumer", "bank", "regulator"];

/**
 * An internal event stays with its author's side and the regulator: a bank's notes are never the
 * consumer's; a regulator's notes, route-override reasons and findings are never a bank's.
 */
export const INTERNAL_EVENT_AUDIENCES: Record<string, readonly Audience[]> = {
  bank: ["bank", "regulator"],
  regulator: ["regulator"],
  system: ["regulator"],
  consumer: ["regulator"],
};

export function eventAudiences(event: { public: boolean; actorRole: string }): readonly Audience[] {
  if (event.public) return PUBLIC_EVENT_AUDIENCES;
  return INTERNAL_EVENT_AUDIENCES[event.actorRole] ?? ["regulator"];
}

/** Whose internal events this audience reads, for a database filter. */
export function internalAuthorsReadBy(audience: Audience): string[] {
  return Object.entries(INTERNAL_EVENT_AUDIENCES)
    .filter(([, audiences]) => audiences.includes(audience))
    .map(([author]) => author);
}
