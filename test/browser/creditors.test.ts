import path from "node:path";
import Database from "better-sqlite3";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, screenshot, seriousA11yViolations } from "../support/browser";
import { createUser } from "../support/cli";
import { fixture } from "../support/filing";
import { fileComplaint } from "../support/reviewer";
import { startServer, type TestServer } from "../support/server";

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
  createUser(server.dataDir, "regulator@example.cn", "regulator");
  createUser(server.dataDir, "cmb@example.cn", "bank", "cmb");
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The form's creditor section alone, beside the whole page (for the README). */
async function creditorShot(page: Page, name: string) {
  await screenshot(page, name);
  await page
    .locator("form.filing section")
    .first()
    .screenshot({ path: path.resolve("test-results/screenshots", `${name}-section.png`) });
}

async function fillAllButCreditor(page: Page) {
  await page.check('input[name="product"][value="credit_card"]');
  await page.check('input[name="categories"][value="third_party.family"]');
  await page.fill("#collectorPhones", "138 0013 8000");
  await page.fill("#incidentStart", "2026-10-01");
  await page.fill("#narrative", "催收员连续三晚十一点给我母亲打电话，说要去她单位。");
  await page.check('input[name="priorComplaint"][value="yes"]');
  await page.fill("#consumerPhone", "13912345678");
  await page.selectOption("#region", "440000");
  await page.setInputFiles("#evidence", fixture("screenshot.png"));
}

describe("naming the creditor", () => {
  it("suggests directory entries and aliases as the consumer types (JavaScript on)", async () => {
    const context = await browser.newContext({ locale: "zh-CN", bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${server.url}/complaints/new`);
    await page.locator("#institution").pressSequentially("招");
    const option = page.locator('#institution-list option[value="招行"]');
    expect(await option.getAttribute("label")).toBe("→ 招商银行");
    await page.locator("#institution").pressSequentially("行");
    const hint = page.locator(".creditor-hint");
    await hint.getByText("将按“招商银行”受理。").waitFor();

    await page.fill("#institution", "招商银航");
    await hint.getByRole("button", { name: "招商银行" }).waitFor();
    await creditorShot(page, "creditor-suggestion");
    await hint.getByRole("button", { name: "招商银行" }).click();
    expect(await page.inputValue("#institution")).toBe("招商银行");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("institution");
    await context.close();
  });

  it("asks 'did you mean' without JavaScript, keeps the rest of the form, and files against the chosen company", async () => {
    const context = await browser.newContext({ locale: "zh-CN", javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/complaints/new`);
    await page.fill("#institution", "招商银航");
    await fillAllButCreditor(page);
    await page.getByRole("button", { name: "提交投诉" }).click();

    const question = page.locator(".creditor-question");
    await question.waitFor();
    expect(await question.locator("legend").textContent()).toBe("您是指 招商银行 吗？");
    expect(await page.getByLabel("招商银行", { exact: true }).isChecked()).toBe(true);
    expect(await page.getByLabel("都不是，保留我填写的“招商银航”").isChecked()).toBe(false);
    // Everything else as typed; only the file must be chosen again, as the page says.
    expect(await page.inputValue("#institution")).toBe("招商银航");
    expect(await page.inputValue("#narrative")).toBe("催收员连续三晚十一点给我母亲打电话，说要去她单位。");
    expect(await page.inputValue("#collectorPhones")).toBe("138 0013 8000");
    expect(await page.inputValue("#incidentStart")).toBe("2026-10-01");
    expect(await page.inputValue("#consumerPhone")).toBe("13912345678");
    expect(await page.inputValue("#region")).toBe("440000");
    expect(await page.isChecked('input[name="categories"][value="third_party.family"]')).toBe(true);
    expect(await page.isChecked('input[name="priorComplaint"][value="yes"]')).toBe(true);
    expect(await page.locator("#error-summary").textContent()).toContain("请重新选择");
    await creditorShot(page, "creditor-did-you-mean");

    await page.setInputFiles("#evidence", fixture("screenshot.png"));
    await page.getByRole("button", { name: "提交投诉" }).click();
    await page.waitForURL(/\/receipt$/);
    const code = (await page.locator("#receipt-code").textContent())!;
    expect(await page.locator("table.evidence").textContent()).toContain("screenshot.png");
    await context.close();

    const db = new Database(path.join(server.dataDir, "collection-watch.db"), { readonly: true });
    expect(db.prepare("SELECT institutionId, institutionName FROM Complaint WHERE code = ?").get(code)).toEqual({
      institutionId: "cmb",
      institutionName: "招商银行",
    });
    db.close();
  });

  it("has no serious accessibility violations with the question showing", async () => {
    const context = await browser.newContext({ locale: "en", bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${server.url}/complaints/new?lang=en`);
    await page.fill("#institution", "China Merchant Bank");
    await fillAllButCreditor(page);
    await page.getByRole("button", { name: "Submit complaint" }).click();
    await page.locator(".creditor-question").waitFor();
    expect(await page.locator(".creditor-question legend").textContent()).toBe("Did you mean China Merchants Bank?");
    expect(await seriousA11yViolations(page)).toEqual([]);
    await context.close();
  });

  it("is corrected by a regulator after routing to a creditor nobody answers for was refused (JavaScript off)", async () => {
    const { code } = await fileComplaint(server.url, { institution: "某某网络小贷", collectorPhones: "" });
    const context = await browser.newContext({ locale: "zh-CN", javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/login?next=${encodeURIComponent(`/triage/${code}`)}`);
    await page.fill("#email", "regulator@example.cn");
    await page.fill("#password", "correct horse battery staple");
    await page.locator('form button[type="submit"]').last().click();
    await page.waitForURL(new RegExp(`/triage/${code}$`));

    await page.check('#action-route input[value="bank"]');
    await page.fill("#route-reason", "消费者说是招商银行的贷款");
    await page.locator('#action-route button[name="intent"]').click();
    await page.locator("#action-route .field-error", { hasText: "债权机构不在机构名录中" }).waitFor();
    expect(await page.inputValue("#route-reason")).toBe("消费者说是招商银行的贷款");
    await screenshot(page, "creditor-route-refused");

    await page.selectOption("#correct_creditor-institutionId", "cmb");
    await page.locator('#action-correct_creditor button[name="intent"]').click();
    await page.waitForURL(new RegExp(`/triage/${code}$`));
    expect(await page.locator('.timeline [data-event-type="creditor_corrected"]').textContent()).toContain("某某网络小贷 → 招商银行 (cmb)");
    await page.check('#action-route input[value="bank"]');
    await page.fill("#route-reason", "消费者说是招商银行的贷款");
    await page.locator('#action-route button[name="intent"]').click();
    await page.waitForURL(new RegExp(`/triage/${code}$`));
    expect(await page.locator(".status-panel .status").textContent()).toBe("已转交债权机构");
    // With a bank now, the creditor can no longer be corrected here.
    expect(await page.locator("#action-correct_creditor").count()).toBe(0);
    await screenshot(page, "creditor-corrected");
    await context.close();
  });
});
