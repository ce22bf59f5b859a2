import { describe, expect, it } from "vitest";
import {
  bandLabels,
  fillMonths,
  formatShare,
  MAX_MONTHS,
  parseStatsFilter,
  rankInstitutions,
  rate,
  shareAnsweredInTime,
  statsFilterSchema,
  statsFilterToSearchParams,
} from "./shape";

describe("rate", () => {
  it.each([
    [1, 2, 0.5],
    [0, 5, 0],
    [3, 0, null],
    [0, 0, null],
    [3n, 4n, 0.75],
    [0n, 0n, null],
  ] as const)("%s / %s → %s", (numerator, denominator, expected) => {
    expect(rate(numerator, denominator)).toBe(expected);
  });
});

describe("shareAnsweredInTime", () => {
  it("is the share of answered complaints answered in time", () => {
    expect(shareAnsweredInTime(7, 8)).toBe(0.875);
    expect(shareAnsweredInTime(8n, 8n)).toBe(1);
  });

  it("is null when nothing was answered", () => {
    expect(shareAnsweredInTime(0, 0)).toBeNull();
  });

  it("refuses more answered in time than answered", () => {
    expect(() => shareAnsweredInTime(9, 8)).toThrow(RangeError);
    expect(() => shareAnsweredInTime(-1, 8)).toThrow(RangeError);
  });
});

describe("formatShare", () => {
  it.each([
    [0.875, "87.5%"],
    [1, "100%"],
    [0, "0%"],
    [1 / 3, "33.3%"],
    [null, "—"],
  ])("%s → %s", (share, text) => {
    expect(formatShare(share)).toBe(text);
  });
});

describe("fillMonths", () => {
  it("fills the months without rows with 0, in order", () => {
    expect(
      fillMonths(
        [
          { month: "2026-03", count: 4 },
          { month: "2025-12", count: 2 },
        ],
        "2025-11",
        "2026-03",
      ),
    ).toEqual([
      { month: "2025-11", count: 0 },
      { month: "2025-12", count: 2 },
      { month: "2026-01", count: 0 },
      { month: "2026-02", count: 0 },
      { month: "2026-03", count: 4 },
    ]);
  });

  it("takes dates for the range, adds up two rows of one month, and leaves out rows outside", () => {
    expect(
      fillMonths(
        [
          { month: "2026-01", count: 1n },
          { month: "2026-01", count: 2 },
          { month: "2025-06", count: 9 },
        ],
        "2026-01-15",
        "2026-02-01",
      ),
    ).toEqual([
      { month: "2026-01", count: 3 },
      { month: "2026-02", count: 0 },
    ]);
  });

  it("gives one month for a range of one month and none for a range backwards", () => {
    expect(fillMonths([], "2026-05", "2026-05")).toEqual([{ month: "2026-05", count: 0 }]);
    expect(fillMonths([{ month: "2026-05", count: 1 }], "2026-06", "2026-05")).toEqual([]);
  });

  it("refuses what is not a month, and ranges too long to draw", () => {
    expect(() => fillMonths([], "2026-13", "2026-12")).toThrow(RangeError);
    expect(() => fillMonths([{ month: "March", count: 1 }], "2026-01", "2026-12")).toThrow(RangeError);
    expect(() => fillMonths([], "1900-01", "2026-01")).toThrow(RangeError);
    expect(fillMonths([], "2000-01", "2049-12")).toHaveLength(MAX_MONTHS);
  });
});

