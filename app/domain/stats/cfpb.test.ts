import { describe, expect, it } from "vitest";
import { OUTCOMES } from "../status";
import { CATEGORIES, PRODUCTS } from "../taxonomy";
import {
  CFPB_COLUMNS,
  CFPB_ISSUE_CATEGORIES,
  CFPB_SUB_ISSUE_CATEGORIES,
  cfpbCategory,
  cfpbProduct,
  cfpbRegion,
  cfpbResponseToOutcome,
  cfpbRowSchema,
  isDebtCollection,
  isKnownCfpbLabel,
  mapCfpbRecord,
  NO_REGION,
  parseCfpbDate,
  type CfpbRow,
} from "./cfpb";

// The current form's issues and sub-issues, as reference/cfpb.md lists them.
const CURRENT_FORM: Record<string, string[]> = {
  "Attempts to collect debt not owed": [
    "Debt is not yours",
    "Debt was result of identity theft",
    "Debt was paid",
    "Debt was already discharged in bankruptcy and is no longer owed",
  ],
  "Took or threatened to take negative or legal action": [
    "Threatened or suggested your credit would be damaged",
    "Threatened to sue you for very old debt",
    "Sued you without properly notifying you of lawsuit",
    "Collected or attempted to collect exempt funds",
    "Threatened to arrest you or take you to jail if you do not pay",
    "Seized or attempted to seize your property",
    "Sued you in a state where you do not live or did not sign for the debt",
    "Threatened to turn you in to immigration or deport you",
  ],
  "Written notification about debt": [
    "Didn't receive enough information to verify debt",
    "Didn't receive notice of right to dispute",
    "Notification didn't disclose it was an attempt to collect a debt",
  ],
  "False statements or representation": [
    "Attempted to collect wrong amount",
    "Indicated you were committing crime by not paying debt",
    "Impersonated attorney, law enforcement, or government official",
    "Told you not to respond to a lawsuit they filed against you",
  ],
  "Communication tactics": [
    "Frequent or repeated calls",
    "You told them to stop contacting you, but they keep trying",
    "Used obscene, profane, or other abusive language",
    "Called before 8am or after 9pm",
  ],
  "Electronic communications": [
    "Frequent or repeated messages",
    "You told them to stop contacting you, but they keep trying",
    "Contacted before 8am or after 9pm",
    "Used obscene, profane, or other abusive language",
  ],
  "Threatened to contact someone or share information improperly": [
    "Talked to a third-party about your debt",
    "Contacted you after you asked them to stop",
    "Contacted your employer",
    "Contacted you instead of your attorney",
  ],
};

describe("cfpbCategory", () => {
  it.each([
    ["Communication tactics", "Frequent or repeated calls", "harassment.repeated_calls"],
    ["Communication tactics", "Called before 8am or after 9pm", "harassment.inconvenient_hours"],
    ["Electronic communications", "Contacted before 8am or after 9pm", "harassment.inconvenient_hours"],
    ["Communication tactics", "Used obscene, profane, or other abusive language", "harassment.abusive_language"],
    ["Threatened to contact someone or share information improperly", "Talked to a third-party about your debt", "privacy.disclosure"],
    ["Threatened to contact someone or share information improperly", "Contacted your employer", "third_party.employer"],
    ["False statements or representation", "Impersonated attorney, law enforcement, or government official", "deception.impersonation"],
    ["False statements or representation", "Attempted to collect wrong amount", "deception.false_amount"],
    ["Took or threatened to take negative or legal action", "Threatened to arrest you or take you to jail if you do not pay", "deception.false_legal_threats"],
    ["Took or threatened to take negative or legal action", "Threatened to sue you for very old debt", "deception.false_legal_threats"],
    ["Attempts to collect debt not owed", "Debt was paid", "deception.false_amount"],
    ["Written notification about debt", "Didn't receive notice of right to dispute", "other"],
    // The older generation.
    ["Improper contact or sharing of info", "Talked to a third party about my debt", "privacy.disclosure"],
    ["Improper contact or sharing of info", "Contacted employer after asked not to", "third_party.employer"],
    ["Communication tactics", "Called outside of 8am-9pm", "harassment.inconvenient_hours"],
    ["Communication tactics", "Used obscene/profane/abusive language", "harassment.abusive_language"],
    ["Communication tactics", "Called after sent written cease of comm", "harassment.repeated_calls"],
    ["Taking/threatening an illegal action", "Threatened arrest/jail if do not pay", "deception.false_legal_threats"],
    ["False statements or representation", "Impersonated an attorney or official", "deception.impersonation"],
    ["Cont'd attempts collect debt not owed", "Debt is not mine", "deception.false_amount"],
    ["Disclosure verification of debt", "Not given enough info to verify debt", "other"],
  ])("%s / %s → %s", (issue, subIssue, category) => {
    expect(cfpbCategory(issue, subIssue)).toBe(category);
  });

  it("falls back on the issue when the sub-issue is empty or unknown", () => {
    expect(cfpbCategory("Improper contact or sharing of info", "")).toBe("privacy.disclosure");
    expect(cfpbCategory("Cont'd attempts collect debt not owed", null)).toBe("deception.false_amount");
    expect(cfpbCategory("Threatened to contact someone or share information improperly", "Something new")).toBe("privacy.disclosure");
  });

  it("maps anything else to other", () => {
    expect(cfpbCategory("Incorrect information on your report", "Information belongs to someone else")).toBe("other");
    expect(cfpbCategory("", "")).toBe("other");
  });

  it("forgives case, spacing, curly apostrophes and a trailing full stop", () => {
    expect(cfpbCategory("communication  tactics", "  CALLED BEFORE 8AM OR AFTER 9PM. ")).toBe("harassment.inconvenient_hours");
    expect(cfpbCategory("Cont’d attempts collect debt not owed", "")).toBe("deception.false_amount");
  });

  it("knows every issue and sub-issue of the current form", () => {
    for (const [issue, subIssues] of Object.entries(CURRENT_FORM)) {
      expect(isKnownCfpbLabel(issue), issue).toBe(true);
      for (const subIssue of subIssues) expect(isKnownCfpbLabel(subIssue), subIssue).toBe(true);
    }
  });

  it("knows the older issues", () => {
    for (const issue of [
      "Improper contact or sharing of info",
      "Cont'd attempts collect debt not owed",
      "Disclosure verification of debt",
      "Taking/threatening an illegal action",
    ]) {
      expect(isKnownCfpbLabel(issue), issue).toBe(true);
    }
  });

  it("maps only to our category codes", () => {
    for (const category of [...Object.values(CFPB_SUB_ISSUE_CATEGORIES), ...Object.values(CFPB_ISSUE_CATEGORIES)]) {
      expect(CATEGORIES).toContain(category);
    }
  });
});

