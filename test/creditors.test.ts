import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Dashboard } from "~/domain/stats/dashboard";
import { Client } from "./support/client";
import { createUser, runCli } from "./support/cli";
import { filingForm, fixtureFile, validFiling } from "./support/filing";
import { act, fileComplaint, signIn } from "./support/reviewer";
import { startServer, type TestServer } from "./support/server";
import { itSqliteOnly } from "./support/engine";
import { openTestDb, type TestDb } from "./support/test-db";

let server: TestServer;
let db: TestDb;
let regulator: Client;
let cmb: Client;

beforeAll(async () => {
  server = await startServer();
  createUser(server.dataDir, "regulator@example.cn", "regulator");
  createUser(server.dataDir, "analyst@example.cn", "analyst");
  createUser(server.dataDir, "cmb@example.cn", "bank", "cmb");
  db = openTestDb(server.dataDir, { readonly: true });
  [regulator, cmb] = await Promise.all([signIn(server.url, "regulator@example.cn"), signIn(server.url, "cmb@example.cn")]);
});
afterAll(async () => {
  await db.close();
  await server.stop();
});

const creditorOf = async (code: string) =>
  (await db.get('SELECT "institutionId", "institutionName" FROM "Complaint" WHERE code = ?', [code])) as {
    institutionId: string | null;
    institutionName: string;
  };
const text = (html: string) => html.replace(/<[^>]+>/g, "").replace(/&quot;/g, '"');

