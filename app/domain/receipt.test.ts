import { describe, expect, it } from "vitest";
import { accessKeyFromBytes, filingYear, formatComplaintCode, normalizeAccessKey, normalizeComplaintCode } from "./receipt";

describe("complaint codes", () => {
  it("pads the sequence to six digits", () => {
    expect(formatComplaintCode(2026, 123)).toBe("CW-2026-000123");
    expect(formatComplaintCode(2027, 1234567)).toBe("CW-2027-1234567");
  });

  it.each([
    " cw-2026-000123 ",
    "CW–2026–000123",
    "CW2026000123",
    "cw2026000123",
    "CW 2026 000123",
    "CW-2026000123",
    "ＣＷ－２０２６－０００１２３",
    "CW－2026－000123",
    "cw—2026—000123",
    "CW - 2026 - 000123",
  ])("accepts the code however it is spaced or dashed: %j", (typed) => {
    expect(normalizeComplaintCode(typed)).toBe("CW-2026-000123");
  });

  it("reads a seven-digit sequence typed without dashes", () => {
    expect(normalizeComplaintCode("CW20271234567")).toBe("CW-2027-1234567");
  });

  it.each(["", "CW-26-000123", "CW-2026-123", "XX-2026-000123", "CW-2026-000123; drop"])("refuses %j", (input) => {
    expect(normalizeComplaintCode(input)).toBeNull();
  });

  it("takes the year in China, not UTC", () => {
    // 2026-12-31 17:00 UTC is already 1 January 2027 in Shanghai.
    expect(filingYear(new Date("2026-12-31T17:00:00Z"))).toBe(2027);
    expect(filingYear(new Date("2026-12-31T15:00:00Z"))).toBe(2026);
  });
});

describe("access keys", () => {
  it("makes four groups of five Crockford symbols", () => {
    const key = accessKeyFromBytes(new Uint8Array(13).fill(0xff));
    expect(key).toBe("ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ");
    expect(accessKeyFromBytes(new Uint8Array(13))).toBe("00000-00000-00000-00000");
    const mixed = accessKeyFromBytes(Uint8Array.from([1, 35, 69, 103, 137, 171, 205, 239, 16, 50, 84, 118, 152]));
    expect(mixed).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$/);
    expect(mixed).toBe("04HMA-SW9NF-6YY41-JAHV9");
  });

  it("accepts a key in any case, with or without dashes", () => {
    const canonical = "7KQ2M-9XH4T-B3VZP-A8WNE";
    for (const typed of [
      "7kq2m-9xh4t-b3vzp-a8wne",
      "7KQ2M9XH4TB3VZPA8WNE",
      "7KQ2M 9XH4T B3VZP A8WNE",
      "7KQ 2M9 XH4 TB3 VZP A8W NE",
      " 7KQ2M - 9XH4T - B3VZP - A8WNE ",
      "７ＫＱ２Ｍ－９ＸＨ４Ｔ－Ｂ３ＶＺＰ－Ａ８ＷＮＥ",
      "7KQ2M—9XH4T—B3VZP—A8WNE",
      "7KQ2M\u30009XH4T\u3000B3VZP\u3000A8WNE",
    ]) {
      expect(normalizeAccessKey(typed)).toBe(canonical);
    }
  });

  it("reads look-alike letters as the digits they resemble", () => {
    expect(normalizeAccessKey("OOOOO-IIIII-LLLLL-00000")).toBe("00000-11111-11111-00000");
  });

  it.each(["", "7KQ2M-9XH4T-B3VZP", "7KQ2M-9XH4T-B3VZP-A8WNEX", "7KQ2M-9XH4T-B3VZP-A8WNU"])("refuses %j", (input) => {
    expect(normalizeAccessKey(input)).toBeNull();
  });
});