describe("cfpbProduct", () => {
  it.each([
    ["Debt collection", "Credit card debt", "credit_card"],
    ["Debt collection", "Credit card", "credit_card"],
    ["Debt collection", "Payday loan debt", "online_loan"],
    ["Debt collection", "Payday loan", "online_loan"],
    ["Debt collection", "Auto debt", "consumer_finance"],
    ["Debt collection", "Auto", "consumer_finance"],
    ["Debt collection", "Medical debt", "other"],
    ["Debt collection", "Private student loan debt", "other"],
    ["Debt collection", "I do not know", "other"],
    ["Debt collection", "Other (i.e. phone, health club, etc.)", "other"],
    ["Debt collection", "", "other"],
    ["Credit card or prepaid card", "General-purpose credit card or charge card", "credit_card"],
    ["Credit card or prepaid card", "General-purpose prepaid card", "other"],
    ["Credit card", "", "credit_card"],
    ["Payday loan, title loan, or personal loan", "Installment loan", "consumer_finance"],
    ["Payday loan, title loan, or personal loan", "Payday loan", "online_loan"],
    ["Payday loan, title loan, or personal loan", "Title loan", "consumer_finance"],
    ["Payday loan, title loan, or personal loan", "Personal line of credit", "consumer_finance"],
    ["Consumer Loan", "Vehicle loan", "consumer_finance"],
    ["Vehicle loan or lease", "Loan", "consumer_finance"],
    ["Mortgage", "Conventional home mortgage", "other"],
  ])("%s / %s → %s", (product, subProduct, code) => {
    expect(cfpbProduct(product, subProduct)).toBe(code);
    expect(PRODUCTS).toContain(code);
  });
});

describe("cfpbResponseToOutcome", () => {
  it.each([
    ["Closed with monetary relief", "monetary_relief"],
    ["Closed with non-monetary relief", "non_monetary_relief"],
    ["Closed with relief", "non_monetary_relief"],
    ["Closed with explanation", "explanation"],
    ["Closed without relief", "explanation"],
    ["Closed", "explanation"],
    ["In progress", "in_progress"],
    ["Untimely response", null],
    ["", null],
    [null, null],
    ["Something else", null],
  ])("%s → %s", (response, outcome) => {
    expect(cfpbResponseToOutcome(response)).toBe(outcome);
    if (outcome) expect(OUTCOMES).toContain(outcome);
  });
});

describe("regions", () => {
  it("gives no Chinese region to a US state, and stores six digits that are no province", () => {
    expect(cfpbRegion("CA")).toBeNull();
    expect(NO_REGION).toMatch(/^\d{6}$/);
  });
});

describe("parseCfpbDate", () => {
  it.each([
    ["2023-05-10", "2023-05-10"],
    ["2023-05-10T12:00:00-05:00", "2023-05-10"],
    ["05/10/2023", "2023-05-10"],
    ["5/9/23", "2023-05-09"],
    [" 12/31/2016 ", "2016-12-31"],
    ["2023-02-30", null],
    ["13/01/2023", null],
    ["yesterday", null],
    ["", null],
  ])("%s → %s", (text, iso) => {
    expect(parseCfpbDate(text)).toBe(iso);
  });
});