describe("rankInstitutions", () => {
  const rows = [
    { name: "招商银行", count: 5 },
    { name: "工商银行", count: 12 },
    { name: "建设银行", count: 5 },
    { name: "农业银行", count: 1 },
    { name: "北京银行", count: 5n },
  ];

  it("sorts by count, most first, then by name in pinyin order, with shared ranks", () => {
    expect(rankInstitutions(rows).map((r) => [r.rank, r.name])).toEqual([
      [1, "工商银行"],
      [2, "北京银行"],
      [2, "建设银行"],
      [2, "招商银行"],
      [5, "农业银行"],
    ]);
  });

  it("keeps the other fields and leaves the rows as they were", () => {
    const ranked = rankInstitutions([
      { name: "B", count: 1, id: "b" },
      { name: "A", count: 1, id: "a" },
    ]);
    expect(ranked).toEqual([
      { name: "A", count: 1, id: "a", rank: 1 },
      { name: "B", count: 1, id: "b", rank: 1 },
    ]);
    expect(rows[0].name).toBe("招商银行");
  });

  it("ranks nothing for no rows", () => {
    expect(rankInstitutions([])).toEqual([]);
  });
});

describe("statsFilterSchema", () => {
  it("accepts no filters at all", () => {
    expect(statsFilterSchema.parse({})).toEqual({});
  });

  it("accepts every filter", () => {
    const query = {
      from: "2026-01-01",
      to: "2026-03-31",
      institution: " 招商银行 ",
      agency: "某某资产管理",
      product: "credit_card",
      region: "310000",
      category: "harassment.repeated_calls",
      status: "escalated",
      by: "month",
    };
    expect(statsFilterSchema.parse(query)).toEqual({ ...query, institution: "招商银行" });
  });

  it("takes empty fields from a submitted form as not chosen", () => {
    expect(statsFilterSchema.parse({ from: "", product: " ", by: "" })).toEqual({ from: undefined, product: undefined, by: undefined });
  });

  it.each([
    ["from", "2026-02-30", "error.stats.date"],
    ["to", "01/03/2026", "error.stats.date"],
    ["from", "1900-01-01", "error.stats.dateOutOfRange"],
    ["to", "2100-01-01", "error.stats.dateOutOfRange"],
    ["product", "mortgage", "error.stats.product"],
    ["region", "000000", "error.stats.region"],
    ["region", "31", "error.stats.region"],
    ["category", "harassment", "error.stats.category"],
    ["status", "open", "error.stats.status"],
    ["by", "week", "error.stats.by"],
    ["institution", "银".repeat(101), "error.stats.tooLong"],
    ["agency", ["a", "b"], "error.stats.text"],
  ])("refuses %s=%s with %s", (field, value, message) => {
    const result = statsFilterSchema.safeParse({ [field]: value });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([expect.objectContaining({ path: [field], message })]);
  });

  it("refuses a range that ends before it starts", () => {
    const result = statsFilterSchema.safeParse({ from: "2026-03-01", to: "2026-02-01" });
    expect(result.error?.issues).toEqual([expect.objectContaining({ path: ["to"], message: "error.stats.dateRange" })]);
    expect(statsFilterSchema.safeParse({ from: "2026-03-01", to: "2026-03-01" }).success).toBe(true);
  });
});

describe("the query string", () => {
  it("parses a URL's filters, the last of a repeated field counting", () => {
    const result = parseStatsFilter(new URLSearchParams("product=online_loan&by=institution&by=region&region=&x=1"));
    expect(result.success && result.data).toEqual({ product: "online_loan", by: "region", region: undefined });
  });

  it("writes the filters back in a fixed order without empty fields", () => {
    const params = statsFilterToSearchParams({ by: "month", institution: "招商银行", from: "2026-01-01", region: undefined });
    expect(params.toString()).toBe("from=2026-01-01&institution=%E6%8B%9B%E5%95%86%E9%93%B6%E8%A1%8C&by=month");
  });

  it("round-trips", () => {
    const filter = statsFilterSchema.parse({ from: "2026-01-01", to: "2026-06-30", category: "privacy.publication", status: "closed" });
    const again = parseStatsFilter(statsFilterToSearchParams(filter));
    expect(again.success && again.data).toEqual(filter);
  });
});

describe("bandLabels", () => {
  it("names each band by its first and last value, the last one open", () => {
    expect(bandLabels([0, 4, 9, 19])).toEqual(["0", "1–4", "5–9", "10–19", "20+"]);
    expect(bandLabels([1, 4, 9])).toEqual(["0–1", "2–4", "5–9", "10+"]);
  });
});
