import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, visibleText } from "./support/client";
import { createUser } from "./support/cli";
import { filingForm, validFiling } from "./support/filing";
import { fileComplaint, signIn } from "./support/reviewer";
import { startServer, type TestServer } from "./support/server";
import { onPostgres } from "./support/engine";
import { openTestDb, type TestDb } from "./support/test-db";

let server: TestServer;
let db: TestDb;
let regulator: Client;

beforeAll(async () => {
  server = await startServer();
  createUser(server.dataDir, "regulator@example.cn", "regulator");
  db = openTestDb(server.dataDir, { readonly: true });
  regulator = await signIn(server.url, "regulator@example.cn");
});
afterAll(async () => {
  await db.close();
  await server.stop();
});

const ordinary = { categories: ["harassment.repeated_calls"], agency: null };
const storedNumbers = async (code: string) =>
  await db.all(
    `SELECT p.number, p.typed FROM "CollectorPhone" p JOIN "Complaint" c ON c.id = p."complaintId" WHERE c.code = ? ORDER BY p.${onPostgres() ? "ctid" : "rowid"}`,
    [code],
  );

describe("collector numbers as consumers type them", () => {
  it("stores each by its canonical key beside what was typed, and keeps what cannot be verified", async () => {
    const { code } = await fileComplaint(server.url, {
      ...ordinary,
      collectorPhones: "021－62345678转123\n未知号码\n1069 0000 1234\n6123 4567\n13800138000 13900139000\n86-10-65529988\n95588",
    });
    expect(await storedNumbers(code)).toEqual([
      { number: "+862162345678", typed: "021－62345678转123" },
      { number: "withheld", typed: "未知号码" },
      { number: "sms:106900001234", typed: "1069 0000 1234" },
      { number: "unverified:61234567", typed: "6123 4567" },
      { number: "+8613800138000", typed: "13800138000" },
      { number: "+8613900139000", typed: "13900139000" },
      { number: "+861065529988", typed: "86-10-65529988" },
      { number: "short:95588", typed: "95588" },
    ]);
  });

  it("matches the same number across two complaints whatever its spelling, and says so to the reviewer", async () => {
    const first = await fileComplaint(server.url, { ...ordinary, collectorPhones: "+86 400 820 8820" });
    const second = await fileComplaint(server.url, { ...ordinary, collectorPhones: "０４００－８２０８８２０" });
    const page = visibleText(await (await regulator.get(`/triage/${second.code}`)).text());
    expect(page).toContain(first.code);
    expect(page).toContain("相同号码 400 820 8820");
    expect(page).toContain("催收号码已出现在其他投诉中");
  });

  it("does not take two withheld numbers, or two numbers it could not verify, for one collector", async () => {
    const first = await fileComplaint(server.url, { ...ordinary, collectorPhones: "未知号码\n7654 3210" });
    const second = await fileComplaint(server.url, { ...ordinary, collectorPhones: "私人号码\n76543210" });
    const page = visibleText(await (await regulator.get(`/triage/${second.code}`)).text());
    expect(page).toContain("未知号码（来电未显示号码）");
    expect(page).not.toContain(first.code);
    expect(page).not.toContain("催收号码已出现在其他投诉中");
  });

  it("shows the reviewer a number it could not verify as typed, marked unverified, in either language", async () => {
    const { code } = await fileComplaint(server.url, { ...ordinary, collectorPhones: "6123 4567\n021－62345678转88" });
    const zh = visibleText(await (await regulator.get(`/triage/${code}`)).text());
    expect(zh).toContain("6123 4567 未核实");
    expect(zh).toContain("021 6234 5678 转 88");
    const en = visibleText(await (await regulator.get(`/triage/${code}?lang=en`)).text());
    expect(en).toContain("6123 4567 unverified");
    expect(en).toContain("021 6234 5678 ext. 88");
  });

  it("refuses only a line without a digit, saying why, in the consumer's language", async () => {
    const client = new Client(server.url);
    const csrf = await client.csrf("/complaints/new?lang=en");
    const response = await client.post("/complaints/new", filingForm(csrf, validFiling({ collectorPhones: "13800138000\nthe collector" })));
    expect(response.status).toBe(400);
    expect(visibleText(await response.text())).toContain("“the collector” has no digits, so it is not a phone number.");
  });
});

describe("the consumer's account", () => {
  it("takes a short real sentence", async () => {
    const { code } = await fileComplaint(server.url, { ...ordinary, narrative: "天天半夜打电话", collectorPhones: "" });
    expect(await db.get('SELECT narrative FROM "Complaint" WHERE code = ?', [code])).toEqual({ narrative: "天天半夜打电话" });
  });

  it("refuses twenty full stops, saying what is wanted", async () => {
    const client = new Client(server.url);
    const csrf = await client.csrf("/complaints/new");
    const response = await client.post("/complaints/new", filingForm(csrf, validFiling({ narrative: "。".repeat(20) })));
    expect(response.status).toBe(400);
    expect(visibleText(await response.text())).toContain("这里只有标点或符号。请用文字写下发生了什么，一句话也可以。");
  });
});
