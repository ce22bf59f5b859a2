import { describe, expect, it } from "vitest";
import { sameOriginPath } from "./redirect";

describe("where a sign-in may send someone back to", () => {
  it("keeps this site's paths with their query", () => {
    expect(sameOriginPath("/triage?status=open&q=138")).toBe("/triage?status=open&q=138");
    expect(sameOriginPath("/stats#by-month")).toBe("/stats#by-month");
  });

  it.each([
    "//evil.example",
    "/\\evil.example",
    "/%5Cevil.example".replace("%5C", "\\"),
    "\\\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "evil.example",
    "",
    null,
  ])("refuses %j", (target) => {
    expect(sameOriginPath(target)).toBeNull();
  });
});
