import { describe, expect, it } from "vitest";
import { normalizePhone, splitPhoneLines } from "./phone";

describe("normalizePhone", () => {
  it.each([
    ["13800138000", "13800138000", "mobile"],
    ["138 0013 8000", "13800138000", "mobile"],
    ["138-0013-8000", "13800138000", "mobile"],
    ["+86 138 0013 8000", "13800138000", "mobile"],
    ["+8613800138000", "13800138000", "mobile"],
    ["008613800138000", "13800138000", "mobile"],
    ["8613800138000", "13800138000", "mobile"],
    ["１３８００１３８０００", "13800138000", "mobile"],
    ["010-62345678", "010-62345678", "landline"],
    ["(021) 6123 4567", "021-61234567", "landline"],
    ["0755-2345678", "0755-2345678", "landline"],
    ["075523456789", "0755-23456789", "landline"],
    ["+86 21 6123 4567", "021-61234567", "landline"],
    ["95588", "95588", "service"],
    ["955 33", "95533", "service"],
    ["4001234567", "400-123-4567", "service"],
    ["400-123-4567", "400-123-4567", "service"],
    ["800 820 8820", "800-820-8820", "service"],
    ["+63 917 123 4567", "+639171234567", "international"],
  ])("%s → %s", (input, number, kind) => {
    expect(normalizePhone(input)).toEqual({ ok: true, number, kind });
  });

  it.each(["12345", "1380013800", "138001380001", "23800138000", "phone", "+86", "010-123", "0100-1234567x"])("refuses %s", (input) => {
    expect(normalizePhone(input)).toEqual({ ok: false, reason: "phone.invalid" });
  });

  it("asks for the area code of a bare landline number", () => {
    expect(normalizePhone("61234567")).toEqual({ ok: false, reason: "phone.needsAreaCode" });
  });
});

describe("splitPhoneLines", () => {
  it("splits on new lines, commas and 、 and drops blanks", () => {
    expect(splitPhoneLines("13800138000\n\n 95588 ,010-62345678、4001234567\r\n")).toEqual(["13800138000", "95588", "010-62345678", "4001234567"]);
  });
});
