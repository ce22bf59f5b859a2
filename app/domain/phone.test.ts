import { describe, expect, it } from "vitest";
import { displayPhone, identifiesLine, phoneKey, readPhone, readPhoneList } from "./phone";

/** Every spelling consumers were seen to type, by the one key each must match as. */
const SPELLINGS: Record<string, string[]> = {
  "+862162345678": [
    "021-62345678",
    "021－62345678",
    "０２１－６２３４５６７８",
    "021—6234—5678",
    "021 — 6234 5678",
    "（021）62345678",
    "【021】6234 5678",
    "(021) 6234 5678",
    "02162345678",
    "86-21-62345678",
    "+86 21 6234 5678",
    "+86-21-62345678",
    "0086 21 6234 5678",
    "+８６　２１　６２３４　５６７８",
    "021-62345678转123",
    "021－62345678 转 123",
    "021-62345678分机123",
    "021-62345678 ext. 123",
    "021-62345678x123",
    "021-62345678#123",
    "电话：021-62345678",
  ],
  "+861065529988": ["+86 10 6552 9988", "010-65529988", "010 6552 9988", "0086-10-65529988", "86-10-65529988", "０１０－６５５２９９８８"],
  "+864008208820": ["+86 400 820 8820", "400-820-8820", "4008208820", "400 820 8820", "0400-8208820", "４００－８２０－８８２０"],
  "+868008208820": ["800-820-8820", "800 820 8820", "+86 800 820 8820"],
  "+8613800138000": [
    "13800138000",
    "138 0013 8000",
    "138-0013-8000",
    "+86 138 0013 8000",
    "+8613800138000",
    "8613800138000",
    "008613800138000",
    "１３８００１３８０００",
    "１３８－００１３－８０００",
  ],
  "short:95588": ["95588", "955 88", "９５５８８", "+86 95588", "0086 95588"],
  "short:95105888": ["95105888", "9510 5888"],
  "short:12315": ["12315", "123 15"],
  "short:10086": ["10086"],
  "short:110": ["110"],
  "sms:106900001234": ["106900001234", "1069 0000 1234", "1069-0000-1234", "+86 1069 0000 1234", "１０６９００００１２３４"],
  "sms:10658000": ["10658000"],
  withheld: ["未知号码", "私人号码", "隐藏号码", "号码隐藏", "未知", "Unknown", "PRIVATE NUMBER", "withheld", "No Caller ID", "匿名"],
};

describe("readPhone", () => {
  for (const [key, spellings] of Object.entries(SPELLINGS)) {
    it(`reads every spelling of ${key} as that one key`, () => {
      expect(spellings.map((s) => [s, phoneKey(s)])).toEqual(spellings.map((s) => [s, key]));
    });
  }

  it("keeps the extension apart from the key, for display", () => {
    expect(readPhone("021－62345678转123")).toMatchObject({ status: "verified", key: "+862162345678", extension: "123" });
  });

  it("keeps a foreign number in E.164", () => {
    expect(phoneKey("+63 917 123 4567")).toBe("+639171234567");
    expect(phoneKey("001 212 555 0100")).toBe("+12125550100");
  });

  it.each([
    ["61234567", "needsAreaCode"],
    ["1380013800", "notInUse"],
    ["138001380001", "notInUse"],
    ["0216234567", "notInUse"],
    ["+1 911", "tooShort"],
    ["13800138000 12", "tooLong"],
    ["1380", "tooShort"],
    ["9512", "tooShort"],
  ])("keeps %s unverified (%s), as typed", (typed, why) => {
    const reading = readPhone(typed);
    expect(reading).toMatchObject({ status: "unverified", why, line: typed });
    expect(phoneKey(typed)).toBeNull();
  });

  it("gives an unverified number the same key however it is spaced", () => {
    expect(readPhone("6123 4567")).toMatchObject({ key: "unverified:61234567" });
    expect(readPhone("６１２３４５６７")).toMatchObject({ key: "unverified:61234567" });
  });

  it("refuses only what has no digit and is not a withheld number", () => {
    expect(readPhone("不知道")).toEqual({ status: "refused", reason: "phone.noDigits", line: "不知道" });
    expect(readPhone("——")).toMatchObject({ status: "refused" });
  });
});

describe("readPhoneList", () => {
  it("splits lines, commas and 、 and drops blanks", () => {
    expect(readPhoneList("13800138000\n\n 95588 ，010-62345678、4001234567\r\n").map((r) => "key" in r && r.key)).toEqual([
      "+8613800138000",
      "short:95588",
      "+861065529988".replace("1065529988", "1062345678"),
      "+864001234567",
    ]);
  });

  it.each([
    "13800138000 13900139000",
    "13800138000/13900139000",
    "138 0013 8000 或 139 0013 9000",
    "13800138000；13900139000",
    "13800138000 and 139-0013-9000",
  ])("splits two numbers on one line: %s", (line) => {
    expect(readPhoneList(line).map((r) => "key" in r && r.key)).toEqual(["+8613800138000", "+8613900139000"]);
  });

  it("splits a landline and a mobile written with spaces inside each", () => {
    expect(readPhoneList("021 6234 5678 138 0013 8000").map((r) => "key" in r && r.key)).toEqual(["+862162345678", "+8613800138000"]);
  });

  it("keeps a line whole, unverified, when its parts are not all numbers", () => {
    expect(readPhoneList("13800138000 12")).toMatchObject([{ status: "unverified", line: "13800138000 12" }]);
  });
});

describe("displayPhone", () => {
  it.each([
    ["+8613800138000", null, "138 0013 8000"],
    ["+862162345678", "021－62345678转123", "021 6234 5678 转 123"],
    ["+864008208820", null, "400 820 8820"],
    ["+639171234567", null, "+63 917 123 4567"],
    ["short:95588", null, "95588"],
    ["sms:106900001234", null, "106900001234"],
  ])("shows %s as %s", (key, typed, text) => {
    expect(displayPhone(key, typed)).toEqual({ text, status: "verified" });
  });

  it("shows an unverified number as typed and says so", () => {
    expect(displayPhone("unverified:61234567", "6123 4567")).toEqual({ text: "6123 4567", status: "unverified" });
  });

  it("writes the extension in the reader's language", () => {
    expect(displayPhone("+862162345678", "021-62345678 ext 9", "en").text).toBe("021 6234 5678 ext. 9");
  });
});

describe("displayPhone on rows written before keys existed", () => {
  it.each([
    ["13912345678", "139 1234 5678"],
    ["021-61234567", "021 6123 4567"],
    ["400-123-4567", "400 123 4567"],
  ])("shows %s as %s", (old, text) => {
    expect(displayPhone(old)).toEqual({ text, status: "verified" });
  });
});

describe("identifiesLine", () => {
  it("matches verified numbers, short codes and gateways, never withheld or unverified ones", () => {
    expect(["+862162345678", "short:95588", "sms:106900001234"].map(identifiesLine)).toEqual([true, true, true]);
    expect(["withheld", "unverified:61234567"].map(identifiesLine)).toEqual([false, false]);
  });
});
