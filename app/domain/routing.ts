import type { Category } from "./taxonomy";

/**
 * Triage suggests where a complaint goes (DESIGN.md "Life of a complaint"): to the
 * creditor's complaint team first, unless something says a regulator should take it.
 */

export type Route = "bank" | "regulator";
export type RouteReason =
  "serious_conduct" | "prior_complaint" | "repeat_collector" | "no_bank_reviewer" | "strong_call_findings" | "first_complaint_responsibility";

// Conduct a bank cannot be trusted to judge alone: crimes against the person or the law's name.
export const REGULATOR_CATEGORIES: readonly Category[] = ["harassment.threats", "deception.impersonation", "deception.fake_documents", "privacy.publication"];

/** Other complaints naming one of a complaint's collector numbers that make it a pattern; counting further changes nothing. */
export const REPEAT_COLLECTOR_THRESHOLD = 1;

export type RoutingFacts = {
  categories: readonly string[];
  priorComplaint: boolean;
  /** Other complaints naming one of this complaint's collector numbers (a count may stop at REPEAT_COLLECTOR_THRESHOLD). */
  complaintsSharingCollector: number;
  institutionHasBankReviewer: boolean;
  /** Strong findings from the call log (issue 6); 0 when there is none. */
  strongCallFindings?: number;
};

export function suggestRoute(facts: RoutingFacts): { route: Route; reasons: RouteReason[] } {
  const reasons: RouteReason[] = [];
  if (facts.categories.some((c) => (REGULATOR_CATEGORIES as readonly string[]).includes(c))) reasons.push("serious_conduct");
  if (facts.priorComplaint) reasons.push("prior_complaint");
  if (facts.complaintsSharingCollector >= REPEAT_COLLECTOR_THRESHOLD) reasons.push("repeat_collector");
  if (!facts.institutionHasBankReviewer) reasons.push("no_bank_reviewer");
  if ((facts.strongCallFindings ?? 0) >= 2) reasons.push("strong_call_findings");
  return reasons.length ? { route: "regulator", reasons } : { route: "bank", reasons: ["first_complaint_responsibility"] };
}
