import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_CALL_LOG_ROWS } from "~/domain/call-log/limits";
import { callLogCsv, makeSyntheticCalls } from "~/domain/call-log/synthetic";
import { Client, visibleText } from "./support/client";
import { createUser, runCli } from "./support/cli";
import { filingForm, fixtureFile, listFiles, validFiling } from "./support/filing";
import { signIn } from "./support/reviewer";
import { startServer, type TestServer } from "./support/server";
import { openTestDb, type TestDb } from "./support/test-db";

/** A complaint's stored call-log analysis. */
async function findingsOf(db: TestDb, code: string): Promise<Record<string, unknown>> {
  const row = await db.get<{ json: string }>('SELECT "callLogFindings" AS json FROM "Complaint" WHERE code = ?', [code]);
  return JSON.parse(row!.json) as Record<string, unknown>;
}

/** Rewrites a complaint's stored analysis, as an older version of the rules would have stored it. */
async function editFindings(db: TestDb, code: string, edit: (findings: Record<string, unknown>) => void) {
  const findings = await findingsOf(db, code);
  edit(findings);
  await db.run('UPDATE "Complaint" SET "callLogFindings" = ? WHERE code = ?', [JSON.stringify(findings), code]);
}

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
  createUser(server.dataDir, "regulator@example.cn", "regulator");
  // 招商银行 has a reviewer of its own, so "no bank reviewer" never decides a route here.
  createUser(server.dataDir, "cmb@example.cn", "bank", "cmb");
});
afterAll(() => server.stop());

async function fileWithLog(log: File, overrides: Record<string, string | string[] | null> = {}) {
  const consumer = new Client(server.url);
  const csrf = await consumer.csrf("/complaints/new");
  const fields = validFiling({ collectorPhones: "138 0013 8000", categories: ["third_party.family"], ...overrides });
  return { consumer, response: await consumer.post("/complaints/new", filingForm(csrf, fields, [{ field: "callLog", file: log }])) };
}

