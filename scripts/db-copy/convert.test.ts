import { describe, expect, it } from "vitest";
import { converterFor, ValueError } from "./convert";

describe("a SQLite value in PostgreSQL's text form", () => {
  const timestamp = converterFor("timestamp without time zone");

  it("keeps a date's instant in UTC, whichever way SQLite holds it", () => {
    expect(timestamp("2026-11-29T01:02:03.456+00:00")).toBe("2026-11-29T01:02:03.456");
    expect(timestamp("2026-11-29T09:02:03.456+08:00")).toBe("2026-11-29T01:02:03.456");
    // SQLite's CURRENT_TIMESTAMP has no zone and means UTC, whatever the machine's zone.
    expect(timestamp("2026-11-29 01:02:03")).toBe("2026-11-29T01:02:03.000");
    expect(timestamp(Date.UTC(2026, 10, 29, 1, 2, 3, 456))).toBe("2026-11-29T01:02:03.456");
    expect(timestamp(null)).toBeNull();
    expect(() => timestamp("yesterday")).toThrow(ValueError);
  });

  it("turns 0 and 1 into booleans and nothing else", () => {
    const boolean = converterFor("boolean");
    expect([boolean(1), boolean(0), boolean(1n), boolean(null)]).toEqual(["t", "f", "t", null]);
    expect(() => boolean(2)).toThrow("not a boolean");
  });

  it("keeps every digit of an integer, and refuses one its column cannot hold", () => {
    expect(converterFor("bigint")(9007199254740993n)).toBe("9007199254740993");
    expect(converterFor("integer")(2147483647)).toBe("2147483647");
    expect(() => converterFor("integer")(2147483648)).toThrow("does not fit a 32-bit integer");
    expect(() => converterFor("integer")(1.5)).toThrow("not a whole number");
  });

  it("refuses text PostgreSQL cannot store, and a column type it does not know", () => {
    expect(converterFor("text")("催收\n\t\\")).toBe("催收\n\t\\");
    expect(() => converterFor("text")("a\u0000b")).toThrow("NUL");
    expect(() => converterFor("point")).toThrow("does not know how to fill");
  });
});
