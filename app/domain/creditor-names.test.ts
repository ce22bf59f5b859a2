import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { creditorKeys, matchCreditor, nameConflicts, normalizeCreditorName, type CreditorEntry } from "./creditor-names";

const directory = JSON.parse(fs.readFileSync(path.resolve("prisma/institutions.json"), "utf8")) as CreditorEntry[];
const keys = creditorKeys(directory);
const byId = (id: string) => directory.find((e) => e.id === id)!;
const exactId = (typed: string) => {
  const match = matchCreditor(typed, keys);
  return match.kind === "exact" ? match.entry.id : match.kind;
};
const candidateIds = (typed: string) => {
  const match = matchCreditor(typed, keys);
  return match.kind === "close" ? match.candidates.map((c) => c.id) : match.kind;
};

describe("the directory's names", () => {
  it("resolves every alias, name and id to its own company", () => {
    for (const entry of directory) {
      for (const name of [entry.id, entry.nameZh, entry.nameEn, ...entry.aliases]) expect([name, exactId(name)]).toEqual([name, entry.id]);
    }
  });

  it("maps the names people use to the licensed company behind them", () => {
    const expected: Record<string, string> = {
      招行: "cmb",
      建行: "ccb",
      工行: "icbc",
      农行: "abc",
      中行: "boc",
      交行: "bocom",
      邮储: "psbc",
      浦发: "spdb",
      广发: "cgb",
      光大: "ceb",
      民生: "cmbc",
      兴业: "cib",
      华夏: "hxb",
      平安: "pab",
      中信: "citic",
      借呗: "ant-cf",
      花呗: "ant-cf",
      微粒贷: "webank",
      京东金条: "jd-finance",
      京东白条: "jd-finance",
      美团借钱: "meituan",
      "360借条": "360-jietiao",
      有钱花: "duxiaoman",
      安逸花: "msxf",
      分期乐: "fenqile",
      招联好期贷: "mucfc",
      任性贷: "nanyin-bnp-cf",
      放心借: "douyin",
      省呗: "shengbei",
      CMB: "cmb",
      ICBC: "icbc",
    };
    for (const [alias, id] of Object.entries(expected)) expect([alias, exactId(alias)]).toEqual([alias, id]);
  });

  it("no longer lists brands as if they were institutions", () => {
    expect(directory.map((e) => e.id)).not.toContain("jiebei");
    expect(directory.map((e) => e.id)).not.toContain("huabei");
    // The retired ids still find the company, as the data migration moved their complaints there.
    expect(exactId("jiebei")).toBe("ant-cf");
    expect(exactId("huabei")).toBe("ant-cf");
  });

  it("names no company twice, and finds a directory that does", () => {
    expect(nameConflicts(directory)).toEqual([]);
    expect(nameConflicts([byId("cmb"), { ...byId("mucfc"), aliases: ["招行"] }])).toEqual(['"招行" names both cmb and mucfc']);
  });
});

describe("normalising what was typed", () => {
  it("sets aside width, case, spaces and punctuation", () => {
    expect(normalizeCreditorName("  ＣＭＢ　Credit-Card ")).toBe("cmbcreditcard");
    expect(normalizeCreditorName("度小满(有钱花)")).toBe(normalizeCreditorName("度小满（有钱花）"));
  });

  it.each([
    ["招商银行信用卡中心", "cmb"],
    ["招行信用卡", "cmb"],
    ["中国工商银行股份有限公司", "icbc"],
    ["招商银行深圳分行", "cmb"],
    ["中国建设银行北京朝阳支行", "ccb"],
    ["重庆蚂蚁消费金融有限公司", "ant-cf"],
    ["中国招商银行", "cmb"],
    ["中国银行", "boc"],
    ["中国银行信用卡中心", "boc"],
    ["ｉｃｂｃ", "icbc"],
    ["China Merchants Bank Credit Card Center", "cmb"],
    ["借呗 APP", "ant-cf"],
    ["交通银行太平洋信用卡中心", "bocom"],
  ])("files %s against %s", (typed, id) => {
    expect(exactId(typed)).toBe(id);
  });
});

describe("near misses", () => {
  it.each([
    ["招商银航", "cmb"],
    ["招商", "cmb"],
    ["支付宝的借呗", "ant-cf"],
    ["微粒货", "webank"],
    ["China Merchant Bank", "cmb"],
    ["京东金融借款", "jd-finance"],
  ])("offers %s's company for %s", (typed, id) => {
    const ids = candidateIds(typed);
    expect(Array.isArray(ids) && ids.includes(id)).toBe(true);
  });

  it("offers at most three", () => {
    const ids = candidateIds("消费金融公司某某");
    expect(ids === "none" || ids.length <= 3).toBe(true);
  });

  it.each(["某某网络小贷", "银行", "信用卡", "消费金融", "xyz", "一二三四五", "啊", "bank", "test", "12345", ""])("matches nothing for %j", (typed) => {
    expect(matchCreditor(typed, keys).kind).toBe("none");
  });
});