describe("a filing with a call log", () => {
  it("states the counts on the receipt, the tracking page and the triage page", async () => {
    const { consumer, response } = await fileWithLog(fixtureFile("call-logs/xiaomi-zh.csv", "通话记录.csv"));
    expect(response.status).toBe(302);
    const receiptPath = response.headers.get("location")!;
    const code = receiptPath.split("/")[2];
    const receipt = visibleText(await (await consumer.get(receiptPath)).text());
    expect(receipt).toContain("通话记录分析");
    expect(receipt).toMatch(/\d+ 次来电中有 \d+ 次在 22:00 至次日 08:00 之间，来自 \d+ 个不同号码。/);
    expect(receipt).toContain("投诉中填写的催收号码出现在记录中：138 0013 8000");
    // 招商银行 is a bank: its log is read against the banking association's guideline, which binds by self-regulation only.
    expect(receipt).toContain("中国银行业协会《金融机构个人消费类贷款催收工作指引（试行）》");
    expect(receipt).toContain("行业自律指引（非强制）");
    // The third-party rule is cited with what a call log cannot show of it.
    expect(receipt).toContain("不得向与债务无关的第三方催收");
    expect(receipt).toContain("通话记录是消费者本人手机的记录：看不到催收方打给了谁");

    const tracking = visibleText(await (await consumer.get(`/track/${code}`)).text());
    expect(tracking).toContain("通话记录分析");

    const regulator = await signIn(server.url, "regulator@example.cn");
    const triage = visibleText(await (await regulator.get(`/triage/${code}`)).text());
    expect(triage).toMatch(/\d+ 次来电中有 \d+ 次在 22:00 至次日 08:00 之间/);
    // Calls at night, though the consumer ticked only "family": suggested to the reviewer, never added.
    expect(triage).toContain("通话记录显示，但消费者没有勾选：在休息时间催收（夜间、清晨）");
    const db = openTestDb(server.dataDir, { readonly: true });
    expect(await db.all('SELECT cc.category FROM "ComplaintCategory" cc JOIN "Complaint" c ON c.id = cc."complaintId" WHERE c.code = ?', [code])).toEqual([
      { category: "third_party.family" },
    ]);
    await db.close();
  });

  it("reads a call log saved as an Excel workbook, naming an unreadable row by its row number", async () => {
    const { consumer, response } = await fileWithLog(fixtureFile("call-logs/assistant-zh.xlsx", "通话记录.xlsx"));
    expect(response.status).toBe(302);
    const receiptPath = response.headers.get("location")!;
    const code = receiptPath.split("/")[2];
    const receipt = visibleText(await (await consumer.get(receiptPath)).text());
    expect(receipt).toContain("5 次来电中有 3 次在 22:00 至次日 08:00 之间，来自 3 个不同号码。");
    expect(receipt).toContain("投诉中填写的催收号码出现在记录中：138 0013 8000 (3)");
    expect(receipt).toContain("1 行无法读取（第 9 行），其余已分析。");

    // The reviewer's table reads the stored workbook again.
    const regulator = await signIn(server.url, "regulator@example.cn");
    const rows = callTableRows(await (await regulator.get(`/triage/${code}`)).text());
    expect(rows).toHaveLength(6);
    expect(rows[0]).toMatch(/^2026-10-01 21:14:00 周四 138 0013 8000 消费者所填催收号码 已接 1:35\s+第 3 行$/);
    expect(rows[5]).toMatch(/^2026-10-03 23:40:05 周六 13800138000 .* 禁止时段 第 10 行$/);

    const db = openTestDb(server.dataDir, { readonly: true });
    expect(await db.all('SELECT e.name, e.mime, e.kind FROM "Evidence" e JOIN "Complaint" c ON c.id = e."complaintId" WHERE c.code = ?', [code])).toEqual([
      { name: "通话记录.xlsx", mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", kind: "call_log" },
    ]);
    await db.close();
  });

  it("refuses a zip that is not a workbook, and a workbook that is not a call log, beside the field, and writes nothing", async () => {
    const count = async (table: string) => {
      const db = openTestDb(server.dataDir, { readonly: true });
      const { n } = (await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM "${table}"`))!;
      await db.close();
      return n;
    };
    const before = { files: listFiles(path.join(server.dataDir, "evidence")).length, complaints: await count("Complaint"), evidence: await count("Evidence") };
    for (const [file, message] of [
      [fixtureFile("call-logs/photos.zip", "照片.zip"), "“照片.zip”不是 CSV 或 Excel（.xlsx）表格文件，也不是通话记录的 XML 备份。"],
      [fixtureFile("call-logs/not-a-call-log.xlsx", "账单.xlsx"), "“账单.xlsx”不是通话记录：找不到时间和号码两列。"],
    ] as const) {
      const { response } = await fileWithLog(file);
      expect(response.status).toBe(400);
      const html = await response.text();
      expect(visibleText(html)).toContain(message);
      expect(html).toContain('id="callLog-error"');
    }
    expect({ files: listFiles(path.join(server.dataDir, "evidence")).length, complaints: await count("Complaint"), evidence: await count("Evidence") }).toEqual(
      before,
    );
    expect(listFiles(path.join(server.dataDir, "uploads"))).toEqual([]);
  });

  it("refuses a CSV that is not a call log, beside the field, and writes nothing", async () => {
    const before = listFiles(path.join(server.dataDir, "evidence")).length;
    const { response } = await fileWithLog(fixtureFile("call-logs/not-a-call-log.csv", "账单.csv"));
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(visibleText(html)).toContain("“账单.csv”不是通话记录：找不到时间和号码两列。");
    expect(html).toContain('id="callLog-error"');
    expect(listFiles(path.join(server.dataDir, "evidence")).length).toBe(before);
    expect(listFiles(path.join(server.dataDir, "uploads"))).toEqual([]);
  });
});

/** Rows of the reviewer's call table, as visible text. */
function callTableRows(html: string): string[] {
  const body = html.match(/<table class="calls">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/)?.[1] ?? "";
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) => visibleText(row[1]).trim());
}

describe("the reviewer's view of a call log", () => {
  it("draws calls by weekday and hour, lists every call with the rules it counts towards, and compares rule packs", async () => {
    const { response } = await fileWithLog(fixtureFile("call-logs/xiaomi-zh.csv", "通话记录.csv"));
    const code = response.headers.get("location")!.split("/")[2];
    const regulator = await signIn(server.url, "regulator@example.cn");

    const html = await (await regulator.get(`/triage/${code}`)).text();
    expect(html).toContain('<title id="day-hour-title">来电时间分布（星期 × 小时）</title>');
    // 10月1日 2026 is a Thursday: the 21:14 and 22:30 calls sit in Thursday's row.
    expect(visibleText(html)).toMatch(/周四 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 1 1 0/);
    const rows = callTableRows(html);
    expect(rows).toHaveLength(5); // the consumer's own outgoing call is listed too
    expect(rows[0]).toMatch(/^2026-10-01 21:14:00 周四 138 0013 8000 消费者所填催收号码 已接 1:35\s+第 2 行$/);
    expect(rows[1]).toMatch(/^2026-10-01 22:30:00 周四 13800138000 消费者所填催收号码 未接 0:00 禁止时段 第 3 行$/);
    expect(rows[2]).toContain("禁止时段"); // 07:59, before 08:00

    const flagged = await (await regulator.get(`/triage/${code}?calls=flagged`)).text();
    expect(callTableRows(flagged)).toHaveLength(2);

    // Regulation F, for comparison: its own hours (08:00–21:00) and its citations; 21:14 is now late too.
    const regF = visibleText(await (await regulator.get(`/triage/${code}?pack=us_reg_f`)).text());
    expect(regF).toContain("4 次来电中有 3 次在 21:00 至次日 08:00 之间");
    expect(regF).toContain("12 CFR §1006.6(b)(1)(i)");
    // An unknown pack falls back to the pack the findings were stored under.
    expect(visibleText(await (await regulator.get(`/triage/${code}?pack=nonsense`)).text())).toContain("4 次来电中有 2 次在 22:00 至次日 08:00 之间");
  });

  it("marks the words of the account that suggest a category the consumer did not tick", async () => {
    const { response } = await fileWithLog(fixtureFile("call-logs/xiaomi-zh.csv"), { narrative: "催收员每天打电话，他们说要上门，还把电话打到我单位。" });
    const code = response.headers.get("location")!.split("/")[2];
    const regulator = await signIn(server.url, "regulator@example.cn");
    const html = await (await regulator.get(`/triage/${code}`)).text();
    expect(html).toMatch(/<mark class="lexicon" title="威胁人身安全、暴力、上门滋扰">上门<\/mark>/);
    expect(html).toMatch(/<mark class="lexicon" title="联系工作单位、同事">单位<\/mark>/);
    expect(visibleText(html)).toContain(
      "经过中的用词提示了以下类型，但消费者没有勾选： 频繁、重复来电：“每天打” 威胁人身安全、暴力、上门滋扰：“上门” 联系工作单位、同事：“单位”",
    );
  });
});

describe("a call log added later", () => {
  it("is read together with the earlier one, counting a call found in both once, and a file that is not a call log is refused", async () => {
    const { consumer, response } = await fileWithLog(fixtureFile("call-logs/xiaomi-zh.csv", "小米.csv"));
    const code = response.headers.get("location")!.split("/")[2];
    await consumer.get(response.headers.get("location")!);
    const addLog = async (file: File) => {
      const form = new FormData();
      form.append("csrf", await consumer.csrf(`/track/${code}`));
      form.append("intent", "add_evidence");
      form.append("callLog", file);
      return consumer.post(`/track/${code}`, form);
    };

    // android-en.csv holds 5 more collection calls, 3 of them between 22:00 and 08:00.
    expect((await addLog(fixtureFile("call-logs/android-en.csv"))).status).toBe(302);
    let tracking = visibleText(await (await consumer.get(`/track/${code}`)).text());
    expect(tracking).toContain("9 次来电中有 5 次在 22:00 至次日 08:00 之间");
    expect(tracking).toContain("android-en.csv");

    // The same export again, under another name, and the same calls saved as a workbook: nothing is counted twice.
    expect((await addLog(fixtureFile("call-logs/xiaomi-zh.csv", "再次导出.csv"))).status).toBe(302);
    expect((await addLog(fixtureFile("call-logs/android-en.xlsx"))).status).toBe(302);
    tracking = visibleText(await (await consumer.get(`/track/${code}`)).text());
    expect(tracking).toContain("9 次来电中有 5 次在 22:00 至次日 08:00 之间");
    expect(tracking).toContain("android-en.xlsx");

    const evidenceBefore = listFiles(path.join(server.dataDir, "evidence")).length;
    for (const name of ["账单.csv", "账单.xlsx"]) {
      const refused = await addLog(fixtureFile(`call-logs/not-a-call-log.${name.split(".")[1]}`, name));
      expect(refused.status).toBe(400);
      const refusedHtml = await refused.text();
      expect(refusedHtml).toContain('id="callLog-error"');
      expect(visibleText(refusedHtml)).toContain(`“${name}”不是通话记录：找不到时间和号码两列。`);
    }
    expect(listFiles(path.join(server.dataDir, "evidence")).length).toBe(evidenceBefore);
    expect(listFiles(path.join(server.dataDir, "uploads"))).toEqual([]);

    // The reviewer's table says which file each call came from.
    const regulator = await signIn(server.url, "regulator@example.cn");
    const rows = callTableRows(await (await regulator.get(`/triage/${code}`)).text());
    expect(rows).toHaveLength(11);
    expect(rows.some((row) => row.endsWith("android-en.csv 第 7 行"))).toBe(true);
  });
});

describe("the regulator route", () => {
  const nights = (count: number) =>
    [
      "号码,类型,时间,通话时长",
      ...Array.from({ length: count }, (_, i) => `13800138000,未接,2026-10-${String(1 + i).padStart(2, "0")} 23:${String(10 + i)},0`),
    ].join("\n");
  const suggestion = async (code: string) => {
    const regulator = await signIn(server.url, "regulator@example.cn");
    return visibleText(await (await regulator.get(`/triage/${code}`)).text());
  };

  it("is suggested for a log with 15 of 15 calls in the forbidden hours, as strong findings", async () => {
    // No collector number: one named in the other complaints here would be a reason of its own.
    const { response } = await fileWithLog(new File([nights(15)], "夜里的电话.csv"), { collectorPhones: "" });
    expect(response.status).toBe(302);
    const page = await suggestion(response.headers.get("location")!.split("/")[2]);
    expect(page).toContain("15 次来电中有 15 次在 22:00 至次日 08:00 之间");
    expect(page).toMatch(/建议去向\s*:\s*由监管人员处理/);
    expect(page).toContain("通话记录显示明显违规");
  });

  it("is not suggested for one call in the forbidden hours", async () => {
    const { response } = await fileWithLog(new File([nights(1)], "一个夜里的电话.csv"), { collectorPhones: "" });
    const page = await suggestion(response.headers.get("location")!.split("/")[2]);
    expect(page).toContain("1 次来电中有 1 次在 22:00 至次日 08:00 之间");
    expect(page).toMatch(/建议去向\s*:\s*转交债权机构/);
  });
});

describe("npm run call-logs:reanalyse", () => {
  it("reads the stored logs again and stores what they show, with progress, for every complaint with a log", async () => {
    const { consumer, response } = await fileWithLog(fixtureFile("call-logs/xiaomi-zh.csv"));
    const code = response.headers.get("location")!.split("/")[2];
    await consumer.get(response.headers.get("location")!);
    // As if the analysis had been stored by an older version of the rules.
    const db = openTestDb(server.dataDir);
    await editFindings(db, code, (findings) => ((findings.outsideHours as { count: number }).count = 0));
    expect(visibleText(await (await consumer.get(`/track/${code}`)).text())).toContain("4 次来电中有 0 次");

    const run = runCli("reanalyse-call-logs", [], server.dataDir);
    expect(run.status).toBe(0);
    const withLogs = ((await db.get(`SELECT COUNT(DISTINCT "complaintId") AS n FROM "Evidence" WHERE kind = 'call_log'`)) as { n: number }).n;
    expect(run.stdout).toContain(`${withLogs} of ${withLogs} complaint(s) with a call log re-analysed`);
    expect(run.stderr).toContain(`re-reading ${withLogs}/${withLogs} complaints (100%)`);
    await db.close();
    // runCli blocks this process; a kept-alive connection the server closed meanwhile (after 5 s idle)
    // is only seen as closed once the event loop turns, else the next request is sent down it.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(visibleText(await (await consumer.get(`/track/${code}`)).text())).toContain("4 次来电中有 2 次在 22:00 至次日 08:00 之间");
  });

  it("applies the default pack of the creditor's kind to analyses stored under the old one", async () => {
    const { response } = await fileWithLog(fixtureFile("call-logs/xiaomi-zh.csv"), { institution: "招联消费金融" });
    const code = response.headers.get("location")!.split("/")[2];
    const db = openTestDb(server.dataDir);
    const pack = async () => (await findingsOf(db, code)).pack;
    expect(await pack()).toBe("gbt_45251");
    // As stored before the packs: China's 2024 guideline for everyone.
    await editFindings(db, code, (findings) => (findings.pack = "china"));
    expect(runCli("reanalyse-call-logs", [], server.dataDir).status).toBe(0);
    expect(await pack()).toBe("gbt_45251");
    const banks = await db.all<{ json: string }>(
      `SELECT c."callLogFindings" AS json FROM "Complaint" c JOIN "Institution" i ON i.id = c."institutionId" WHERE i.kind = 'bank' AND c."callLogFindings" IS NOT NULL`,
    );
    expect([...new Set(banks.map((row) => (JSON.parse(row.json) as { pack: string }).pack))]).toEqual(["cba_2026"]);
    await db.close();
  });
});

// Last: the 20,000-row logs filed here would make the re-analysis above take seconds longer.
describe("the limits on a call log", () => {
  const count = async (table: string) => {
    const db = openTestDb(server.dataDir, { readonly: true });
    const { n } = (await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM "${table}"`))!;
    await db.close();
    return n;
  };

  it(`refuses a log of more than ${MAX_CALL_LOG_ROWS} rows beside the field, naming the limit, keeping what was typed, and writes nothing`, async () => {
    const before = {
      files: listFiles(path.join(server.dataDir, "evidence")).length,
      complaints: await count("Complaint"),
      reviews: await count("CallLogReview"),
    };
    const log = new File([callLogCsv(makeSyntheticCalls(MAX_CALL_LOG_ROWS + 1, 11))], "全部通话.csv");
    const { response } = await fileWithLog(log, { narrative: "他们一天打几十个电话，我把手机里的通话记录全部导出来了。" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('id="callLog-error"');
    expect(visibleText(html)).toContain(`“全部通话.csv”超过了 ${MAX_CALL_LOG_ROWS} 行：一份通话记录最多 ${MAX_CALL_LOG_ROWS} 行。`);
    expect(html).toContain("他们一天打几十个电话，我把手机里的通话记录全部导出来了。");
    expect({
      files: listFiles(path.join(server.dataDir, "evidence")).length,
      complaints: await count("Complaint"),
      reviews: await count("CallLogReview"),
    }).toEqual(before);
    expect(listFiles(path.join(server.dataDir, "uploads"))).toEqual([]);
  });

  it(`files a log of ${MAX_CALL_LOG_ROWS} rows while other requests are still answered, and the reviewer's page reads no file`, async () => {
    const log = new File([callLogCsv(makeSyntheticCalls(MAX_CALL_LOG_ROWS, 12))], "一年的通话.csv");
    let filed = false;
    const filing = fileWithLog(log).then((result) => ((filed = true), result));
    // A visitor opening the start page meanwhile: each answer comes while the log is still being read.
    const waits: number[] = [];
    const visitor = new Client(server.url);
    await new Promise((resolve) => setTimeout(resolve, 300));
    while (!filed && waits.length < 200) {
      const started = performance.now();
      const page = await visitor.get("/");
      expect(page.status).toBe(200);
      await page.text();
      if (!filed) waits.push(performance.now() - started);
    }
    const { response } = await filing;
    expect(response.status).toBe(302);
    expect(waits.length).toBeGreaterThan(3);
    // Parsing 20,000 rows on the event loop held it for seconds; a page takes milliseconds.
    expect(Math.max(...waits)).toBeLessThan(1000);

    // The stored review is the whole of what the reviewer's page reads: with the file gone, the page is the same.
    const code = response.headers.get("location")!.split("/")[2];
    const regulator = await signIn(server.url, "regulator@example.cn");
    const rows = callTableRows(await (await regulator.get(`/triage/${code}`)).text());
    expect(rows).toHaveLength(500);
    const db = openTestDb(server.dataDir, { readonly: true });
    const { sha256 } = (await db.get('SELECT e.sha256 FROM "Evidence" e JOIN "Complaint" c ON c.id = e."complaintId" WHERE c.code = ?', [code])) as {
      sha256: string;
    };
    await db.close();
    const stored = path.join(server.dataDir, "evidence", sha256);
    const bytes = fs.readFileSync(stored);
    fs.rmSync(stored);
    try {
      expect(callTableRows(await (await regulator.get(`/triage/${code}?pack=us_reg_f`)).text())).toHaveLength(500);
      expect(callTableRows(await (await regulator.get(`/triage/${code}`)).text())).toEqual(rows);
    } finally {
      fs.writeFileSync(stored, bytes);
    }
  });
});
