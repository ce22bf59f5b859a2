import Database from "better-sqlite3";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatLastDay } from "~/domain/format";
import { launchChromium, screenshot, seriousA11yViolations } from "../support/browser";
import { createUser } from "../support/cli";
import { Client } from "../support/client";
import { filingForm, fixture, fixtureFile, validFiling } from "../support/filing";
import { act, consumerAct, signIn } from "../support/reviewer";
import { startServer, type TestServer } from "../support/server";

/** An ordinary phone's screen, in CSS pixels. */
const PHONE = { width: 390, height: 844 };

let server: TestServer;
let browser: Browser;
let db: Database.Database;
let regulator: Client;
let cmb: Client;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
  createUser(server.dataDir, "regulator@example.cn", "regulator");
  createUser(server.dataDir, "cmb@example.cn", "bank", "招商银行");
  db = new Database(path.join(server.dataDir, "collection-watch.db"), { readonly: true });
  [regulator, cmb] = await Promise.all([signIn(server.url, "regulator@example.cn"), signIn(server.url, "cmb@example.cn")]);
});
afterAll(async () => {
  db?.close();
  await browser?.close();
  await server?.stop();
});

type Locale = "zh-CN" | "en";
const WORDS = {
  "zh-CN": {
    open: "查询",
    answerBy: (day: string) => `请在 ${day}前补充材料`,
    sendAnswer: "提交补充材料",
    answered: "已提交补充材料。",
    triage: (day: string) => `工作人员正在审核您的投诉，会在 ${day}前转交处理`,
    comment: "发送",
    commented: "已发送补充说明。",
    creditorBy: (day: string) => `招商银行需在 ${day}前答复`,
    extended: "答复期限已延长。理由：需要调取催收公司的通话录音",
    acceptBy: (day: string) => `请在 ${day}前选择接受或申诉`,
    dispute: "有异议，提交监管人员",
    disputed: "已提交申诉，投诉已转交监管人员。",
    regulatorBy: (day: string) => `监管人员需在 ${day}前给出结论`,
    closed: "投诉已办结。监管结论：属实",
    note: "内部备注",
    noted: "已保存内部备注。",
  },
  en: {
    open: "Open",
    answerBy: (day: string) => `Please provide the information by ${day}`,
    sendAnswer: "Send the information",
    answered: "Your information is sent.",
    triage: (day: string) => `A reviewer is reading your complaint and will pass it on by ${day}`,
    comment: "Send",
    commented: "Your comment is sent.",
    creditorBy: (day: string) => `China Merchants Bank must respond by ${day}`,
    extended: "The deadline was extended. Reason: 需要调取催收公司的通话录音",
    acceptBy: (day: string) => `Please accept or dispute the response by ${day}`,
    dispute: "Dispute it: send it to a regulator",
    disputed: "Your dispute is sent; a regulator now handles the complaint.",
    regulatorBy: (day: string) => `A regulator must decide by ${day}`,
    closed: "The complaint is closed. The regulator's finding: Substantiated",
    note: "Internal note",
    noted: "Internal note saved.",
  },
} as const;

/** Files a complaint in a fresh browser-like client, returning that client (it holds the tracking session), the code and the key. */
async function file(): Promise<{ consumer: Client; code: string; key: string }> {
  const consumer = new Client(server.url);
  const csrf = await consumer.csrf("/complaints/new");
  const response = await consumer.post("/complaints/new", filingForm(csrf, validFiling({ collectorPhones: "13800138000" })));
  const receiptPath = response.headers.get("location")!;
  const html = await (await consumer.get(receiptPath)).text();
  return { consumer, code: receiptPath.split("/")[2], key: html.match(/id="receipt-key"[^>]*>([^<]+)</)![1] };
}

