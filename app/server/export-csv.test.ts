import { stringify } from "csv-stringify/sync";
import { describe, expect, it } from "vitest";
import { csvLines } from "./export-csv";

describe("csvLines", () => {
  it("writes what csv-stringify writes with escape_formulas, quoting only where needed", () => {
    const rows = [
      [
        "2026-01-02",
        "credit_card",
        "harassment;threats",
        "中国工商银行",
        "",
        "110000 Beijing",
        "closed",
        "",
        "",
        "Yes",
        "No",
        "",
        "Consent provided",
        '他说"再不还就上门"，还打给我妈',
        "CW-1",
      ],
      ['=HYPERLINK("http://x")', "+86 138", "-5", "@agency", "\tTab", "\rCR", "＝全角", "＋", "－", "＠", "a,b", "line\nbreak", "cr\rin", "'already", ""],
      ["", "", "", "", "", "", "", "", "", "", "", "", "", "", ""],
    ];
    expect(csvLines(rows)).toBe(stringify(rows, { escape_formulas: true }));
  });

  it("writes a missing value as an empty cell", () => {
    expect(csvLines([["a", null, "b"]])).toBe("a,,b\n");
  });
});
