import { describe, expect, it } from "vitest";
import { filingSchema } from "./filing-schema";

const schema = filingSchema(new Date("2026-11-23T04:00:00Z"));

const valid = {
  institution: "招商银行",
  product: "credit_card",
  categories: ["third_party.family"],
  incidentStart: "2026-10-01",
  narrative: "催收员每天晚上十一点以后打电话，还打给我母亲。",
  priorComplaint: "no",
  consumerPhone: "13912345678",
  region: "310000",
};

/** Field → messages, as the form shows them. */
function errorsOf(input: Record<string, unknown>): Record<string, string[]> {
  const result = schema.safeParse(input);
  if (result.success) return {};
  const errors: Record<string, string[]> = {};
  for (const issue of result.error.issues) (errors[String(issue.path[0])] ??= []).push(issue.message);
  return errors;
}

describe("filingSchema's cross-field checks", () => {
  it("accepts a complete filing", () => {
    expect(errorsOf(valid)).toEqual({});
  });

  it("asks for a way to reach the consumer in the same pass as every other error", () => {
    const { consumerPhone: _phone, narrative: _narrative, ...rest } = valid;
    expect(errorsOf(rest)).toEqual({ narrative: ["error.narrative.required"], consumerPhone: ["error.contact.required"] });
  });

  it("says the end is before the start while other fields are still wrong", () => {
    expect(errorsOf({ ...valid, region: undefined, incidentEnd: "2026-09-30" })).toEqual({
      region: ["error.region.required"],
      incidentEnd: ["error.date.endBeforeStart"],
    });
  });

  it("does not compare dates when one of them is itself wrong", () => {
    expect(errorsOf({ ...valid, incidentStart: "2026-02-30", incidentEnd: "2026-01-01" })).toEqual({ incidentStart: ["error.date.invalid"] });
  });

  it("does not ask for contact details when the phone given is invalid: that error says enough", () => {
    expect(errorsOf({ ...valid, consumerPhone: "12345" })).toEqual({ consumerPhone: ["error.phone.invalid|12345"] });
  });

  it("takes an e-mail instead of a phone", () => {
    const { consumerPhone: _phone, ...rest } = valid;
    expect(errorsOf({ ...rest, consumerEmail: "xiaoming@example.cn" })).toEqual({});
  });
});

describe("filingSchema's categories", () => {
  it("takes a category ticked twice as one allegation", () => {
    const result = schema.parse({ ...valid, categories: ["other", "third_party.family", "other"] });
    expect(result.categories).toEqual(["other", "third_party.family"]);
  });
});
