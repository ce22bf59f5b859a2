import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, screenshot, seriousA11yViolations } from "../support/browser";
import { createUser } from "../support/cli";
import { fixtureFile } from "../support/filing";
import { fileComplaint } from "../support/reviewer";
import { startServer, type TestServer } from "../support/server";

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
  createUser(server.dataDir, "regulator@example.cn", "regulator");
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("a regulator without JavaScript", () => {
  for (const locale of ["zh-CN", "en"] as const) {
    it(`signs in, finds the complaint in the queue and routes it, in ${locale}`, async () => {
      const { code } = await fileComplaint(server.url, { collectorPhones: "95588", categories: ["deception.impersonation", "third_party.family"] }, [
        { field: "evidence", file: fixtureFile("screenshot.png") },
        { field: "callLog", file: fixtureFile("call-logs/month-zh.csv", "通话记录.csv") },
      ]);
      const context = await browser.newContext({ locale, javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(`${server.url}/triage`);
      await page.waitForURL(/\/login\?next=/);
      await page.fill("#email", "regulator@example.cn");
      await page.fill("#password", "correct horse battery staple");
      await page.locator('form button[type="submit"]').last().click();
      await page.waitForURL(/\/triage$/);
      await screenshot(page, `queue-${locale}`);
      await page.click(`a[href="/triage/${code}"]`);
      await page.waitForURL(new RegExp(`/triage/${code}$`));
      // The suggestion (regulator, for impersonation) is preselected: confirming needs no reason.
      expect(await page.locator('#action-route input[value="regulator"]').isChecked()).toBe(true);
      await screenshot(page, `triage-${locale}`);
      await page.locator('#action-route button[name="intent"]').click();
      await page.waitForURL(new RegExp(`/triage/${code}$`));
      const status = await page.locator(".status-panel .status").textContent();
      expect(status).toBe(locale === "en" ? "With a regulator" : "监管人员处理中");
      await context.close();
    });
  }
});

describe("the call log on the triage page", () => {
  for (const locale of ["zh-CN", "en"] as const) {
    it(`has no serious accessibility violations with its chart and call table, in ${locale}`, async () => {
      const { code } = await fileComplaint(server.url, { collectorPhones: "95588" }, [
        { field: "callLog", file: fixtureFile("call-logs/month-zh.csv", "通话记录.csv") },
      ]);
      const context = await browser.newContext({ locale, bypassCSP: true });
      const page = await context.newPage();
      await page.goto(`${server.url}/login?next=${encodeURIComponent(`/triage/${code}?calls=flagged`)}`);
      await page.fill("#email", "regulator@example.cn");
      await page.fill("#password", "correct horse battery staple");
      await page.locator('form button[type="submit"]').last().click();
      await page.waitForURL(new RegExp(`/triage/${code}`));
      await page.locator("table.calls").waitFor();
      expect(await seriousA11yViolations(page)).toEqual([]);
      await page.locator("#calls").screenshot({ path: `test-results/screenshots/calls-${locale}.png` });
      await context.close();
    });
  }
});
