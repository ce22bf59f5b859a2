import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, screenshot, seriousA11yViolations } from "../support/browser";
import { fixture } from "../support/filing";
import { startServer, type TestServer } from "../support/server";

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

type Words = { institution: string; category: string; submit: string; receipt: string; track: string; status: string; rotate: string };
const WORDS: Record<"zh-CN" | "en", Words> = {
  "zh-CN": {
    institution: "招商银行",
    category: "联系家人催收",
    submit: "提交投诉",
    receipt: "投诉已提交",
    track: "查询",
    status: "已提交，等待分派",
    rotate: "换一个新密钥",
  },
  en: {
    institution: "China Merchants Bank",
    category: "Contacted family members",
    submit: "Submit complaint",
    receipt: "Your complaint is filed",
    track: "Open",
    status: "Submitted, awaiting triage",
    rotate: "Set a new key",
  },
};

async function fillFiling(page: Page, words: Words) {
  await page.fill("#institution", words.institution);
  await page.check('input[name="product"][value="credit_card"]');
  await page.getByLabel(words.category).check();
  await page.check('input[name="categories"][value="harassment.inconvenient_hours"]');
  await page.fill("#collectorPhones", "138 0013 8000\n95555");
  await page.fill("#incidentStart", "2026-10-01");
  await page.fill("#narrative", "They called my mother at 23:00 three nights in a row. 催收员半夜给我母亲打电话。");
  await page.check('input[name="priorComplaint"][value="no"]');
  await page.fill("#consumerPhone", "13912345678");
  await page.selectOption("#region", "440000");
  await page.setInputFiles("#evidence", path.join(fixture("screenshot.png")));
}

