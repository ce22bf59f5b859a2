import { z } from "zod";
import { isCalendarDate } from "../dates";
import type { Outcome } from "../status";
import type { Category, Product } from "../taxonomy";

/**
 * The CFPB Consumer Complaint Database export (reference/cfpb.md), read into
 * our words: its debt-collection issues become misconduct categories, its
 * products our products, its company responses our outcome codes.
 *
 * Decisions:
 * - Categories follow the sub-issue when we know it (both the current labels and
 *   the 2013–2017 ones), else the issue, else `other`. A sub-issue is mapped only
 *   where the conduct is the same; lawful-but-disputed actions (lawsuits, notices,
 *   exempt funds, credit damage) have no category of ours and become `other`, but a
 *   threat to sue on a debt too old to sue on is a false legal threat.
 *   "Debt not owed" (not yours, paid, identity theft, discharged) is a fictitious
 *   debt: deception.false_amount. "Told them to stop, they keep trying" is
 *   repeated contact: harassment.repeated_calls. Threats of arrest, jail and "you are
 *   committing a crime" (no one is jailed for a consumer debt) are
 *   deception.false_legal_threats; deportation and seizure are harassment.threats.
 * - Products: payday loans → online_loan (the small, short, high-cost loans that
 *   Chinese online lenders make); installment, personal, auto/vehicle and title
 *   loans and personal lines of credit → consumer_finance; credit cards →
 *   credit_card; everything else (medical, student, mortgage, telecom, rent,
 *   "I do not know") → other.
 * - Responses: "Closed with relief" (older, kind not said) → non_monetary_relief,
 *   so that no money is claimed that was not recorded; "Closed without relief"
 *   and plain "Closed" → explanation; "Untimely response" → null (there was no
 *   answer; in our model that is an escalation, not an outcome).
 * - Regions: a US state is no Chinese province. The domain says `null`; where a
 *   column must hold six digits, store NO_REGION ("000000", unassigned in
 *   GB/T 2260), which no province filter selects. The state stays in the record.
 * - Narratives: kept only when consent is "Consent provided", as the CFPB publishes them.
 */

export const CFPB_COLUMNS = [
  "Date received",
  "Product",
  "Sub-product",
  "Issue",
  "Sub-issue",
  "Consumer complaint narrative",
  "Company public response",
  "Company",
  "State",
  "ZIP code",
  "Tags",
  "Consumer consent provided?",
  "Submitted via",
  "Date sent to company",
  "Company response to consumer",
  "Timely response?",
  "Consumer disputed?",
  "Complaint ID",
] as const;
export type CfpbColumn = (typeof CFPB_COLUMNS)[number];
export type CfpbRow = Record<CfpbColumn, string>;

/** Six digits for a column that needs a region, standing for "not a Chinese province". */
export const NO_REGION = "000000";

/** Sub-issue → category, both generations. Sub-issues listed as `other` were considered and have no match. */
export const CFPB_SUB_ISSUE_CATEGORIES: Readonly<Record<string, Category>> = {
  // Attempts to collect debt not owed / Cont'd attempts collect debt not owed
  "Debt is not yours": "deception.false_amount",
  "Debt was result of identity theft": "deception.false_amount",
  "Debt was paid": "deception.false_amount",
  "Debt was already discharged in bankruptcy and is no longer owed": "deception.false_amount",
  "Debt is not mine": "deception.false_amount",
  "Debt resulted from identity theft": "deception.false_amount",
  "Debt was discharged in bankruptcy": "deception.false_amount",
  // Took or threatened to take negative or legal action / Taking/threatening an illegal action
  "Threatened or suggested your credit would be damaged": "other",
  "Threatened to sue you for very old debt": "deception.false_legal_threats",
  "Sued you without properly notifying you of lawsuit": "other",
  "Collected or attempted to collect exempt funds": "other",
  "Threatened to arrest you or take you to jail if you do not pay": "deception.false_legal_threats",
  "Seized or attempted to seize your property": "harassment.threats",
  "Sued you in a state where you do not live or did not sign for the debt": "other",
  "Threatened to turn you in to immigration or deport you": "harassment.threats",
  "Threatened to sue on too old debt": "deception.false_legal_threats",
  "Sued w/o proper notification of suit": "other",
  "Threatened arrest/jail if do not pay": "deception.false_legal_threats",
  "Seized/Attempted to seize property": "harassment.threats",
  "Sued where didn't live/sign for debt": "other",
  "Attempted to/Collected exempt funds": "other",
  "Threatened to take legal action": "other",
  // Written notification about debt / Disclosure verification of debt
  "Didn't receive enough information to verify debt": "other",
  "Didn't receive notice of right to dispute": "other",
  "Notification didn't disclose it was an attempt to collect a debt": "other",
  "Not given enough info to verify debt": "other",
  "Right to dispute notice not received": "other",
  "Not disclosed as an attempt to collect": "other",
  // False statements or representation
  "Attempted to collect wrong amount": "deception.false_amount",
  "Indicated you were committing crime by not paying debt": "deception.false_legal_threats",
  "Impersonated attorney, law enforcement, or government official": "deception.impersonation",
  "Told you not to respond to a lawsuit they filed against you": "other",
  "Impersonated an attorney or official": "deception.impersonation",
  "Indicated committed crime not paying": "deception.false_legal_threats",
  "Indicated shouldn't respond to lawsuit": "other",
  // Communication tactics / Electronic communications
  "Frequent or repeated calls": "harassment.repeated_calls",
  "You told them to stop contacting you, but they keep trying": "harassment.repeated_calls",
  "Used obscene, profane, or other abusive language": "harassment.abusive_language",
  "Called before 8am or after 9pm": "harassment.inconvenient_hours",
  "Frequent or repeated messages": "harassment.repeated_calls",
  "Contacted before 8am or after 9pm": "harassment.inconvenient_hours",
  "Called after sent written cease of comm": "harassment.repeated_calls",
  "Used obscene/profane/abusive language": "harassment.abusive_language",
  "Called outside of 8am-9pm": "harassment.inconvenient_hours",
  // Threatened to contact someone or share information improperly / Improper contact or sharing of info
  "Talked to a third-party about your debt": "privacy.disclosure",
  "Contacted you after you asked them to stop": "harassment.repeated_calls",
  "Contacted your employer": "third_party.employer",
  "Contacted you instead of your attorney": "other",
  "Talked to a third party about my debt": "privacy.disclosure",
  "Contacted me after I asked not to": "harassment.repeated_calls",
  "Contacted employer after asked not to": "third_party.employer",
  "Contacted me instead of my attorney": "other",
};