/** Opens the complaint with its code and key in a new browser at phone width. */
async function openOnPhone(code: string, key: string, locale: Locale, javaScriptEnabled: boolean) {
  const context = await browser.newContext({ locale, javaScriptEnabled, viewport: PHONE, bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${server.url}/track`);
  await page.fill("#code", code);
  await page.fill("#key", key);
  await page.getByRole("button", { name: WORDS[locale].open, exact: true }).click();
  await page.waitForURL(new RegExp(`/track/${code}$`));
  return { context, page };
}

const column = (code: string, name: string) => (db.prepare(`SELECT ${name} AS value FROM Complaint WHERE code = ?`).get(code) as { value: unknown }).value;
/** The last day of the period the column's instant ends, as the page should write it. */
const lastDay = (code: string, name: string, locale: Locale) => formatLastDay(column(code, name) as string, locale);
const headline = (page: Page) => page.locator("#next-step-title").textContent();
const said = (page: Page, text: string) => page.getByRole("status").filter({ hasText: text }).waitFor();

/** The first screen of the phone, as the consumer sees it on opening the page (the full page goes beside it). */
async function phoneShot(page: Page, name: string) {
  await screenshot(page, name);
  await page.screenshot({ path: path.resolve("test-results/screenshots", `${name}-first-screen.png`) });
}

/** Nothing on the page is wider than the phone. */
const fitsThePhone = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

for (const [locale, javaScriptEnabled] of [
  ["zh-CN", true],
  ["en", false],
] as const) {
  const words = WORDS[locale];
  describe(`the consumer's next step, in ${locale}, JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    it("shows a request for information at the top with its date, takes the answer there, and the request closes", async () => {
      const { code, key } = await file();
      expect((await act(regulator, code, { intent: "request_info", message: "请提供催收短信的截图。" })).status).toBe(302);
      const { context, page } = await openOnPhone(code, key, locale, javaScriptEnabled);

      expect(await headline(page)).toBe(words.answerBy(lastDay(code, "infoDueAt", locale)));
      expect(await page.locator(".next-step blockquote").textContent()).toBe("请提供催收短信的截图。");
      // The answer box is on the first screen of a phone, and it is the only text box to type into.
      const answerBox = (await page.locator("#answer_info-message").boundingBox())!;
      expect(answerBox.y + answerBox.height).toBeLessThan(PHONE.height);
      expect(await page.locator("textarea").count()).toBe(1);
      expect(await fitsThePhone(page)).toBeLessThanOrEqual(PHONE.width);
      await phoneShot(page, `next-info-${locale}`);
      if (javaScriptEnabled) expect(await seriousA11yViolations(page)).toEqual([]);

      await page.fill("#answer_info-message", "催收短信的截图附上了。");
      await page.setInputFiles("#answer_info-evidence", fixture("screenshot.png"));
      await page.getByRole("button", { name: words.sendAnswer }).click();
      await said(page, words.answered);
      expect(column(code, "awaitingInfo")).toBe(0);
      expect(column(code, "infoDueAt")).toBeNull();
      expect(await headline(page)).toBe(words.triage(lastDay(code, "dueAt", locale)));
      expect(await page.locator(".timeline").textContent()).toContain("催收短信的截图附上了。");
      expect(await page.locator("table.evidence").textContent()).toContain("screenshot.png");
      await phoneShot(page, `next-answered-${locale}`);

      // Any action leaves its form empty and says what it did, once.
      await page.fill("#message", "催收员今天又打了两次。");
      await page.getByRole("button", { name: words.comment, exact: true }).click();
      await said(page, words.commented);
      expect(await page.inputValue("#message")).toBe("");
      await page.reload();
      await page.locator("#next-step-title").waitFor();
      expect((await page.getByRole("status").textContent())?.trim()).toBe("");
      // Nor is a refused action mistaken for a done one.
      await page.fill("#message", "又打了一次。");
      await page.getByRole("button", { name: words.comment, exact: true }).click();
      await said(page, words.commented);
      await page.getByRole("button", { name: words.comment, exact: true }).click();
      await page.locator("#message-error").waitFor();
      expect((await page.getByRole("status").textContent())?.trim()).toBe("");
      await context.close();
    });

    it("shows the creditor's date, the new date and reason after an extension, and the date to accept or dispute by, with the form", async () => {
      const { code, key } = await file();
      expect((await act(regulator, code, { intent: "route", route: "bank", reason: "先由债权机构处理。" })).status).toBe(302);
      const { context, page } = await openOnPhone(code, key, locale, javaScriptEnabled);
      expect(await headline(page)).toBe(words.creditorBy(lastDay(code, "dueAt", locale)));
      await phoneShot(page, `next-creditor-${locale}`);

      const before = column(code, "dueAt");
      expect((await act(cmb, code, { intent: "extend", reason: "需要调取催收公司的通话录音" })).status).toBe(302);
      expect(column(code, "dueAt")).not.toBe(before);
      await page.reload();
      expect(await headline(page)).toBe(words.creditorBy(lastDay(code, "dueAt", locale)));
      expect(await page.locator(".next-step").textContent()).toContain(words.extended);
      await phoneShot(page, `next-extended-${locale}`);

      expect((await act(cmb, code, { intent: "respond", outcome: "explanation", message: "已停止联系您的家人。" })).status).toBe(302);
      await page.reload();
      expect(await headline(page)).toBe(words.acceptBy(lastDay(code, "dueAt", locale)));
      expect(await page.locator(".next-step blockquote").textContent()).toBe("已停止联系您的家人。");
      const disputeButton = page.locator(".next-step").getByRole("button", { name: words.dispute });
      const button = (await disputeButton.boundingBox())!;
      expect(button.y + button.height).toBeLessThan(PHONE.height);
      expect(await fitsThePhone(page)).toBeLessThanOrEqual(PHONE.width);
      await phoneShot(page, `next-respond-${locale}`);
      if (javaScriptEnabled) expect(await seriousA11yViolations(page)).toEqual([]);

      await page.fill("#dispute-message", "他们今天又打给我母亲了。");
      await disputeButton.click();
      await said(page, words.disputed);
      expect(column(code, "status")).toBe("escalated");
      expect(await headline(page)).toBe(words.regulatorBy(lastDay(code, "dueAt", locale)));
      await phoneShot(page, `next-escalated-${locale}`);

      expect((await act(regulator, code, { intent: "conclude", finding: "substantiated", message: "催收行为违规，已责令整改。" })).status).toBe(302);
      await page.reload();
      expect(await headline(page)).toBe(words.closed);
      await phoneShot(page, `next-closed-${locale}`);
      await context.close();
    });

    it("on the reviewer's page too, leaves the form empty and says what was done, once", async () => {
      const { code } = await file();
      const context = await browser.newContext({ locale, javaScriptEnabled, bypassCSP: true });
      const page = await context.newPage();
      await page.goto(`${server.url}/login?next=${encodeURIComponent(`/triage/${code}`)}`);
      await page.fill("#email", "regulator@example.cn");
      await page.fill("#password", "correct horse battery staple");
      await page.locator('form button[type="submit"]').last().click();
      await page.waitForURL(new RegExp(`/triage/${code}$`));
      await page.fill("#note-message", "与 CW 其他投诉的号码相同，留意。");
      await page.locator("#action-note").getByRole("button", { name: words.note }).click();
      await said(page, words.noted);
      expect(await page.inputValue("#note-message")).toBe("");
      await screenshot(page, `triage-done-${locale}`);
      await page.reload();
      await page.locator("#note-message").waitFor();
      expect((await page.getByRole("status").textContent())?.trim()).toBe("");
      await context.close();
    });
  });
}

