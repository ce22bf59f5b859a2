import { describe, expect, it } from "vitest";
import { recogniseSearch } from "./queue-search";

describe("the queue's search box", () => {
  it("reads a complaint code however it was typed", () => {
    expect(recogniseSearch(" cw-2026-000123 ")).toEqual({ kind: "code", code: "CW-2026-000123" });
    expect(recogniseSearch("cw–2026–000123")).toEqual({ kind: "code", code: "CW-2026-000123" });
  });

  it("reads a collector number in the form complaints store it", () => {
    expect(recogniseSearch("+86 138-0013-8000")).toEqual({ kind: "collector", number: "+8613800138000" });
    expect(recogniseSearch("138 0013 8000")).toEqual({ kind: "collector", number: "+8613800138000" });
    expect(recogniseSearch("021 6234-5678")).toEqual({ kind: "collector", number: "+862162345678" });
    expect(recogniseSearch("95588")).toEqual({ kind: "collector", number: "short:95588" });
    // Not verifiable, but nothing but a number: searched as CollectorPhone keeps it.
    expect(recogniseSearch("6123 4567")).toEqual({ kind: "collector", number: "unverified:61234567" });
  });

  it("takes anything else as an agency's name, trimmed", () => {
    expect(recogniseSearch(" 某某资产管理有限公司 ")).toEqual({ kind: "agency", agency: "某某资产管理有限公司" });
    expect(recogniseSearch("CW-2026")).toEqual({ kind: "agency", agency: "CW-2026" });
    expect(recogniseSearch("360借条")).toEqual({ kind: "agency", agency: "360借条" });
  });

  it("ignores an empty box", () => {
    expect(recogniseSearch("   ")).toBeNull();
    expect(recogniseSearch(undefined)).toBeNull();
  });
});
