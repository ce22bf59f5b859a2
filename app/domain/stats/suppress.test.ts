import { describe, expect, it } from "vitest";
import { formatCount, isSuppressed, SMALL_CELL_THRESHOLD, suppressCount, suppressSmallCells } from "./suppress";

describe("suppressCount", () => {
  it.each([
    [0, 0],
    [1, "<5"],
    [4, "<5"],
    [5, 5],
    [1234, 1234],
    [3n, "<5"],
    [0n, 0],
    [12n, 12],
  ] as const)("%s → %s", (count, shown) => {
    expect(suppressCount(count)).toBe(shown);
  });

  it("takes another threshold", () => {
    expect(suppressCount(9, 10)).toBe("<10");
    expect(suppressCount(10, 10)).toBe(10);
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])("refuses %s", (count) => {
    expect(() => suppressCount(count)).toThrow(RangeError);
  });

  it("has the threshold of five", () => {
    expect(SMALL_CELL_THRESHOLD).toBe(5);
    expect(isSuppressed(suppressCount(2))).toBe(true);
    expect(isSuppressed(suppressCount(0))).toBe(false);
  });
});

describe("formatCount", () => {
  it.each([
    [0, "0"],
    [3, "<5"],
    [5, "5"],
    [12345, "12,345"],
    [7n, "7"],
    ["<5", "<5"],
  ] as const)("%s → %s", (count, text) => {
    expect(formatCount(count)).toBe(text);
  });

  it("groups digits the locale's way", () => {
    expect(formatCount(1234567, "en")).toBe("1,234,567");
    expect(formatCount(1234567, "de-DE")).toBe("1.234.567");
  });
});

describe("suppressSmallCells", () => {
  const rows = [
    { institution: "招商银行", alleged: 12, substantiated: 3, pending: null },
    { institution: "某消费金融", alleged: 4, substantiated: 0, pending: 2 },
    { institution: "某网贷", alleged: 5n, substantiated: 1n, pending: 7 },
  ];

  it("suppresses only the named count fields and keeps the rest", () => {
    expect(suppressSmallCells(rows, ["alleged", "substantiated"])).toEqual([
      { institution: "招商银行", alleged: 12, substantiated: "<5", pending: null },
      { institution: "某消费金融", alleged: "<5", substantiated: 0, pending: 2 },
      { institution: "某网贷", alleged: 5, substantiated: "<5", pending: 7 },
    ]);
  });

  it("keeps a null count as null", () => {
    expect(suppressSmallCells(rows, ["pending"]).map((r) => r.pending)).toEqual([null, "<5", 7]);
  });

  it("does not change the rows it was given", () => {
    const copy = structuredClone(rows);
    suppressSmallCells(rows, ["alleged", "substantiated", "pending"]);
    expect(rows).toEqual(copy);
  });

  it("takes another threshold and refuses a senseless one", () => {
    expect(suppressSmallCells([{ n: 9 }], ["n"], 10)).toEqual([{ n: "<10" }]);
    expect(() => suppressSmallCells([{ n: 9 }], ["n"], 0)).toThrow(RangeError);
  });

  it("returns an empty table for an empty table", () => {
    expect(suppressSmallCells([] as { n: number }[], ["n"])).toEqual([]);
  });
});
