import { describe, expect, it } from "vitest";
import { chooseLocale } from "./locale";

describe("chooseLocale", () => {
  it("takes the query first, then the cookie", () => {
    expect(chooseLocale({ query: "en", cookie: "zh-CN", acceptLanguage: "zh" })).toBe("en");
    expect(chooseLocale({ query: null, cookie: "en", acceptLanguage: "zh-CN" })).toBe("en");
    expect(chooseLocale({ query: "fr", cookie: "zh-CN", acceptLanguage: "en" })).toBe("zh-CN");
  });

  it("falls back to the browser's languages, by their weights", () => {
    expect(chooseLocale({ acceptLanguage: "en-US,en;q=0.9,zh-CN;q=0.8" })).toBe("en");
    expect(chooseLocale({ acceptLanguage: "fr;q=1, zh-TW;q=0.5, en;q=0.4" })).toBe("zh-CN");
    expect(chooseLocale({ acceptLanguage: "en;q=0.2, zh;q=0.7" })).toBe("zh-CN");
  });

  it("is Chinese when nothing says otherwise", () => {
    expect(chooseLocale({})).toBe("zh-CN");
    expect(chooseLocale({ acceptLanguage: "de-DE, fr" })).toBe("zh-CN");
    expect(chooseLocale({ acceptLanguage: "en;q=0" })).toBe("zh-CN");
  });
});
