import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, visibleText } from "./support/client";
import { createUser } from "./support/cli";
import { act, fileComplaint, signIn, versionOf } from "./support/reviewer";
import { startServer, type TestServer } from "./support/server";

// Searching, counting, paging, assigning and bulk actions in the queue, as reviewers of two organisations use them.
let server: TestServer;
let reg1: Client;
let reg2: Client;
let cmb1: Client;
let icbc: Client;
const codes: string[] = [];
let shared: { consumer: Client; code: string };

beforeAll(async () => {
  server = await startServer();
  createUser(server.dataDir, "reg1@example.cn", "regulator");
  createUser(server.dataDir, "reg2@example.cn", "regulator");
  createUser(server.dataDir, "cmb1@example.cn", "bank", "招商银行");
  createUser(server.dataDir, "cmb2@example.cn", "bank", "招商银行");
  createUser(server.dataDir, "icbc@example.cn", "bank", "icbc");
  [reg1, reg2, cmb1, icbc] = await Promise.all(["reg1", "reg2", "cmb1", "icbc"].map((u) => signIn(server.url, `${u}@example.cn`)));
  // The first names its own agency and collector number; the rest share the fixture's.
  shared = await fileComplaint(server.url, { agency: "甲乙催收服务公司", collectorPhones: "021-6234 5678" });
  codes.push(shared.code);
  // A number each, so that no complaint is suggested for the regulator as a repeated collector.
  for (let i = 1; i < 30; i++) codes.push((await fileComplaint(server.url, { collectorPhones: `1380013${8000 + i}` })).code);
});
afterAll(() => server.stop());

const listed = (html: string) => [...html.matchAll(/<a href="\/triage\/(CW-\d{4}-\d{6})">/g)].map((m) => m[1]);
const totalOf = (html: string) => html.match(/data-total="([^"]+)"/)![1];
const link = (html: string, rel: "next" | "prev") => html.match(new RegExp(`href="(/triage\\?[^"]*)" rel="${rel}"`))?.[1].replace(/&amp;/g, "&");
const queue = async (client: Client, query = "") => (await client.get(`/triage${query}`)).text();
/** A reviewer's own user id, as the "assign to me" form carries it. */
const idOf = async (client: Client, code: string) => (await (await client.get(`/triage/${code}`)).text()).match(/name="assignee" value="(\d+)"/)![1];

async function bulk(client: Client, fields: Record<string, string>, picked: string[]) {
  const csrf = await client.csrf("/triage");
  const body = new URLSearchParams({ csrf, ...fields });
  for (const p of picked) body.append("complaint", p);
  return client.post("/triage?index", body);
}
const tick = async (client: Client, code: string) => `${code}:${await versionOf(client, code)}`;

describe("the queue's search, total and pages", () => {
  it("finds a complaint by its code, its collector number or its agency, however the code or number is typed", async () => {
    const lower = await queue(reg1, `?q=${encodeURIComponent(` ${codes[3].toLowerCase()} `)}`);
    expect(listed(lower)).toEqual([codes[3]]);
    expect(totalOf(lower)).toBe("1");
    expect(listed(await queue(reg1, `?q=${encodeURIComponent("+86 21 6234-5678")}`))).toEqual([codes[0]]);
    expect(listed(await queue(reg1, `?q=${encodeURIComponent("甲乙催收服务公司")}`))).toEqual([codes[0]]);
    const byNumber = await queue(reg1, `?q=${encodeURIComponent("138 0013 8005")}`);
    expect(listed(byNumber)).toEqual([codes[5]]);
    expect(totalOf(byNumber)).toBe("1");
    expect(listed(await queue(reg1, "?q=CW-2099-999999"))).toEqual([]);
  });

  it("shows the total for the filters and goes forward and back a page", async () => {
    const first = await queue(reg1);
    expect(totalOf(first)).toBe("30");
    expect(visibleText(first)).toContain("符合条件的投诉：30 件");
    expect(link(first, "prev")).toBeUndefined();
    const second = await queue(reg1, link(first, "next")!.slice("/triage".length));
    expect(listed(second)).toEqual(codes.slice(25));
    expect(totalOf(second)).toBe("30");
    expect(link(second, "next")).toBeUndefined();
    const back = await queue(reg1, link(second, "prev")!.slice("/triage".length));
    expect(listed(back)).toEqual(codes.slice(0, 25));
    expect(link(back, "prev")).toBeUndefined();
    expect(listed(await queue(reg1, link(back, "next")!.slice("/triage".length)))).toEqual(codes.slice(25));
  });
});

