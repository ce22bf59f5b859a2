import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "./support/client";
import { createUser } from "./support/cli";
import { fixtureFile } from "./support/filing";
import { act, consumerAct, fileComplaint, signIn } from "./support/reviewer";
import { startServer, type TestServer } from "./support/server";

type Reader = "consumer" | "bank" | "regulator";

/**
 * Every event type, with who must read it (consumer, bank, regulator), written out here rather
 * than taken from app/domain/visibility.ts, so the page and the table are checked against what
 * we promise. Internal notes are marked by their author's role.
 */
const EXPECTED: Record<string, Record<Reader, boolean>> = {
  filed: { consumer: true, bank: true, regulator: true },
  routed: { consumer: true, bank: true, regulator: true },
  "note by regulator (route override reason)": { consumer: false, bank: false, regulator: true },
  "note by regulator": { consumer: false, bank: false, regulator: true },
  "note by bank": { consumer: false, bank: true, regulator: true },
  "assigned by regulator": { consumer: false, bank: false, regulator: true },
  "assigned by bank": { consumer: false, bank: true, regulator: true },
  info_requested: { consumer: true, bank: true, regulator: true },
  info_answered: { consumer: true, bank: true, regulator: true },
  comment: { consumer: true, bank: true, regulator: true },
  evidence_added: { consumer: true, bank: true, regulator: true },
  extended: { consumer: true, bank: true, regulator: true },
  extension_approved: { consumer: true, bank: true, regulator: true },
  response_in_progress: { consumer: true, bank: true, regulator: true },
  responded: { consumer: true, bank: true, regulator: true },
  disputed: { consumer: true, bank: true, regulator: true },
  substantiated: { consumer: false, bank: false, regulator: true },
  concluded: { consumer: true, bank: true, regulator: true },
  accepted: { consumer: true, bank: true, regulator: true },
  rejected: { consumer: true, bank: false, regulator: true },
  withdrawn: { consumer: true, bank: false, regulator: true },
};

/** The note each event carries in this test, so its text can be looked for on every page. */
const NOTE: Record<string, string> = {
  "note by regulator (route override reason)": "改派理由：银行已有专人处理-OVERRIDE",
  "note by regulator": "监管内部备注-REGNOTE",
  "note by bank": "银行内部备注-BANKNOTE",
  // An assignment's note is the assignee's e-mail; the regulator's assignee never acts, so appears nowhere else.
  "assigned by regulator": "reg2@example.cn",
  "assigned by bank": "cmb@example.cn",
  info_requested: "请补充短信截图-QUESTION",
  info_answered: "截图已补充-ANSWER",
  comment: "今天又打来了-COMMENT",
  extended: "需调取录音-EXTEND",
  extension_approved: "消保部总经理批准-APPROVED",
  response_in_progress: "正在核查-PROGRESS",
  responded: "已更换催收公司-RESPONSE",
  disputed: "他们还在打-DISPUTE",
  substantiated: "harassment.threats: yes",
  concluded: "已责令整改-CONCLUDE",
  accepted: "接受处理结果-ACCEPT",
  rejected: "超出受理范围-REJECT",
};

/** The timeline's events as [type, note] pairs. */
function timeline(html: string): { type: string; text: string }[] {
  const list = html.match(/<ol class="timeline"[\s\S]*?<\/ol>/)?.[0] ?? "";
  return [...list.matchAll(/<li[^>]*data-event-type="([^"]+)"[^>]*>([\s\S]*?)<\/li>/g)].map((m) => ({ type: m[1], text: m[2] }));
}

