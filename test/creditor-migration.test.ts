import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";

// The migration that makes 借呗 and 花呗 aliases, run on a database holding complaints filed against them.
const MIGRATION = "20261129050000_creditor_aliases";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-creditor-migration-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function migratedUpTo(db: Database.Database, last: string) {
  const folders = fs
    .readdirSync("prisma/migrations")
    .filter((name) => /^\d{14}_/.test(name) && name <= last)
    .sort();
  for (const folder of folders) db.exec(fs.readFileSync(path.join("prisma/migrations", folder, "migration.sql"), "utf8"));
}

describe(`migration ${MIGRATION}`, () => {
  it("moves the brands' complaints and reviewers to 重庆蚂蚁消费金融, journals them for the statistics, and drops the brands", () => {
    const db = new Database(path.join(dir, "before.db"));
    const previous = fs
      .readdirSync("prisma/migrations")
      .filter((name) => /^\d{14}_/.test(name) && name < MIGRATION)
      .sort()
      .at(-1)!;
    migratedUpTo(db, previous);
    const institution = db.prepare("INSERT INTO Institution (id, nameZh, nameEn, kind) VALUES (?, ?, ?, ?)");
    institution.run("ant-cf", "重庆蚂蚁消费金融", "Chongqing Ant Consumer Finance", "consumer_finance");
    institution.run("jiebei", "借呗（支付宝）", "Jiebei (Alipay)", "online_lender");
    institution.run("huabei", "花呗（支付宝）", "Huabei (Alipay)", "online_lender");
    institution.run("cmb", "招商银行", "China Merchants Bank", "bank");
    const complaint = db.prepare(`INSERT INTO Complaint (code, keyHash, status, locale, institutionId, institutionName, product, incidentStart, narrative,
      priorComplaint, region, consent, updatedAt) VALUES (?, 'k', 'submitted', 'zh-CN', ?, ?, 'online_loan', '2026-10-01', '催收员半夜打电话。', 0, '310000', 0, '2026-11-01T00:00:00.000+00:00')`);
    complaint.run("CW-2026-000001", "jiebei", "借呗（支付宝）");
    complaint.run("CW-2026-000002", "huabei", "花呗（支付宝）");
    complaint.run("CW-2026-000003", "cmb", "招商银行");
    complaint.run("CW-2026-000004", null, "借呗");
    db.prepare("INSERT INTO User (email, passwordHash, role, institutionId) VALUES ('jb@example.cn', 'x', 'bank', 'jiebei')").run();
    const journaled = (db.prepare("SELECT COUNT(*) AS n FROM StatsChange").get() as { n: number }).n;

    db.exec(fs.readFileSync(path.join("prisma/migrations", MIGRATION, "migration.sql"), "utf8"));

    expect(db.prepare("SELECT code, institutionId, institutionName FROM Complaint ORDER BY code").all()).toEqual([
      { code: "CW-2026-000001", institutionId: "ant-cf", institutionName: "重庆蚂蚁消费金融" },
      { code: "CW-2026-000002", institutionId: "ant-cf", institutionName: "重庆蚂蚁消费金融" },
      { code: "CW-2026-000003", institutionId: "cmb", institutionName: "招商银行" },
      // A typed name is left as the consumer typed it: a regulator corrects it.
      { code: "CW-2026-000004", institutionId: null, institutionName: "借呗" },
    ]);
    expect(db.prepare("SELECT institutionId FROM User").all()).toEqual([{ institutionId: "ant-cf" }]);
    expect(db.prepare("SELECT id FROM Institution ORDER BY id").all()).toEqual([{ id: "ant-cf" }, { id: "cmb" }]);
    expect((db.prepare("SELECT COUNT(*) AS n FROM StatsChange").get() as { n: number }).n).toBe(journaled + 2);
    db.close();
  });

  it("does nothing to a database that never had the brands", () => {
    const db = new Database(path.join(dir, "fresh.db"));
    migratedUpTo(db, MIGRATION);
    expect(db.prepare("SELECT COUNT(*) AS n FROM Institution").get()).toEqual({ n: 0 });
    db.close();
  });
});
