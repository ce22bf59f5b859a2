import { describe, expect, it } from "vitest";
import { i18nFor } from "./i18n";

describe("one i18next instance per language", () => {
  it("gives each language its own texts, however requests in the two languages interleave", () => {
    const zh = i18nFor("zh-CN");
    const en = i18nFor("en");
    expect(i18nFor("zh-CN")).toBe(zh);
    for (let i = 0; i < 3; i++) {
      expect(en.t("triage.title")).toBe("Complaint queue");
      expect(zh.t("triage.title")).toBe("投诉队列");
    }
  });

  it("fills in values on every call, while texts without values are remembered", () => {
    // As react-i18next calls it: through a fixed t, with no language of its own.
    const t = i18nFor("en").getFixedT(null, "translation");
    expect(t("triage.days", { count: 3 })).toBe("3 days");
    expect(t("triage.days", { count: 4 })).toBe("4 days");
    expect(t("triage.title")).toBe("Complaint queue");
    expect(i18nFor("zh-CN").getFixedT(null, ["translation"])("triage.days", { count: 5 })).toBe("5 天");
  });

  it("remembers a text with numbers by its numbers, and never mixes up numbers or languages", () => {
    const t = i18nFor("en").getFixedT(null, "translation");
    for (let round = 0; round < 2; round++) {
      expect(t("triage.days", { count: 1 })).toBe("1 days");
      expect(t("triage.days", { count: 3 })).toBe("3 days");
      expect(i18nFor("zh-CN").getFixedT(null, "translation")("triage.days", { count: 3 })).toBe("3 天");
    }
  });
});