describe("who reads which event, walked over HTTP for every event type and role", () => {
  let server: TestServer;
  const pages: Record<Reader | "analyst", Map<string, { status: number; html: string }>> = {
    consumer: new Map(),
    bank: new Map(),
    regulator: new Map(),
    analyst: new Map(),
  };
  const caseOf: Record<string, string> = {};

  beforeAll(async () => {
    server = await startServer();
    createUser(server.dataDir, "regulator@example.cn", "regulator");
    createUser(server.dataDir, "cmb@example.cn", "bank", "cmb");
    createUser(server.dataDir, "analyst@example.cn", "analyst");
    createUser(server.dataDir, "reg2@example.cn", "regulator");
    const regulator = await signIn(server.url, "regulator@example.cn");
    const bank = await signIn(server.url, "cmb@example.cn");
    const analyst = await signIn(server.url, "analyst@example.cn");
    const ok = async (response: Promise<Response>) => {
      const answer = await response;
      expect(answer.status, await answer.clone().text()).toBe(302);
    };

    // A threat makes triage suggest the regulator, so routing to the bank overrides it, with a reason.
    const main = await fileComplaint(server.url, { categories: ["harassment.threats", "third_party.family"] });
    await ok(act(regulator, main.code, { intent: "route", route: "bank", reason: NOTE["note by regulator (route override reason)"] }));
    await ok(act(regulator, main.code, { intent: "note", message: NOTE["note by regulator"] }));
    await ok(act(bank, main.code, { intent: "note", message: NOTE["note by bank"] }));
    const regulatorPage = await (await regulator.get(`/triage/${main.code}`)).text();
    const reg2 = regulatorPage.match(/<option value="(\d+)">reg2@example\.cn<\/option>/)![1];
    await ok(act(regulator, main.code, { intent: "assign", assignee: reg2 }));
    const bankSelf = (await (await bank.get(`/triage/${main.code}`)).text()).match(/name="assignee" value="(\d+)"/)![1];
    await ok(act(bank, main.code, { intent: "assign", assignee: bankSelf }));
    await ok(act(bank, main.code, { intent: "request_info", message: NOTE.info_requested }));
    await ok(consumerAct(main.consumer, main.code, { intent: "answer_info", message: NOTE.info_answered }));
    await ok(consumerAct(main.consumer, main.code, { intent: "comment", message: NOTE.comment }));
    const evidence = new FormData();
    evidence.append("csrf", await main.consumer.csrf(`/track/${main.code}`));
    evidence.append("intent", "add_evidence");
    evidence.append("evidence", fixtureFile("screenshot.png", "补充截图.png"));
    await ok(main.consumer.post(`/track/${main.code}`, evidence));
    await ok(act(bank, main.code, { intent: "extend", reason: NOTE.extended }));
    await ok(act(bank, main.code, { intent: "extend", reason: "涉及多家机构", approvedBy: NOTE.extension_approved }));
    await ok(act(bank, main.code, { intent: "respond", outcome: "in_progress", message: NOTE.response_in_progress }));
    await ok(act(bank, main.code, { intent: "respond", outcome: "explanation", message: NOTE.responded }));
    await ok(consumerAct(main.consumer, main.code, { intent: "dispute", message: NOTE.disputed }));
    await ok(act(regulator, main.code, { intent: "substantiate", category: "harassment.threats", substantiated: "yes" }));
    await ok(act(regulator, main.code, { intent: "conclude", finding: "substantiated", message: NOTE.concluded }));

    const accepted = await fileComplaint(server.url, { categories: ["harassment.repeated_calls"], collectorPhones: "", agency: null });
    await ok(act(regulator, accepted.code, { intent: "route", route: "bank" }));
    await ok(act(bank, accepted.code, { intent: "respond", outcome: "explanation", message: "已核实-RESPONSE2" }));
    await ok(consumerAct(accepted.consumer, accepted.code, { intent: "accept", message: NOTE.accepted }));

    const rejected = await fileComplaint(server.url);
    await ok(act(regulator, rejected.code, { intent: "reject", reason: NOTE.rejected }));

    const withdrawn = await fileComplaint(server.url);
    await ok(consumerAct(withdrawn.consumer, withdrawn.code, { intent: "withdraw", confirm: "on" }));

    for (const type of Object.keys(EXPECTED)) {
      caseOf[type] = type === "accepted" ? accepted.code : type === "rejected" ? rejected.code : type === "withdrawn" ? withdrawn.code : main.code;
    }
    const consumers: Record<string, Client> = {
      [main.code]: main.consumer,
      [accepted.code]: accepted.consumer,
      [rejected.code]: rejected.consumer,
      [withdrawn.code]: withdrawn.consumer,
    };
    for (const code of Object.keys(consumers)) {
      const read = async (client: Client, path: string) => {
        const response = await client.get(path);
        return { status: response.status, html: await response.text() };
      };
      pages.consumer.set(code, await read(consumers[code], `/track/${code}`));
      pages.bank.set(code, await read(bank, `/triage/${code}`));
      pages.regulator.set(code, await read(regulator, `/triage/${code}`));
      pages.analyst.set(code, await read(analyst, `/triage/${code}`));
    }
  });
  afterAll(() => server.stop());

  const cells = Object.entries(EXPECTED).flatMap(([event, readers]) => (Object.keys(readers) as Reader[]).map((reader) => [event, reader] as const));

  it.each(cells)("%s, read by the %s", (event, reader) => {
    const page = pages[reader].get(caseOf[event])!;
    const type = event.split(" ")[0];
    const note = NOTE[event];
    if (!EXPECTED[event][reader]) {
      // Not shown: either the whole complaint is not theirs (404), or the event is not on the page.
      if (page.status === 404) return;
      expect(page.status).toBe(200);
      if (note) expect(page.html).not.toContain(note);
      else expect(timeline(page.html).map((e) => e.type)).not.toContain(type);
      return;
    }
    expect(page.status).toBe(200);
    const events = timeline(page.html).filter((e) => e.type === type);
    expect(events.length).toBeGreaterThan(0);
    if (note) expect(events.some((e) => e.text.includes(note))).toBe(true);
  });

  it("shows an analyst no complaint, and no event of one", () => {
    for (const [, page] of pages.analyst) {
      expect(page.status).not.toBe(200);
      for (const note of Object.values(NOTE)) expect(page.html).not.toContain(note);
    }
  });

  it("shows the suggested route and its reasons to the regulator only", () => {
    const code = caseOf.filed;
    expect(pages.regulator.get(code)!.html).toContain('class="suggestion"');
    expect(pages.bank.get(code)!.html).not.toContain('class="suggestion"');
  });
});
