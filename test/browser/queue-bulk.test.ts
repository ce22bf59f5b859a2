import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, screenshot, seriousA11yViolations } from "../support/browser";
import { createUser } from "../support/cli";
import { fileComplaint } from "../support/reviewer";
import { startServer, type TestServer } from "../support/server";

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
  createUser(server.dataDir, "regulator@example.cn", "regulator");
  createUser(server.dataDir, "cmb@example.cn", "bank", "招商银行");
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("the queue's bulk form", () => {
  for (const locale of ["zh-CN", "en"] as const) {
    it(`routes the ticked complaints and names the one refused, in ${locale}`, async () => {
      const plain = [(await fileComplaint(server.url, { collectorPhones: "" })).code, (await fileComplaint(server.url, { collectorPhones: "" })).code];
      // Impersonation is suggested for the regulator: sending it to the bank without a reason is refused.
      const serious = (await fileComplaint(server.url, { collectorPhones: "", categories: ["deception.impersonation"] })).code;
      const context = await browser.newContext({ locale, bypassCSP: true });
      const page = await context.newPage();
      await page.goto(`${server.url}/login?next=/triage`);
      await page.fill("#email", "regulator@example.cn");
      await page.fill("#password", "correct horse battery staple");
      await page.locator('form button[type="submit"]').last().click();
      await page.waitForURL(/\/triage$/);
      for (const code of [...plain, serious]) await page.check(`input[name="complaint"][value^="${code}:"]`);
      await page.selectOption("#bulk-route", "bank");
      await page.locator('button[name="intent"][value="route"]').click();
      const result = page.locator(".bulk-result");
      await result.waitFor();
      const text = await result.textContent();
      expect(text).toContain(locale === "en" ? "done for 2 complaint(s)" : "已对 2 件投诉执行");
      expect(await page.locator(`[data-refused="${serious}"]`).textContent()).toContain(locale === "en" ? "Give a reason when overriding" : "请写明理由");
      // The queue under the result is read again: a routed one shows its new status.
      const routed = page.locator("tr", {
        has: page.locator(`a[href="/triage/${plain[0]}"]`),
        hasText: locale === "en" ? "Sent to the creditor" : "已转交债权机构",
      });
      await routed.waitFor();
      expect(await page.locator('input[name="complaint"]:checked').count()).toBe(0);
      expect(await seriousA11yViolations(page)).toEqual([]);
      await screenshot(page, `queue-bulk-${locale}`);
      // One of them taken on from its own page: the assignee shows at the top.
      await page.click(`a[href="/triage/${plain[0]}"]`);
      await page.locator("#assignment button").first().click();
      await page.locator("[data-assignee]", { hasText: "regulator@example.cn" }).waitFor();
      await screenshot(page, `triage-assigned-${locale}`);
      await context.close();
    });
  }
});
