import { describe, expect, it } from "vitest";
import { CATEGORIES } from "../taxonomy";
import { LEXICON, suggestCategories } from "./lexicon";

const categoriesOf = (text: string) => suggestCategories(text).map((suggestion) => suggestion.category);

describe("suggestCategories", () => {
  it.each([
    ["他们爆通讯录，把我的欠款发给所有人", "privacy.publication"],
    ["催收员说明天上门找我", "harassment.threats"],
    ["收到一封律师函", "deception.fake_documents"],
    ["对方自称公检法的人", "deception.impersonation"],
    ["说是警察，要来抓人", "deception.impersonation"],
    ["说法院已经立案了", "deception.impersonation"],
    ["说要起诉我", "deception.false_legal_threats"],
    ["打电话到我单位，找了我的领导", "third_party.employer"],
    ["同事都接到了电话", "third_party.employer"],
    ["打给我父母和老婆", "third_party.family"],
    ["打给我的紧急联系人", "third_party.contacts"],
    ["电话里一直骂我", "harassment.abusive_language"],
    ["骂我傻逼", "harassment.abusive_language"],
    ["半夜打电话", "harassment.inconvenient_hours"],
    ["凌晨两点还在打", "harassment.inconvenient_hours"],
    ["一天打了几十个电话，电话轰炸", "harassment.repeated_calls"],
    ["收了很多手续费", "fees.unlawful"],
    ["They threatened to call your employer", "third_party.employer"],
    ["They threatened to call your employer", "harassment.threats"],
    ["He said he would tell your family", "third_party.family"],
    ["The caller said he was with the POLICE", "deception.impersonation"],
    ["They said I would be arrested tomorrow", "deception.false_legal_threats"],
    ["I got a lawyer's letter by email", "deception.fake_documents"],
    ["I got a lawyer’s letter by email", "deception.fake_documents"],
    ["They called me at midnight", "harassment.inconvenient_hours"],
    ["He called my coworkers and my boss", "third_party.employer"],
    ["They messaged all my contacts", "third_party.contacts"],
  ])("%s → %s", (text, category) => {
    expect(categoriesOf(text)).toContain(category);
  });

  // 爆通讯录 as people write it: the contacts were called (third_party.contacts) and the debt spread (privacy.publication).
  it.each(["爆通讯录", "他们爆我通讯录了", "已经爆了通讯录", "爆了我的通讯录", "说要爆你通讯录", "我的通讯录被爆了", "通讯录爆了"])(
    "reads %s as calling the contacts and publishing the debt",
    (text) => {
      expect(categoriesOf(text)).toEqual(expect.arrayContaining(["third_party.contacts", "privacy.publication"]));
    },
  );

  it.each(["打遍通讯录", "把我通讯录打遍了", "给通讯录里的人打电话", "给我通讯录里的人打电话", "通讯录里的人都接到了电话"])(
    "reads %s as calling the contacts",
    (text) => {
      expect(categoriesOf(text)).toContain("third_party.contacts");
    },
  );

  it.each(["联系我家人朋友", "他们联系我的家人朋友", "联系我家人和朋友要钱", "打给我家人朋友", "亲朋好友都知道了"])(
    "reads %s as both family and contacts",
    (text) => {
      expect(categoriesOf(text)).toEqual(expect.arrayContaining(["third_party.family", "third_party.contacts"]));
    },
  );

  // Lies about the law's consequences are deception, not threats of violence.
  it.each([
    ["说要起诉我", "起诉"],
    ["再不还就起诉你", "起诉你"],
    ["说我要吃官司", "吃官司"],
    ["说我会坐牢", "坐牢"],
    ["说警察会来把我抓起来", "抓起来"],
    ["说要拘留我", "拘留"],
    ["说要判刑", "判刑"],
    ["要追究刑事责任", "刑事责任"],
    ["说要申请强制执行", "强制执行"],
    ["说会把我列为失信被执行人", "失信被执行人"],
    ["说不还就上征信", "上征信"],
    ["说我已经上了征信", "上了征信"],
    ["说会影响征信", "影响征信"],
    ["说要把我拉进征信黑名单", "征信黑名单"],
    ["说会影响子女", "影响子女"],
    ["说会影响孩子以后", "影响孩子"],
    ["说会影响你孩子", "影响你孩子"],
    ["说我的子女上学会受影响", "子女上学"],
    ["说孩子上学要受影响", "孩子上学"],
    ["说子女以后不能考公务员", "考公"],
    ["说孩子政审过不了", "政审"],
    ["They said they would sue me", "sue me"],
    ["He said they would ruin my credit", "ruin my credit"],
    ["They said I would be blacklisted", "blacklisted"],
    ["He said I would go to jail", "jail"],
  ])("reads %s as a false legal threat (%s), not violence", (text, phrase) => {
    const suggestions = suggestCategories(text);
    const threats = suggestions.find((s) => s.category === "deception.false_legal_threats");
    expect(threats?.matches.map((m) => m.phrase)).toContain(phrase);
    expect(suggestions.map((s) => s.category)).not.toContain("harassment.threats");
  });

  it("gives positions the UI can highlight", () => {
    const text = "他们冒充法院，寄了律师函，还打给我妈妈。";
    const suggestions = suggestCategories(text);
    for (const { matches } of suggestions) {
      for (const { phrase, index } of matches) expect(text.slice(index, index + phrase.length)).toBe(phrase);
    }
    expect(suggestions).toEqual([
      { category: "third_party.family", matches: [{ phrase: "妈妈", index: 17 }] },
      {
        category: "deception.impersonation",
        matches: [
          { phrase: "冒充", index: 2 },
          { phrase: "法院", index: 4 },
        ],
      },
      { category: "deception.fake_documents", matches: [{ phrase: "律师函", index: 9 }] },
    ]);
  });

  it("keeps the text as written for English matches, whatever the case", () => {
    expect(suggestCategories("Called MY BOSS twice")).toEqual([{ category: "third_party.employer", matches: [{ phrase: "MY BOSS", index: 7 }] }]);
  });

  it("lets a longer phrase win over one inside it", () => {
    // 律师函 is a fake document, not an impersonated lawyer; an arrest warrant is a document.
    expect(categoriesOf("律师函")).toEqual(["deception.fake_documents"]);
    expect(categoriesOf("an arrest warrant")).toEqual(["deception.fake_documents"]);
    expect(categoriesOf("紧急联系人")).toEqual(["third_party.contacts"]);
    expect(suggestCategories("紧急联系人")[0].matches).toEqual([{ phrase: "紧急联系人", index: 0 }]);
  });

  it("counts a phrase listed under two categories for both", () => {
    expect(categoriesOf("爆通讯录")).toEqual(["third_party.contacts", "privacy.publication"]);
  });

  it("finds every occurrence", () => {
    const [family] = suggestCategories("打给我爸爸，又打给我妈妈，再打给我爸爸");
    expect(family.matches.map((match) => match.index)).toEqual([3, 10, 17]);
  });

  it.each([
    "我已经按时还款了，谢谢。",
    "The agent was polite and explained the balance.",
    "I paid the bill on Tuesday.",
    "He showed great courtesy on the phone.",
    "She works at a hospital as a policy analyst.",
    "The apolice number is 123.",
    "Please pursue the refund.",
    "thresholds were met",
    "",
  ])("finds nothing in %j", (text) => {
    expect(suggestCategories(text)).toEqual([]);
  });

  it("uses English word boundaries but not inside Chinese text", () => {
    expect(categoriesOf("他打到我们公司HR那里")).toContain("third_party.employer");
    expect(categoriesOf("CHRISTMAS")).toEqual([]);
  });

  it("only knows taxonomy categories", () => {
    for (const category of Object.keys(LEXICON)) expect(CATEGORIES as string[]).toContain(category);
  });
});
