import { describe, expect, it } from "vitest";
import { suggestRoute, type RoutingFacts } from "./routing";

const ordinary: RoutingFacts = {
  categories: ["harassment.repeated_calls", "third_party.family"],
  priorComplaint: false,
  complaintsSharingCollector: 0,
  institutionHasBankReviewer: true,
};

describe("suggestRoute", () => {
  it("sends an ordinary complaint to the creditor first", () => {
    expect(suggestRoute(ordinary)).toEqual({ route: "bank", reasons: ["first_complaint_responsibility"] });
  });

  it.each(["harassment.threats", "deception.impersonation", "deception.fake_documents", "privacy.publication"])(
    "sends %s straight to the regulator",
    (category) => {
      expect(suggestRoute({ ...ordinary, categories: ["harassment.repeated_calls", category] })).toEqual({
        route: "regulator",
        reasons: ["serious_conduct"],
      });
    },
  );

  it("sends a consumer who already complained without result to the regulator", () => {
    expect(suggestRoute({ ...ordinary, priorComplaint: true }).reasons).toEqual(["prior_complaint"]);
  });

  it("sends a collector number named in other complaints to the regulator", () => {
    expect(suggestRoute({ ...ordinary, complaintsSharingCollector: 1 }).reasons).toEqual(["repeat_collector"]);
  });

  it("sends a creditor without a bank reviewer to the regulator", () => {
    expect(suggestRoute({ ...ordinary, institutionHasBankReviewer: false })).toEqual({ route: "regulator", reasons: ["no_bank_reviewer"] });
  });

  it("counts strong call-log findings from two rules on, or from three calls breaking one", () => {
    expect(suggestRoute({ ...ordinary, strongCallFindings: 1, breachingCalls: 2 }).route).toBe("bank");
    expect(suggestRoute({ ...ordinary, strongCallFindings: 2, breachingCalls: 2 }).reasons).toEqual(["strong_call_findings"]);
    expect(suggestRoute({ ...ordinary, strongCallFindings: 1, breachingCalls: 3 }).reasons).toEqual(["strong_call_findings"]);
    // 15 of 15 calls in the forbidden hours: one rule, broken fifteen times.
    expect(suggestRoute({ ...ordinary, strongCallFindings: 1, breachingCalls: 15 })).toEqual({ route: "regulator", reasons: ["strong_call_findings"] });
  });

  it("gives every reason that applies", () => {
    expect(
      suggestRoute({ categories: ["harassment.threats"], priorComplaint: true, complaintsSharingCollector: 3, institutionHasBankReviewer: false }).reasons,
    ).toEqual(["serious_conduct", "prior_complaint", "repeat_collector", "no_bank_reviewer"]);
  });
});
