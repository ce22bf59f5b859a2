/**
 * The stable codes of DESIGN.md. Labels live in the i18n catalogues, keyed by these codes.
 * deception.false_legal_threats is not in DESIGN.md yet (issue 14): threats of suing, jail,
 * a credit record or the children's future are deception about the law, not threats of
 * violence, and none of the other deception codes covers them.
 */

export const CATEGORY_GROUPS = {
  harassment: ["harassment.repeated_calls", "harassment.inconvenient_hours", "harassment.abusive_language", "harassment.threats"],
  third_party: ["third_party.family", "third_party.contacts", "third_party.employer"],
  privacy: ["privacy.disclosure", "privacy.publication", "privacy.data_misuse"],
  deception: ["deception.impersonation", "deception.fake_documents", "deception.false_legal_threats", "deception.false_amount"],
  fees: ["fees.unlawful"],
  other: ["other"],
} as const;

export type CategoryGroup = keyof typeof CATEGORY_GROUPS;
export type Category = (typeof CATEGORY_GROUPS)[CategoryGroup][number];
export const CATEGORIES: Category[] = Object.values(CATEGORY_GROUPS).flat();

export const PRODUCTS = ["credit_card", "online_loan", "consumer_finance", "other"] as const;
export type Product = (typeof PRODUCTS)[number];

export const INSTITUTION_KINDS = ["bank", "consumer_finance", "online_lender"] as const;
export type InstitutionKind = (typeof INSTITUTION_KINDS)[number];

export function isCategory(value: string): value is Category {
  return (CATEGORIES as string[]).includes(value);
}