for (const [locale, javaScriptEnabled] of [
  ["zh-CN", true],
  ["en", false],
] as const) {
  describe(`a consumer in ${locale}, JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    it("files a complaint with a screenshot, reads the receipt, and tracks it with the key", async () => {
      const words = WORDS[locale];
      const context = await browser.newContext({ locale, javaScriptEnabled });
      const page = await context.newPage();
      await page.goto(`${server.url}/complaints/new`);
      await fillFiling(page, words);
      await screenshot(page, `filing-${locale}`);
      await page.getByRole("button", { name: words.submit }).click();
      await page.waitForURL(/\/receipt$/);
      await page.locator("h1", { hasText: words.receipt }).waitFor();
      const code = (await page.locator("#receipt-code").textContent())!;
      const key = (await page.locator("#receipt-key").textContent())!;
      expect(code).toMatch(/^CW-\d{4}-\d{6}$/);
      expect(key).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);
      expect(await page.locator("table.evidence").textContent()).toContain("screenshot.png");
      await screenshot(page, `receipt-${locale}`);
      await context.close();

      // Later, on another device: the code and the key, typed by hand in lower case.
      const later = await browser.newContext({ locale, javaScriptEnabled, bypassCSP: true });
      const trackPage = await later.newPage();
      await trackPage.goto(`${server.url}/track`);
      await trackPage.fill("#code", code.toLowerCase());
      await trackPage.fill("#key", key.toLowerCase());
      await trackPage.getByRole("button", { name: words.track, exact: true }).click();
      await trackPage.waitForURL(new RegExp(`/track/${code}$`));
      await trackPage.locator(".status-panel .status", { hasText: words.status }).waitFor();
      await screenshot(trackPage, `track-${locale}`);
      if (javaScriptEnabled) expect(await seriousA11yViolations(trackPage)).toEqual([]);

      // The key may have leaked: a new one, set on the tracking page, is shown there once.
      await trackPage.check("#rotate-confirm-box");
      await trackPage.getByRole("button", { name: words.rotate }).click();
      const newKey = (await trackPage.locator("#new-key").textContent())!;
      expect(newKey).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);
      expect(newKey).not.toBe(key);
      await screenshot(trackPage, `new-key-${locale}`);
      if (javaScriptEnabled) expect(await seriousA11yViolations(trackPage)).toEqual([]);
      await trackPage.reload();
      await trackPage.locator(".status-panel").waitFor();
      expect(await trackPage.locator("#new-key").count()).toBe(0);
      await later.close();
    });
  });
}

describe("the filing form", () => {
  it("shows the errors as the consumer goes, before anything is sent", async () => {
    const context = await browser.newContext({ locale: "zh-CN" });
    const page = await context.newPage();
    await page.goto(`${server.url}/complaints/new`);
    await page.fill("#collectorPhones", "催收员的号码");
    await page.locator("#collectorPhones").blur();
    await expect.poll(() => page.locator("#collectorPhones-error").textContent()).toContain("“催收员的号码”里没有数字");
    await page.getByRole("button", { name: "提交投诉" }).click();
    await expect.poll(() => page.locator("#error-summary").textContent()).toContain("请至少选择一种违规行为。");
    expect(page.url()).toMatch(/\/complaints\/new$/);
    await screenshot(page, "filing-errors-zh-CN");
    await context.close();
  });

  it.each([
    ["zh-CN", "“催收员”里没有数字", ["021 6234 5678 转 123", "6123 4567未核实 缺少区号", "未知号码（来电未显示号码）", "106900001234 (短信号码"]],
    ["en", "“催收员” has no digits", ["021 6234 5678 ext. 123", "6123 4567unverified no area code", "Unknown (no number shown)", "106900001234 (SMS sender"]],
  ])("shows in %s how each collector number will be recorded, and why one is refused", async (locale, refused, readings) => {
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    await page.goto(`${server.url}/complaints/new`);
    await page.fill("#collectorPhones", "021－62345678转123\n6123 4567\n未知号码\n1069 0000 1234\n催收员");
    await page.locator("#collectorPhones").blur();
    await expect.poll(() => page.locator("#collectorPhones-error").textContent()).toContain(refused);
    const shown = await page.locator(".phone-readings").textContent();
    for (const reading of readings) expect(shown).toContain(reading);
    // The field that shows it, not the whole long page.
    const field = page.locator("div.field", { has: page.locator("#collectorPhones") });
    await field.screenshot({ path: path.resolve("test-results/screenshots", `filing-phones-${locale}.png`) });
    await context.close();
  });

  it("suggests categories from the account as the consumer writes, and ticks one only when asked", async () => {
    const context = await browser.newContext({ locale: "zh-CN" });
    const page = await context.newPage();
    await page.goto(`${server.url}/complaints/new`);
    await page.getByRole("button", { name: "提交投诉" }).click();
    await page.locator("#categories-error").waitFor();
    await page.fill("#narrative", "他们爆通讯录，还打电话到我单位找领导。");
    const hints = page.locator(".category-hints");
    await expect.poll(() => hints.textContent()).toContain("联系工作单位、同事");
    expect(await hints.textContent()).toContain("“单位”");
    expect(await hints.textContent()).toContain("公开曝光个人信息");
    // Nothing is ticked until the consumer says so.
    expect(await page.locator('input[name="categories"]:checked').count()).toBe(0);
    await screenshot(page, "filing-hints-zh-CN");
    await hints.locator('button[data-category="third_party.employer"]').click();
    expect(await page.isChecked('input[name="categories"][value="third_party.employer"]')).toBe(true);
    await expect.poll(() => page.locator("#categories-error").count()).toBe(0);
    // The accepted hint is gone, the others stay, and the consumer is back in their account.
    await expect.poll(() => hints.textContent()).not.toContain("联系工作单位、同事");
    expect(await hints.textContent()).toContain("公开曝光个人信息");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("narrative");
    // Ticking the box by hand also removes its hint.
    await page.check('input[name="categories"][value="privacy.publication"]');
    await expect.poll(() => hints.textContent()).not.toContain("公开曝光个人信息");
    await context.close();
  });

  it("shows no hints without JavaScript", async () => {
    const context = await browser.newContext({ locale: "en", javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/complaints/new`);
    await page.fill("#narrative", "They said they would call my employer.");
    expect(await page.locator(".category-hints").count()).toBe(0);
    await context.close();
  });

  for (const locale of ["zh-CN", "en"] as const) {
    it(`has no serious accessibility violations in ${locale}, with errors showing too`, async () => {
      const context = await browser.newContext({ locale, bypassCSP: true });
      const page = await context.newPage();
      await page.goto(`${server.url}/complaints/new`);
      expect(await seriousA11yViolations(page)).toEqual([]);
      await page.getByRole("button", { name: WORDS[locale].submit }).click();
      await page.locator("#error-summary").waitFor();
      expect(await seriousA11yViolations(page)).toEqual([]);
      await context.close();
    });
  }
});
