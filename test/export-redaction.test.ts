import { afterAll, beforeAll, expect, it } from "vitest";
import { Client } from "./support/client";
import { createUser } from "./support/cli";
import { filingForm, validFiling } from "./support/filing";
import { signIn } from "./support/reviewer";
import { startServer, type TestServer } from "./support/server";

// The account issue 11 found published by the "anonymised" export, filed as a consumer would file it.
const NARRATIVE =
  "2026年10月3日晚上，催收员李强用 171 2345 6789 打给我，说要去我家上海市徐汇区漕溪北路88号3号楼502室上门，" +
  "还打给我妈刘秀英和我的同事王经理。他开的车是沪A·5K321。我欠招商银行信用卡 8600 元，从2026年9月开始逾期。";
const SECRETS = ["李强", "171 2345 6789", "漕溪北路88号", "3号楼502室", "刘秀英", "王经理", "沪A·5K321", "王小明", "13912345678", "xiaoming@example.cn"];

let server: TestServer;
let analyst: Client;

beforeAll(async () => {
  server = await startServer();
  createUser(server.dataDir, "analyst@example.cn", "analyst");
  const consumer = new Client(server.url);
  const filed = await consumer.post("/complaints/new", filingForm(await consumer.csrf("/complaints/new"), validFiling({ narrative: NARRATIVE })));
  expect(filed.status).toBe(302);
  analyst = await signIn(server.url, "analyst@example.cn");
});
afterAll(async () => {
  await server.stop();
});

it("publishes the consented account without the address, the people, the plate or any number, and keeps the story", async () => {
  const csv = await (await analyst.get("/stats/export.csv")).text();
  const [row] = (await (await analyst.get("/stats/export.json")).json()) as Record<string, string>[];
  for (const text of [csv, row["Consumer complaint narrative"]]) {
    for (const secret of SECRETS) expect(text).not.toContain(secret);
  }
  expect(row["Consumer complaint narrative"]).toBe(
    "XX/XX/XXXX晚上，催收员[姓名]用 XXXX 打给我，说要去我家[地址]上门，" +
      "还打给我妈[姓名]和我的同事[姓名]经理。他开的车是[车牌]。我欠招商银行信用卡 8600 元，从2026年9月开始逾期。",
  );
});
