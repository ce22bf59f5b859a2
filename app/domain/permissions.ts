/**
 * Who may do what, as one table. Every loader and action asks it; a test walks it whole.
 * Complaint visibility: a regulator sees all, a bank reviewer only complaints routed to their
 * own institution, an analyst none (statistics only), an admin manages users and audits.
 */

export const ROLES = ["regulator", "bank", "analyst", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const REVIEWER_INTENTS = [
  "route",
  "reject",
  "request_info",
  "note",
  "substantiate",
  "respond",
  "extend",
  "conclude",
  "correct_creditor",
  "assign",
] as const;
export type ReviewerIntent = (typeof REVIEWER_INTENTS)[number];

export const PAGES = ["triage", "complaint", "evidence", "stats"] as const;
export type Page = (typeof PAGES)[number];

type Grant = { pages: readonly Page[]; intents: readonly ReviewerIntent[]; scope: "all" | "own_institution" | "none" };

export const PERMISSIONS: Record<Role, Grant> = {
  regulator: {
    pages: ["triage", "complaint", "evidence", "stats"],
    intents: ["route", "reject", "request_info", "note", "substantiate", "conclude", "correct_creditor", "assign"],
    scope: "all",
  },
  bank: {
    pages: ["triage", "complaint", "evidence"],
    intents: ["request_info", "note", "respond", "extend", "assign"],
    scope: "own_institution",
  },
  analyst: { pages: ["stats"], intents: [], scope: "none" },
  admin: { pages: [], intents: [], scope: "none" },
};

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export function canSeePage(role: Role, page: Page): boolean {
  return PERMISSIONS[role].pages.includes(page);
}

export function canAct(role: Role, intent: ReviewerIntent): boolean {
  return PERMISSIONS[role].intents.includes(intent);
}
