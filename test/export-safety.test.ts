import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "./support/client";
import { createUser } from "./support/cli";
import { fileComplaint, signIn } from "./support/reviewer";
import { startServer, type TestServer } from "./support/server";

const GENERALISED = "Other (fewer than 5 complaints)";
const FORMULA = '=HYPERLINK("http://evil.example","点我")';

describe("exports that are safe to publish", () => {
  let server: TestServer;
  let analyst: Client;
  let rare: string;

  beforeAll(async () => {
    server = await startServer();
    createUser(server.dataDir, "analyst@example.cn", "analyst");
    // Five complaints share creditor, agency and province; a sixth names a creditor typed in words,
    // an agency that is a spreadsheet formula and a province nobody else is from.
    for (let i = 0; i < 5; i++)
      await fileComplaint(server.url, { agency: "常见资产管理有限公司", narrative: `-第${i}次：他们每天晚上十一点打电话给我和我的家人，还说要上门。` }, []);
    ({ code: rare } = await fileComplaint(
      server.url,
      { institution: "某某网络小额贷款公司", agency: FORMULA, region: "650000", narrative: "@所有人 催收员在我的同学群里发我的照片和欠款金额，说我是老赖。" },
      [],
    ));
    analyst = await signIn(server.url, "analyst@example.cn");
  });
  afterAll(() => server.stop());

  async function csvRows(path: string): Promise<Record<string, string>[]> {
    const text = await (await analyst.get(path)).text();
    return parse<Record<string, string>>(text.replace(/^\uFEFF/, ""), { columns: true });
  }

  it("generalises a creditor, agency or province that fewer than five complaints share, in CSV and JSON alike", async () => {
    const json = (await (await analyst.get("/stats/export.json")).json()) as Record<string, string>[];
    for (const rows of [await csvRows("/stats/export.csv"), json]) {
      expect(rows).toHaveLength(6);
      const lone = rows.find((r) => r["Complaint ID"] === rare)!;
      expect([lone.Institution, lone.Agency, lone.Province]).toEqual([GENERALISED, GENERALISED, GENERALISED]);
      const shared = rows.filter((r) => r["Complaint ID"] !== rare);
      expect(new Set(shared.map((r) => `${r.Institution}|${r.Agency}|${r.Province}`))).toEqual(
        new Set(["China Merchants Bank|常见资产管理有限公司|310000 Shanghai"]),
      );
      expect(JSON.stringify(rows)).not.toContain("某某网络小额贷款公司");
      expect(JSON.stringify(rows)).not.toContain("HYPERLINK");
    }
  });

  it("neutralises every cell a spreadsheet would run as a formula, in every CSV", async () => {
    const rows = await csvRows("/stats/export.csv");
    const byAgency = await csvRows("/stats/export.csv?by=agency");
    expect(byAgency.map((r) => r.agency)).toContain(`'${FORMULA}`);
    const narratives = rows.map((r) => r["Consumer complaint narrative"]);
    expect(narratives).toContain("'-第0次：他们每天晚上十一点打电话给我和我的家人，还说要上门。");
    expect(narratives.some((n) => n.startsWith("'@"))).toBe(true);
    for (const row of [...rows, ...byAgency]) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});