describe("an answer to a request for information", () => {
  it("may be the files asked for alone, but not nothing", async () => {
    const { consumer, code } = await file();
    expect((await act(regulator, code, { intent: "request_info", message: "请提供催收短信的截图。" })).status).toBe(302);
    const post = async (files: File[]) => {
      const csrf = await consumer.csrf(`/track/${code}`);
      const form = new FormData();
      form.append("csrf", csrf);
      form.append("intent", "answer_info");
      form.append("message", "");
      for (const f of files) form.append("evidence", f);
      return consumer.post(`/track/${code}`, form);
    };
    expect((await post([])).status).toBe(400);
    expect(column(code, "awaitingInfo")).toBe(1);
    expect((await post([fixtureFile("screenshot.png", "短信截图.png", "image/png")])).status).toBe(302);
    expect(column(code, "awaitingInfo")).toBe(0);
    const names = db.prepare("SELECT name FROM Evidence WHERE complaintId = (SELECT id FROM Complaint WHERE code = ?)").all(code);
    expect(names).toEqual([{ name: "短信截图.png" }]);
  });
});

describe("a comment sent while a request for information is open", () => {
  it("is taken as the answer, and closes the request", async () => {
    const { consumer, code } = await file();
    expect((await act(regulator, code, { intent: "request_info", message: "请说明催收员的工号。" })).status).toBe(302);
    expect(column(code, "awaitingInfo")).toBe(1);
    expect((await consumerAct(consumer, code, { intent: "comment", message: "工号是 A1024。" })).status).toBe(302);
    expect(column(code, "awaitingInfo")).toBe(0);
    const last = db.prepare("SELECT type, note FROM Event WHERE complaintId = (SELECT id FROM Complaint WHERE code = ?) ORDER BY id DESC LIMIT 1").get(code);
    expect(last).toEqual({ type: "info_answered", note: "工号是 A1024。" });
  });
});