describe("assignment", () => {
  it("assigns to oneself and to a colleague, shows the assignee in the queue and on the complaint, and filters by mine", async () => {
    const me = await idOf(reg1, codes[1]);
    expect((await act(reg1, codes[1], { intent: "assign", assignee: me })).status).toBe(302);
    const reg2Id = await idOf(reg2, codes[2]);
    expect((await act(reg1, codes[2], { intent: "assign", assignee: reg2Id })).status).toBe(302);

    expect(listed(await queue(reg1, "?mine=1"))).toEqual([codes[1]]);
    const theirs = await queue(reg2, "?mine=1");
    expect(listed(theirs)).toEqual([codes[2]]);
    expect(totalOf(theirs)).toBe("1");
    expect(visibleText(await queue(reg1))).toContain("reg2@example.cn");
    const page = visibleText(await (await reg1.get(`/triage/${codes[2]}`)).text());
    expect(page).toMatch(/处理人 : reg2@example\.cn/);
    expect(page).toContain("指派处理人");
  });

  it("refuses an assignee outside the reviewer's organisation, and changes nothing", async () => {
    // A bank reviewer opens only what was routed to their bank; their id is read from such a one.
    expect((await cmb1.get(`/triage/${codes[4]}`)).status).toBe(404);
    expect((await act(reg1, codes[4], { intent: "route", route: "bank" })).status).toBe(302);
    const cmb1Id = await idOf(cmb1, codes[4]);
    const refused = await act(reg1, codes[5], { intent: "assign", assignee: cmb1Id });
    expect(refused.status).toBe(403);
    expect(visibleText(await refused.text())).toContain("只能指派给本机构在职的审核人员");
    expect(visibleText(await (await reg1.get(`/triage/${codes[5]}`)).text())).toMatch(/处理人 : 未指派/);
  });

  it("lets a bank reviewer assign their institution's complaints to a colleague only, and hides the rest", async () => {
    const cmb2Id = await idOf(await signIn(server.url, "cmb2@example.cn"), codes[4]);
    expect((await act(cmb1, codes[4], { intent: "assign", assignee: cmb2Id })).status).toBe(302);
    const regId = await idOf(reg1, codes[6]);
    expect((await act(cmb1, codes[4], { intent: "assign", assignee: regId })).status).toBe(403);
    // Another institution's reviewer neither finds nor assigns it.
    expect(listed(await queue(icbc, `?q=${codes[4]}`))).toEqual([]);
    expect(totalOf(await queue(icbc, `?q=${codes[4]}`))).toBe("0");
    const csrf = await icbc.csrf("/triage");
    const forged = await icbc.post(`/triage/${codes[4]}`, new URLSearchParams({ csrf, intent: "assign", assignee: "1", version: "0" }));
    expect(forged.status).toBe(404);
  });
});

describe("bulk actions", () => {
  it("routes the ticked complaints one by one, and says which were refused and why", async () => {
    // codes[4] is already with the bank; codes[8] is ticked with a version that is no longer current.
    const picked = [await tick(reg1, codes[7]), await tick(reg1, codes[4]), `${codes[8]}:99`, await tick(reg1, codes[9])];
    const response = await bulk(reg1, { intent: "route", route: "bank" }, picked);
    expect(response.status).toBe(200);
    const text = visibleText(await response.text());
    expect(text).toContain("已对 2 件投诉执行“分派”。");
    expect(text).toContain(`${codes[4]} : 这件投诉当前的状态不允许这样操作。`);
    expect(text).toContain(`${codes[8]} : 投诉的状态已经变化`);
    for (const code of [codes[7], codes[9]]) expect(visibleText(await (await reg1.get(`/triage/${code}`)).text())).toContain("已转交债权机构");
    expect(visibleText(await (await reg1.get(`/triage/${codes[8]}`)).text())).toContain("已提交，等待分派");
  });

  it("assigns and asks for information in bulk, within the reviewer's own institution only", async () => {
    const cmb2Id = await idOf(await signIn(server.url, "cmb2@example.cn"), codes[7]);
    const assigned = await bulk(cmb1, { intent: "assign", assignee: cmb2Id }, [await tick(cmb1, codes[7]), await tick(cmb1, codes[9]), `${codes[10]}:0`]);
    const text = visibleText(await assigned.text());
    expect(text).toContain("已对 2 件投诉执行“指派”。");
    expect(text).toContain(`${codes[10]} : 找不到这件投诉，或您无权查看。`);
    const asked = await bulk(cmb1, { intent: "request_info", message: "请提供还款记录。" }, [await tick(cmb1, codes[7]), await tick(cmb1, codes[9])]);
    expect(visibleText(await asked.text())).toContain("已对 2 件投诉执行“请消费者补充材料”。");
    expect((await bulk(cmb1, { intent: "route", route: "bank" }, [await tick(cmb1, codes[7])])).status).toBe(403);
    expect((await bulk(cmb1, { intent: "request_info", message: "" }, [await tick(cmb1, codes[7])])).status).toBe(400);
  });
});

describe("who acted", () => {
  it("names the reviewer by e-mail to reviewers, and only by role to the consumer", async () => {
    const code = codes[4]; // routed by reg1, assigned by cmb1
    for (const reviewer of [reg1, cmb1]) expect(visibleText(await (await reviewer.get(`/triage/${code}`)).text())).toContain("reg1@example.cn");
    const consumer = await fileComplaint(server.url);
    expect((await act(reg1, consumer.code, { intent: "request_info", message: "请补充通话录音。" })).status).toBe(302);
    const tracked = await (await consumer.consumer.get(`/track/${consumer.code}`)).text();
    expect(visibleText(tracked)).toContain("请补充通话录音。");
    expect(tracked).not.toContain("reg1@example.cn");
    expect(visibleText(tracked)).toContain("监管人员");
  });
});
