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
    expect(errorsOf({ ...valid, consumerPhone: "6123 4567" })).toEqual({ consumerPhone: ["error.phone.needsAreaCode|6123 4567"] });
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

describe("filingSchema's consumer phone", () => {
  it("stores the number by its key, however it was typed", () => {
    expect(schema.parse({ ...valid, consumerPhone: "１３９－１２３４－５６７８" }).consumerPhone).toBe("+8613912345678");
  });

  it.each([
    ["95588", "error.phone.notReachable|95588"],
    ["未知号码", "error.phone.notReachable|未知号码"],
    ["1380013800", "error.phone.notInUse|1380013800"],
    ["没有", "error.phone.noDigits|没有"],
  ])("refuses %s with a reason: a consumer must be reachable", (consumerPhone, message) => {
    expect(errorsOf({ ...valid, consumerPhone })).toEqual({ consumerPhone: [message] });
  });
});

describe("filingSchema's collector numbers", () => {
  it("keeps each number once by its key, as first typed, and keeps what cannot be verified", () => {
    const { collectorPhones } = schema.parse({
      ...valid,
      collectorPhones: "021－62345678\n+86 21 6234 5678\n未知号码\n1069 0000 1234\n6123 4567\n13800138000 13900139000",
    });
    expect(collectorPhones).toEqual([
      { key: "+862162345678", typed: "021－62345678" },
      { key: "withheld", typed: "未知号码" },
      { key: "sms:106900001234", typed: "1069 0000 1234" },
      { key: "unverified:61234567", typed: "6123 4567" },
      { key: "+8613800138000", typed: "13800138000" },
      { key: "+8613900139000", typed: "13900139000" },
    ]);
  });

  it("refuses only a line without a digit, and says which", () => {
    expect(errorsOf({ ...valid, collectorPhones: "13800138000\n催收公司的电话" })).toEqual({ collectorPhones: ["error.phone.noDigits|催收公司的电话"] });
  });
});

describe("filingSchema's account", () => {
  it.each(["天天打我", "每天半夜打电话骂我", "他们打电话给我妈妈，说我欠钱不还。", "Calls at 3am", "Сбор долгов звонит ночью"])(
    "accepts a short real account: %s",
    (narrative) => {
      expect(errorsOf({ ...valid, narrative })).toEqual({});
    },
  );

  it.each([
    ["。。。。。。。。。。。。。。。。。。。。", "error.narrative.empty"],
    ["!!!???…… —— ###", "error.narrative.empty"],
    ["啊啊啊啊啊啊啊啊啊啊", "error.narrative.tooShort"],
    ["aaaaAAAA", "error.narrative.tooShort"],
    ["催收", "error.narrative.tooShort"],
    ["   ", "error.narrative.required"],
  ])("refuses what says nothing: %s", (narrative, message) => {
    expect(errorsOf({ ...valid, narrative })).toEqual({ narrative: [message] });
  });
});
