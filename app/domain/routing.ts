import { identifiesLineSql } from "./phone";
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

/**
 * Call-log findings that make a regulator's case: breaches of two written rules, or calls
 * breaking a written rule at least this often (a pattern, not one call at 22:05). A log of 15
 * calls all in the forbidden hours breaks one rule fifteen times.
 */
export const STRONG_RULES_FOR_REGULATOR = 2;
export const BREACHING_CALLS_FOR_REGULATOR = 3;

/** Other complaints naming one of a complaint's collector numbers that make it a pattern; counting further changes nothing. */
export const REPEAT_COLLECTOR_THRESHOLD = 1;

/**
 * What a suggestion needs to know besides the complaint itself, for the complaint `"Complaint" c` (SQL both engines read): whether
 * other complaints name its collector numbers, counted only as far as the rule looks (at a million
 * complaints one number is named in hundreds), and whether its institution has a bank reviewer.
 */
export const SUGGESTION_FACTS = `
  (SELECT COUNT(*) FROM (SELECT DISTINCT o."complaintId" FROM "CollectorPhone" m JOIN "CollectorPhone" o ON o."number" = m."number"
     WHERE m."complaintId" = c."id" AND ${identifiesLineSql('m."number"')} AND o."complaintId" <> c."id" LIMIT ${REPEAT_COLLECTOR_THRESHOLD}) sharing) AS "sharingCollector",
  EXISTS (SELECT 1 FROM "User" u WHERE u."institutionId" = c."institutionId" AND u."role" = 'bank' AND u."disabled" = FALSE) AS "hasBankReviewer"`;

export type RoutingFacts = {
  categories: readonly string[];
  priorComplaint: boolean;
  /** Other complaints naming one of this complaint's collector numbers (a count may stop at REPEAT_COLLECTOR_THRESHOLD). */
  complaintsSharingCollector: number;
  institutionHasBankReviewer: boolean;
  /** Written rules the call log shows broken (issue 6); 0 when there is none. */
  strongCallFindings?: number;
  /** Calls in the log that break a written rule (issue 14); 0 when there is none, or for an analysis stored before it was counted. */
  breachingCalls?: number;
};

export function suggestRoute(facts: RoutingFacts): { route: Route; reasons: RouteReason[] } {
  const reasons: RouteReason[] = [];
  if (facts.categories.some((c) => (REGULATOR_CATEGORIES as readonly string[]).includes(c))) reasons.push("serious_conduct");
  if (facts.priorComplaint) reasons.push("prior_complaint");
  if (facts.complaintsSharingCollector >= REPEAT_COLLECTOR_THRESHOLD) reasons.push("repeat_collector");
  if (!facts.institutionHasBankReviewer) reasons.push("no_bank_reviewer");
  if ((facts.strongCallFindings ?? 0) >= STRONG_RULES_FOR_REGULATOR || (facts.breachingCalls ?? 0) >= BREACHING_CALLS_FOR_REGULATOR)
    reasons.push("strong_call_findings");
  return reasons.length ? { route: "regulator", reasons } : { route: "bank", reasons: ["first_complaint_responsibility"] };
}
