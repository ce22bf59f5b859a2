import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../support/browser";
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

describe("a calls.xml on the triage page", () => {
  for (const [locale, notConnected, voicemail] of [
    ["zh-CN", "响铃未接通", "语音信箱"],
    ["en", "Rang, not connected", "Voicemail"],
  ] as const) {
    it(`lists every call by its kind, a 0-second incoming call as not connected, in ${locale}`, async () => {
      const { code } = await fileComplaint(server.url, { collectorPhones: "138 0013 8000" }, [
        { field: "callLog", file: fixtureFile("call-logs/sms-backup-restore-calls.xml", "calls.xml") },
      ]);
      const context = await browser.newContext({ locale });
      const page = await context.newPage();
      await page.goto(`${server.url}/login?next=${encodeURIComponent(`/triage/${code}`)}`);
      await page.fill("#email", "regulator@example.cn");
      await page.fill("#password", "correct horse battery staple");
      await page.locator('form button[type="submit"]').last().click();
      await page.waitForURL(new RegExp(`/triage/${code}`));
      const rows = page.locator("table.calls tbody tr");
      await expect.poll(() => rows.count()).toBe(9);
      expect(await rows.nth(2).locator("td").nth(2).textContent()).toBe(notConnected);
      expect(await rows.nth(5).locator("td").nth(2).textContent()).toBe(voicemail);
      await page.locator("#calls").screenshot({ path: `test-results/screenshots/calls-xml-${locale}.png` });
      await context.close();
    });
  }
});
