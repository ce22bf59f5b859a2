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
    ["说要起诉我", "harassment.threats"],
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
    ["They said I would be arrested tomorrow", "harassment.threats"],
    ["I got a lawyer's letter by email", "deception.fake_documents"],
    ["I got a lawyer’s letter by email", "deception.fake_documents"],
    ["They called me at midnight", "harassment.inconvenient_hours"],
    ["He called my coworkers and my boss", "third_party.employer"],
    ["They messaged all my contacts", "third_party.contacts"],
  ])("%s → %s", (text, category) => {
    expect(categoriesOf(text)).toContain(category);
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
