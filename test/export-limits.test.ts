import { afterAll, beforeAll, expect, it } from "vitest";
import type { Client } from "./support/client";
import { createUser } from "./support/cli";
import { signIn } from "./support/reviewer";
import { startServer, type TestServer } from "./support/server";
import { openTestDb } from "./support/test-db";

// Enough rows that an export nobody reads cannot fit in the sockets' buffers and finish on its own.
const ROWS = 10_000;
const ACCOUNT = "催收员连续三个月每天晚上十一点以后打电话，还打给我的父母和同事，说我欠钱不还要去单位找我。".repeat(30);

let server: TestServer;
let analyst: Client;

beforeAll(async () => {
  server = await startServer();
  createUser(server.dataDir, "analyst@example.cn", "analyst");
  const db = openTestDb(server.dataDir);
  await db.runEach(
    `INSERT INTO "Complaint" (code, "keyHash", status, locale, "institutionName", product, "incidentStart", narrative, "publicNarrative", "priorComplaint", region, consent, "createdAt", "updatedAt")
     VALUES (?, 'x', 'submitted', 'zh-CN', '招商银行', 'credit_card', '2026-10-01', ?, ?, FALSE, '310000', TRUE, '2026-10-02T01:00:00.000+00:00', '2026-10-02T01:00:00.000+00:00')`,
    Array.from({ length: ROWS }, (_, i) => [`CW-LOAD-${i}`, ACCOUNT, ACCOUNT]),
  );
  await db.close();
  analyst = await signIn(server.url, "analyst@example.cn");
});
afterAll(() => server.stop());

it("runs two exports at once, asks a third visitor in their language to come back, and frees a place when a download is abandoned", async () => {
  const first = await analyst.get("/stats/export.csv");
  const second = await analyst.get("/stats/export.json");
  expect([first.status, second.status]).toEqual([200, 200]);

  const refused = await analyst.get("/stats/export.csv", { "Accept-Language": "en" });
  expect(refused.status).toBe(503);
  expect(refused.headers.get("retry-after")).toBe("60");
  expect(await refused.text()).toBe("2 exports are already running. Please try again in about a minute.\n");
  const refusedJson = await analyst.get("/stats/export.json", { "Accept-Language": "zh-CN" });
  expect(refusedJson.status).toBe(503);
  expect(await refusedJson.json()).toEqual({ error: "已有 2 个导出正在进行，请稍后再试（约一分钟）。" });

  // The visitor who gave up no longer holds a place: the server stopped that export's work.
  await first.body!.cancel();
  let third = await analyst.get("/stats/export.csv?status=submitted");
  for (let attempt = 0; third.status === 503 && attempt < 100; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    third = await analyst.get("/stats/export.csv?status=submitted");
  }
  expect(third.status).toBe(200);

  // A download that waited is whole when it is read at last.
  const rows = (await second.json()) as Record<string, string>[];
  expect(rows).toHaveLength(ROWS);
  expect(rows.every((row) => row["Consumer complaint narrative"] === ACCOUNT)).toBe(true);
  await third.body!.cancel();
});