function row(overrides: Partial<CfpbRow> = {}): CfpbRow {
  return {
    "Date received": "2023-05-10",
    Product: "Debt collection",
    "Sub-product": "Credit card debt",
    Issue: "Communication tactics",
    "Sub-issue": "Frequent or repeated calls",
    "Consumer complaint narrative": "They called me XXXX times on XX/XX/XXXX.",
    "Company public response": "Company has responded to the consumer and the CFPB and chooses not to provide a public response",
    Company: "Example Collections LLC",
    State: "TX",
    "ZIP code": "750XX",
    Tags: "Older American, Servicemember",
    "Consumer consent provided?": "Consent provided",
    "Submitted via": "Web",
    "Date sent to company": "05/10/2023",
    "Company response to consumer": "Closed with explanation",
    "Timely response?": "Yes",
    "Consumer disputed?": "N/A",
    "Complaint ID": "6961234",
    ...overrides,
  };
}

describe("cfpbRowSchema", () => {
  it("has the 18 columns of the export, in order", () => {
    expect(CFPB_COLUMNS).toHaveLength(18);
    expect(Object.keys(cfpbRowSchema.in.shape)).toEqual([...CFPB_COLUMNS]);
  });

  it("normalises a row", () => {
    expect(cfpbRowSchema.parse(row())).toEqual({
      complaintId: "6961234",
      dateReceived: "2023-05-10",
      product: "Debt collection",
      subProduct: "Credit card debt",
      issue: "Communication tactics",
      subIssue: "Frequent or repeated calls",
      narrative: "They called me XXXX times on XX/XX/XXXX.",
      companyPublicResponse: "Company has responded to the consumer and the CFPB and chooses not to provide a public response",
      company: "Example Collections LLC",
      state: "TX",
      zipCode: "750XX",
      tags: ["Older American", "Servicemember"],
      consent: true,
      submittedVia: "Web",
      dateSentToCompany: "2023-05-10",
      companyResponse: "Closed with explanation",
      timely: true,
      disputed: null,
    });
  });

  it.each([
    ["Consent provided", true],
    ["Consent not provided", false],
    ["Consent withdrawn", false],
    ["N/A", false],
    ["Other", false],
    ["", false],
  ])("consent %j → %s, and the narrative only with consent", (value, consent) => {
    const record = cfpbRowSchema.parse(row({ "Consumer consent provided?": value }));
    expect(record.consent).toBe(consent);
    expect(record.narrative === null).toBe(!consent);
  });

  it.each([
    ["Yes", true],
    ["No", false],
    ["N/A", null],
    ["", null],
  ])("disputed and timely %j → %s", (value, expected) => {
    const record = cfpbRowSchema.parse(row({ "Consumer disputed?": value, "Timely response?": value }));
    expect(record.disputed).toBe(expected);
    expect(record.timely).toBe(expected);
  });

  it("turns empty cells into null and no tags into an empty list", () => {
    const record = cfpbRowSchema.parse(
      row({ "Sub-issue": "", State: " ", "ZIP code": "", Tags: "", "Date sent to company": "", "Company response to consumer": "" }),
    );
    expect(record).toMatchObject({ subIssue: null, state: null, zipCode: null, tags: [], dateSentToCompany: null, companyResponse: null });
  });

  it("keeps other columns out", () => {
    expect(cfpbRowSchema.parse({ ...row(), Extra: "x" })).not.toHaveProperty("Extra");
  });

  it("reports bad cells with catalogue keys on their column", () => {
    const result = cfpbRowSchema.safeParse(row({ "Date received": "2023-13-01", "Date sent to company": "soon", "Complaint ID": "abc", Company: "" }));
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["Date received", "error.cfpb.date"],
      ["Date sent to company", "error.cfpb.date"],
      ["Complaint ID", "error.cfpb.complaintId"],
      ["Company", "error.cfpb.required"],
    ]);
  });

  it("refuses a row that lacks a column", () => {
    const { Tags: _tags, ...withoutTags } = row();
    const result = cfpbRowSchema.safeParse(withoutTags);
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([expect.objectContaining({ path: ["Tags"], message: "error.cfpb.column" })]);
  });
});

describe("isDebtCollection", () => {
  it("looks at the product of a raw row or a record", () => {
    expect(isDebtCollection(row())).toBe(true);
    expect(isDebtCollection(row({ Product: "Credit card" }))).toBe(false);
    expect(isDebtCollection({ product: " debt collection " })).toBe(true);
    expect(isDebtCollection({ product: "Debt or credit management" })).toBe(false);
  });
});

describe("mapCfpbRecord", () => {
  it("gives what the dashboard counts", () => {
    expect(mapCfpbRecord(cfpbRowSchema.parse(row()))).toEqual({
      category: "harassment.repeated_calls",
      product: "credit_card",
      outcome: "explanation",
      region: null,
    });
  });
});
