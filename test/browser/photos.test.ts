import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, seriousA11yViolations } from "../support/browser";
import { createUser } from "../support/cli";
import { photoWithLocation, undecodableHeic } from "../support/photo-fixture";
import { act, fileComplaint, signIn } from "../support/reviewer";
import { startServer, type TestServer } from "../support/server";

let server: TestServer;
let browser: Browser;
let code: string;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
  createUser(server.dataDir, "regulator@example.cn", "regulator");
  createUser(server.dataDir, "cmb@example.cn", "bank", "cmb");
  const photos = { "催收上门.jpg": await photoWithLocation("jpeg", { width: 480, height: 320 }), "相册.heic": undecodableHeic() };
  const files = Object.entries(photos).map(([name, bytes]) => ({ field: "evidence", file: new File([new Uint8Array(bytes)], name) }));
  ({ code } = await fileComplaint(server.url, {}, files));
  const regulator = await signIn(server.url, "regulator@example.cn");
  expect((await act(regulator, code, { intent: "route", route: "bank", reason: "测试：交银行处理" })).status).toBe(302);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("the evidence on the triage page", () => {
  for (const role of ["bank", "regulator"] as const) {
    for (const locale of ["zh-CN", "en"] as const) {
      it(`shows the ${role} the photo it may have, with its facts, in ${locale}`, async () => {
        const context = await browser.newContext({ locale, bypassCSP: true });
        const page = await context.newPage();
        await page.goto(`${server.url}/login?next=${encodeURIComponent(`/triage/${code}`)}`);
        await page.fill("#email", role === "bank" ? "cmb@example.cn" : "regulator@example.cn");
        await page.fill("#password", "correct horse battery staple");
        await page.locator('form button[type="submit"]').last().click();
        await page.waitForURL(new RegExp(`/triage/${code}$`));
        const image = page.locator(".evidence-viewer img");
        await image.scrollIntoViewIfNeeded();
        await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(480);
        const facts = await page.locator("table.evidence").innerText();
        expect(facts).toContain("FakeCam Test Model 7");
        expect(facts.includes("31.23250")).toBe(role === "regulator");
        expect(await seriousA11yViolations(page)).toEqual([]);
        // From the viewer to the end of the table, in page coordinates (a bounding box is the viewport's).
        const { top, bottom } = await page.evaluate(() => {
          const box = (selector: string) => document.querySelector(selector)!.getBoundingClientRect();
          return { top: box(".evidence-viewer").top + window.scrollY, bottom: box("table.evidence").bottom + window.scrollY };
        });
        const width = page.viewportSize()!.width;
        await page.screenshot({
          path: `test-results/screenshots/evidence-${role}-${locale}.png`,
          fullPage: true,
          clip: { x: 0, y: top - 60, width, height: bottom - top + 120 },
        });
        await context.close();
      });
    }
  }
});
