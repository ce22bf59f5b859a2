import { describe, expect, it } from "vitest";
import { recogniseSearch } from "./queue-search";

describe("the queue's search box", () => {
  it("reads a complaint code however it was typed", () => {
    expect(recogniseSearch(" cw-2026-000123 ")).toEqual({ kind: "code", code: "CW-2026-000123" });
    expect(recogniseSearch("cw–2026–000123")).toEqual({ kind: "code", code: "CW-2026-000123" });
  });

  it("reads a collector number in the form complaints store it", () => {
    expect(recogniseSearch("+86 138-0013-8000")).toEqual({ kind: "collector", number: "13800138000" });
    expect(recogniseSearch("4001234567")).toEqual({ kind: "collector", number: "400-123-4567" });
    expect(recogniseSearch("021 6234-5678")).toEqual({ kind: "collector", number: "021-62345678" });
  });

  it("takes anything else as an agency's name, trimmed", () => {
    expect(recogniseSearch(" 某某资产管理有限公司 ")).toEqual({ kind: "agency", agency: "某某资产管理有限公司" });
    expect(recogniseSearch("CW-2026")).toEqual({ kind: "agency", agency: "CW-2026" });
  });

  it("ignores an empty box", () => {
    expect(recogniseSearch("   ")).toBeNull();
    expect(recogniseSearch(undefined)).toBeNull();
  });
});