describe("a creditor named by what people call it", () => {
  it("files 招行 against 招商银行, reaches its reviewer's queue when routed, and counts under it in /stats", async () => {
    const { code } = await fileComplaint(server.url, { institution: "招行" });
    expect(await creditorOf(code)).toEqual({ institutionId: "cmb", institutionName: "招商银行" });
    expect((await act(regulator, code, { intent: "route", route: "bank", reason: "先由银行处理" })).status).toBe(302);
    expect(await (await cmb.get("/triage")).text()).toContain(`/triage/${code}`);

    const analyst = await signIn(server.url, "analyst@example.cn");
    const dashboard = ((await (await analyst.get("/stats?_data=routes/stats._index")).json()) as { dashboard: Dashboard }).dashboard;
    const names = dashboard.byInstitution.map((row) => row.name);
    expect(names).toContain("招商银行");
    expect(names).not.toContain("招行");
  });

  it("gives the form the directory's names and aliases from /creditors.json, kept by the browser and asked again by its ETag", async () => {
    const client = new Client(server.url);
    // The form's own page does not carry the directory: it is fetched once and kept.
    expect(await (await client.get("/complaints/new")).text()).not.toContain("重庆蚂蚁消费金融");
    const answer = await client.get("/creditors.json");
    expect(answer.status).toBe(200);
    expect(answer.headers.get("cache-control")).toBe("public, max-age=300");
    const directory = (await answer.json()) as { id: string; nameZh: string; aliases: string[] }[];
    const cmb = directory.find((e) => e.id === "cmb");
    expect(cmb?.nameZh).toBe("招商银行");
    expect(cmb?.aliases).toContain("招行");
    expect(directory.find((e) => e.aliases.includes("借呗"))?.nameZh).toBe("重庆蚂蚁消费金融");
    const etag = answer.headers.get("etag")!;
    const again = await client.get("/creditors.json", { "If-None-Match": etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
  });

  it("offers each company's aliases in the order institutions.json lists them, after a restart too", async () => {
    const listed = (JSON.parse(fs.readFileSync("prisma/institutions.json", "utf8")) as { nameZh: string; aliases?: string[] }[]).filter(
      (entry) => entry.aliases?.length,
    );
    // Every start loads the directory again: rows deleted and written anew, in whatever place the database puts them.
    const restarted = await startServer({ DATA_DIR: server.dataDir });
    try {
      for (const url of [server.url, restarted.url]) {
        const offered = (await (await new Client(url).get("/creditors.json")).json()) as { nameZh: string; aliases: string[] }[];
        for (const entry of listed) {
          // An alias that is the company's own name is offered as the name itself.
          const others = (aliases: string[]) => aliases.filter((alias) => alias !== entry.nameZh);
          expect(others(offered.find((e) => e.nameZh === entry.nameZh)?.aliases ?? [])).toEqual(others(entry.aliases!));
        }
      }
    } finally {
      await restarted.stop();
    }
  });

  it("asks 'did you mean' for a near miss, keeping everything else typed, and files what the consumer picks", async () => {
    const consumer = new Client(server.url);
    const csrf = await consumer.csrf("/complaints/new");
    const filing = validFiling({ institution: "招商银航", narrative: "催收员每晚十一点打电话给我，还说要去我单位找领导。", consumerEmail: "kept@example.cn" });
    const asked = await consumer.post("/complaints/new", filingForm(csrf, filing, [{ field: "evidence", file: fixtureFile("screenshot.png") }]));
    expect(asked.status).toBe(400);
    const page = await asked.text();
    expect(text(page)).toContain("您是指 招商银行 吗？");
    expect(page).toContain('name="institutionAsked" value="招商银航"');
    expect(page).toContain('<input type="radio" name="institutionChoice" checked="" value="cmb"/>');
    expect(page).toContain("催收员每晚十一点打电话给我，还说要去我单位找领导。");
    expect(page).toContain('value="kept@example.cn"');
    // Files cannot be put back into a file field: the page says to choose them again, as for any refusal.
    expect(text(page)).toContain("请重新选择");
    expect(await db.get(`SELECT COUNT(*) AS n FROM "Complaint" WHERE "institutionName" = '招商银航'`)).toEqual({ n: 0 });

    const picked = await consumer.post(
      "/complaints/new",
      filingForm(csrf, { ...filing, institutionAsked: "招商银航", institutionChoice: "cmb" }, [{ field: "evidence", file: fixtureFile("screenshot.png") }]),
    );
    expect(picked.status).toBe(302);
    expect(await creditorOf(picked.headers.get("location")!.split("/")[2])).toEqual({ institutionId: "cmb", institutionName: "招商银行" });
  });

  it("asks 'did you mean' together with the form's other errors, not one round after them", async () => {
    const consumer = new Client(server.url);
    const csrf = await consumer.csrf("/complaints/new");
    const response = await consumer.post("/complaints/new", filingForm(csrf, validFiling({ institution: "招商银航", narrative: "太短" })));
    expect(response.status).toBe(400);
    const page = text(await response.text());
    expect(page).toContain("您是指 招商银行 吗？");
    expect(page).toContain("请多写几个字");
  });

  it("keeps the name as typed when the consumer says none of the suggestions is right, and files an unknown name silently", async () => {
    const consumer = new Client(server.url);
    const csrf = await consumer.csrf("/complaints/new");
    const kept = await consumer.post(
      "/complaints/new",
      filingForm(csrf, validFiling({ institution: "招商银航", institutionAsked: "招商银航", institutionChoice: "typed" })),
    );
    expect(kept.status).toBe(302);
    expect(await creditorOf(kept.headers.get("location")!.split("/")[2])).toEqual({ institutionId: null, institutionName: "招商银航" });
    // An answer given for another name does not count for this one.
    const other = await consumer.post(
      "/complaints/new",
      filingForm(csrf, validFiling({ institution: "招商", institutionAsked: "招商银航", institutionChoice: "typed" })),
    );
    expect(other.status).toBe(400);

    const { code } = await fileComplaint(server.url, { institution: "某某网络小贷" });
    expect(await creditorOf(code)).toEqual({ institutionId: null, institutionName: "某某网络小贷" });
  });
});

describe("routing to a creditor nobody answers for", () => {
  it("is refused with the fix when the creditor is not in the directory", async () => {
    const { code } = await fileComplaint(server.url, { institution: "某某网络小贷" });
    const refused = await act(regulator, code, { intent: "route", route: "bank", reason: "试试" });
    expect(refused.status).toBe(409);
    expect(text(await refused.text())).toContain("债权机构不在机构名录中，无法分派给机构");
    expect(await db.get('SELECT status FROM "Complaint" WHERE code = ?', [code])).toEqual({ status: "submitted" });
  });

  it("is refused, naming the command that adds a reviewer, when the institution has no active bank reviewer", async () => {
    const { code } = await fileComplaint(server.url, { institution: "工行" });
    const refused = await act(regulator, code, { intent: "route", route: "bank", reason: "试试" });
    expect(refused.status).toBe(409);
    expect(text(await refused.text())).toContain("npm run user -- create --email 邮箱 --role bank --institution icbc --password-stdin");

    // A disabled reviewer answers for nobody either.
    createUser(server.dataDir, "icbc@example.cn", "bank", "icbc");
    expect(runCli("user", ["disable", "--email", "icbc@example.cn"], server.dataDir).status).toBe(0);
    expect((await act(regulator, code, { intent: "route", route: "bank", reason: "试试" })).status).toBe(409);
    expect(runCli("user", ["enable", "--email", "icbc@example.cn"], server.dataDir).status).toBe(0);
    expect((await act(regulator, code, { intent: "route", route: "bank", reason: "试试" })).status).toBe(302);
  });
});

describe("a regulator correcting the creditor", () => {
  it("moves the complaint to the right institution with an audited event the consumer sees, then routes it", async () => {
    const { consumer, code } = await fileComplaint(server.url, { institution: "某某网络小贷" });
    expect((await act(regulator, code, { intent: "correct_creditor", institutionId: "cmb" })).status).toBe(302);
    expect(await creditorOf(code)).toEqual({ institutionId: "cmb", institutionName: "招商银行" });
    const event = (await db.get(
      'SELECT e.type, e."actorRole", e."actorId", e.note, e.public, e.hash FROM "Event" e JOIN "Complaint" c ON c.id = e."complaintId" WHERE c.code = ? ORDER BY e.id DESC',
      [code],
    )) as Record<string, unknown>;
    expect(event).toMatchObject({ type: "creditor_corrected", actorRole: "regulator", note: "某某网络小贷 → 招商银行 (cmb)", public: 1 });
    expect(event.hash).toBeTruthy();
    expect(runCli("audit-verify", [], server.dataDir).status).toBe(0);
    expect(text(await (await consumer.get(`/track/${code}`)).text())).toContain("更正债权机构");

    expect((await act(regulator, code, { intent: "route", route: "bank", reason: "先由银行处理" })).status).toBe(302);
    expect(await (await cmb.get("/triage")).text()).toContain(`/triage/${code}`);
    // Once a bank has it, the creditor stays: that bank has read it.
    const late = await act(regulator, code, { intent: "correct_creditor", institutionId: "icbc" });
    expect(late.status).toBe(409);
    expect(text(await late.text())).toContain("这件投诉已经分派给债权机构，不能再更正");
    expect((await creditorOf(code)).institutionId).toBe("cmb");
  });

  it("is not a bank reviewer's to make", async () => {
    const { code } = await fileComplaint(server.url, { institution: "招商银行" });
    expect((await act(regulator, code, { intent: "route", route: "bank", reason: "先由银行处理" })).status).toBe(302);
    expect((await act(cmb, code, { intent: "correct_creditor", institutionId: "icbc" })).status).toBe(403);
    expect((await creditorOf(code)).institutionId).toBe("cmb");
  });

  it("refuses an institution that is not in the directory", async () => {
    const { code } = await fileComplaint(server.url, { institution: "某某网络小贷" });
    const refused = await act(regulator, code, { intent: "correct_creditor", institutionId: "jiebei" });
    expect(refused.status).toBe(400);
    expect(text(await refused.text())).toContain("机构名录里没有这个机构");
  });
});

describe("a brand retired from the directory", () => {
  // seed:demo writes SQLite only: it refuses DATABASE_URL (npm run db:copy moves a seeded deployment).
  itSqliteOnly("seed:demo runs on SQLite only")(
    "has its complaints and reviewers moved to the company when the directory loads, each with an audited event",
    async () => {
      // As before this change: 借呗 listed as an institution, with a complaint and a reviewer.
      const live = openTestDb(server.dataDir);
      await live.run(`INSERT INTO "Institution" (id, "nameZh", "nameEn", kind) VALUES ('jiebei', '借呗（支付宝）', 'Jiebei (Alipay)', 'online_lender')`);
      await live.close();
      createUser(server.dataDir, "jiebei@example.cn", "bank", "jiebei");
      const { code } = await fileComplaint(server.url, { institution: "某某网络小贷" });
      expect((await act(regulator, code, { intent: "correct_creditor", institutionId: "jiebei" })).status).toBe(302);
      expect(await creditorOf(code)).toEqual({ institutionId: "jiebei", institutionName: "借呗（支付宝）" });

      // Any process that loads the directory (the server at start, the demo seeder) retires it.
      const seeded = runCli("seed-demo", ["--count", "1", "--seed", "3"], server.dataDir);
      expect(seeded.status).toBe(0);
      expect(seeded.stdout).toContain("jiebei → ant-cf: 1 of 1 complaints moved");
      expect(await creditorOf(code)).toEqual({ institutionId: "ant-cf", institutionName: "重庆蚂蚁消费金融" });
      const event = await db.get(
        'SELECT e.type, e."actorRole", e.note, e.public FROM "Event" e JOIN "Complaint" c ON c.id = e."complaintId" WHERE c.code = ? ORDER BY e.id DESC',
        [code],
      );
      expect(event).toEqual({ type: "creditor_corrected", actorRole: "system", note: "借呗（支付宝） (jiebei) → 重庆蚂蚁消费金融 (ant-cf)", public: 1 });
      expect(await db.get(`SELECT "institutionId" FROM "User" WHERE email = 'jiebei@example.cn'`)).toEqual({ institutionId: "ant-cf" });
      expect(await db.get(`SELECT COUNT(*) AS n FROM "Institution" WHERE id = 'jiebei'`)).toEqual({ n: 0 });
      expect(runCli("audit-verify", [], server.dataDir).status).toBe(0);
    },
  );
});