/** Issue → category, for rows whose sub-issue is empty or unknown. */
export const CFPB_ISSUE_CATEGORIES: Readonly<Record<string, Category>> = {
  "Attempts to collect debt not owed": "deception.false_amount",
  "Cont'd attempts collect debt not owed": "deception.false_amount",
  "Threatened to contact someone or share information improperly": "privacy.disclosure",
  "Improper contact or sharing of info": "privacy.disclosure",
  "Took or threatened to take negative or legal action": "other",
  "Taking/threatening an illegal action": "other",
  "Written notification about debt": "other",
  "Disclosure verification of debt": "other",
  "False statements or representation": "other",
  "Communication tactics": "other",
  "Electronic communications": "other",
};

/** Labels compared without case, curly quotes, doubled spaces or a trailing full stop. */
export function normalizeLabel(label: string): string {
  return label
    .normalize("NFKC")
    .replace(/[‘’`´]/g, "'")
    .replace(/[‐‑–—]/g, "-")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/\.$/, "")
    .toLowerCase();
}

function lookup(table: Readonly<Record<string, Category>>): Map<string, Category> {
  return new Map(Object.entries(table).map(([label, category]) => [normalizeLabel(label), category]));
}
const SUB_ISSUES = lookup(CFPB_SUB_ISSUE_CATEGORIES);
const ISSUES = lookup(CFPB_ISSUE_CATEGORIES);

export function cfpbCategory(issue: string, subIssue?: string | null): Category {
  return SUB_ISSUES.get(normalizeLabel(subIssue ?? "")) ?? ISSUES.get(normalizeLabel(issue)) ?? "other";
}

/** Whether the label is one we have mapped (as an issue or a sub-issue), `other` included. */
export function isKnownCfpbLabel(label: string): boolean {
  const key = normalizeLabel(label);
  return SUB_ISSUES.has(key) || ISSUES.has(key);
}

function productOf(label: string): Product | null {
  const text = normalizeLabel(label);
  if (!text) return null;
  if (/prepaid/.test(text) && !/credit card/.test(text)) return "other";
  if (/credit card/.test(text)) return "credit_card";
  if (/payday/.test(text)) return "online_loan";
  if (/installment|personal loan|personal line of credit|consumer loan|auto|vehicle|title loan/.test(text)) return "consumer_finance";
  return null;
}

/** The sub-product says most ("Debt collection" / "Credit card debt"); the product speaks when it does not. */
export function cfpbProduct(product: string, subProduct?: string | null): Product {
  return productOf(subProduct ?? "") ?? productOf(product) ?? "other";
}

const RESPONSES: Readonly<Record<string, Outcome | null>> = {
  "closed with monetary relief": "monetary_relief",
  "closed with non-monetary relief": "non_monetary_relief",
  "closed with relief": "non_monetary_relief",
  "closed with explanation": "explanation",
  "closed without relief": "explanation",
  closed: "explanation",
  "in progress": "in_progress",
  "untimely response": null,
};

export function cfpbResponseToOutcome(companyResponse: string | null | undefined): Outcome | null {
  return RESPONSES[normalizeLabel(companyResponse ?? "")] ?? null;
}

/** Always null: a US state is not one of our provinces (see NO_REGION for storage). */
export function cfpbRegion(_state: string | null | undefined): null {
  return null;
}

/** "2023-05-10", "2023-05-10T12:00:00-05:00", "05/10/2023" or "5/10/23" → "2023-05-10"; null if not a date. */
export function parseCfpbDate(text: string): string | null {
  const value = text.trim();
  let iso: string | null = null;
  const ymd = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(value);
  const mdy = /^(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})$/.exec(value);
  if (ymd) iso = `${ymd[1]}-${ymd[2]}-${ymd[3]}`;
  else if (mdy) {
    // The database starts in 2011: a two-digit year is this century's.
    const year = mdy[3].length === 2 ? `20${mdy[3]}` : mdy[3];
    iso = `${year}-${mdy[1].padStart(2, "0")}-${mdy[2].padStart(2, "0")}`;
  }
  return iso && isCalendarDate(iso) ? iso : null;
}

function yesNo(text: string): boolean | null {
  const value = normalizeLabel(text);
  return value === "yes" ? true : value === "no" ? false : null;
}

export type CfpbRecord = {
  complaintId: string;
  dateReceived: string;
  product: string;
  subProduct: string | null;
  issue: string;
  subIssue: string | null;
  narrative: string | null;
  companyPublicResponse: string | null;
  company: string;
  state: string | null;
  zipCode: string | null;
  tags: string[];
  consent: boolean;
  submittedVia: string | null;
  dateSentToCompany: string | null;
  companyResponse: string | null;
  timely: boolean | null;
  disputed: boolean | null;
};

const columnShape = Object.fromEntries(CFPB_COLUMNS.map((column) => [column, z.string({ error: "error.cfpb.column" })])) as Record<CfpbColumn, z.ZodString>;

/**
 * One CSV row (as csv-parse gives it with `columns: true`, BOM removed) →
 * a CfpbRecord. Every column must be present; empty cells become null.
 * Messages are catalogue keys.
 */
export const cfpbRowSchema = z.object(columnShape).transform((row, ctx): CfpbRecord => {
  const cell = (column: CfpbColumn) => row[column].trim() || null;
  const fail = (column: CfpbColumn, message: string) => {
    ctx.addIssue({ code: "custom", path: [column], message, input: row[column] });
  };

  const dateReceived = parseCfpbDate(row["Date received"]);
  if (!dateReceived) fail("Date received", "error.cfpb.date");
  const sent = cell("Date sent to company");
  const dateSentToCompany = sent ? parseCfpbDate(sent) : null;
  if (sent && !dateSentToCompany) fail("Date sent to company", "error.cfpb.date");
  const complaintId = row["Complaint ID"].trim();
  if (!/^\d+$/.test(complaintId)) fail("Complaint ID", "error.cfpb.complaintId");
  for (const column of ["Product", "Issue", "Company"] as const) {
    if (!cell(column)) fail(column, "error.cfpb.required");
  }

  const consent = normalizeLabel(row["Consumer consent provided?"]) === "consent provided";
  return {
    complaintId,
    dateReceived: dateReceived ?? "",
    product: row.Product.trim(),
    subProduct: cell("Sub-product"),
    issue: row.Issue.trim(),
    subIssue: cell("Sub-issue"),
    narrative: consent ? cell("Consumer complaint narrative") : null,
    companyPublicResponse: cell("Company public response"),
    company: row.Company.trim(),
    state: cell("State"),
    zipCode: cell("ZIP code"),
    tags: row.Tags.split(",")
      .map((tag) => tag.trim())
      .filter(Boolean),
    consent,
    submittedVia: cell("Submitted via"),
    dateSentToCompany,
    companyResponse: cell("Company response to consumer"),
    timely: yesNo(row["Timely response?"]),
    disputed: yesNo(row["Consumer disputed?"]),
  };
});

export function isDebtCollection(row: { product: string } | { Product: string }): boolean {
  const product = "product" in row ? row.product : row.Product;
  return normalizeLabel(product ?? "") === "debt collection";
}

/** What an imported debt-collection complaint counts as on our dashboard. */
export type CfpbImport = {
  category: Category;
  product: Product;
  outcome: Outcome | null;
  region: null;
};

export function mapCfpbRecord(record: CfpbRecord): CfpbImport {
  return {
    category: cfpbCategory(record.issue, record.subIssue),
    product: cfpbProduct(record.product, record.subProduct),
    outcome: cfpbResponseToOutcome(record.companyResponse),
    region: cfpbRegion(record.state),
  };
}
