/**
 * Words consumers use for each kind of misconduct, in Chinese and English, to suggest
 * categories from their own account (or an SMS, or a transcript) and to highlight why.
 * Suggestions only: the consumer picks the categories, a reviewer decides.
 *
 * Matching: Chinese phrases anywhere; English (ASCII) phrases case-insensitively with
 * word boundaries (a plural "s"/"es" allowed), so "police" does not match "polite" and
 * "court" does not match "courtesy". Where matches overlap, a longer phrase wins over the
 * shorter one inside it, whatever the category (律师函 is a fake document, not a lawyer);
 * a phrase listed under two categories (爆通讯录, 联系我家人朋友) counts for both.
 * Negation is not understood: "没有骂我" still suggests abusive language.
 */
import { CATEGORIES, type Category } from "../taxonomy";

/** "爆通讯录" as people write it: calling or messaging everyone in the phone's contacts. */
const BLOWING_UP_CONTACTS = [
  "爆通讯录",
  "爆我通讯录",
  "爆了通讯录",
  "爆了我通讯录",
  "爆你通讯录",
  "爆了我的通讯录",
  "爆我的通讯录",
  "通讯录被爆",
  "通讯录爆了",
];

export const LEXICON: Partial<Record<Category, { zh: string[]; en: string[] }>> = {
  "harassment.repeated_calls": {
    zh: [
      "一直打",
      "不停地打",
      "不停打",
      "狂打",
      "天天打",
      "每天打",
      "反复打",
      "反复来电",
      "连续打",
      "频繁来电",
      "电话轰炸",
      "短信轰炸",
      "轰炸",
      "打爆",
      "几十个电话",
      "上百个电话",
      "几十通",
    ],
    en: [
      "keeps calling",
      "keep calling",
      "kept calling",
      "calling nonstop",
      "nonstop",
      "non-stop",
      "calls every day",
      "called every day",
      "dozens of calls",
      "hundreds of calls",
      "repeated calls",
      "called repeatedly",
      "bombard",
      "bombarded",
      "bombarding",
    ],
  },
  "harassment.inconvenient_hours": {
    zh: ["半夜", "大半夜", "凌晨", "深夜", "夜里", "一大早", "大清早", "午休", "休息时间", "睡觉的时候"],
    en: ["midnight", "middle of the night", "late at night", "late-night", "early morning", "early in the morning", "woke me up"],
  },
  "harassment.abusive_language": {
    zh: [
      "骂",
      "辱骂",
      "谩骂",
      "脏话",
      "侮辱",
      "羞辱",
      "傻逼",
      "傻B",
      "煞笔",
      "SB",
      "去死",
      "贱人",
      "不要脸",
      "畜生",
      "王八蛋",
      "他妈的",
      "老赖",
      "废物",
      "人渣",
    ],
    en: [
      "swore at",
      "swearing",
      "swear words",
      "cursed",
      "cursing",
      "insulted",
      "insulting",
      "insult",
      "abusive",
      "obscene",
      "idiot",
      "stupid",
      "bitch",
      "deadbeat",
      "scum",
      "fuck",
      "fucking",
    ],
  },
  "harassment.threats": {
    zh: ["上门", "找上门", "威胁", "恐吓", "打断腿", "打断你的腿", "弄死", "杀了你", "砍死", "人身安全", "找到你家", "去你家", "泼油漆"],
    en: [
      "threat",
      "threaten",
      "threatened",
      "threatening",
      "visit your home",
      "come to your house",
      "come to your home",
      "come to your door",
      "hurt you",
      "kill you",
      "beat you",
      "break your legs",
    ],
  },
  "third_party.family": {
    zh: [
      // Calling "my family and friends" is both family and contacts (listed under each).
      "联系我家人朋友",
      "联系我的家人朋友",
      "联系我家人和朋友",
      "打给我家人朋友",
      "找我家人朋友",
      "家人朋友",
      "亲朋好友",
      "家人",
      "家里人",
      "父母",
      "爸妈",
      "爸爸",
      "妈妈",
      "父亲",
      "母亲",
      "老婆",
      "老公",
      "妻子",
      "丈夫",
      "爱人",
      "孩子",
      "儿子",
      "女儿",
      "亲戚",
      "兄弟",
      "哥哥",
      "弟弟",
      "姐姐",
      "妹妹",
      "岳父",
      "岳母",
      "公婆",
    ],
    en: [
      "your family",
      "my family",
      "family members",
      "my parents",
      "my wife",
      "my husband",
      "my mother",
      "my father",
      "my mom",
      "my mum",
      "my dad",
      "my son",
      "my daughter",
      "my children",
      "my kids",
      "my sister",
      "my brother",
      "relatives",
    ],
  },
  "third_party.contacts": {
    zh: [
      "通讯录",
      ...BLOWING_UP_CONTACTS,
      "打遍通讯录",
      "打遍了通讯录",
      "打了我通讯录",
      "打我通讯录",
      "通讯录里的人",
      "给通讯录里的人打电话",
      "给我通讯录里的人打电话",
      "通讯录的人",
      "联系我家人朋友",
      "联系我的家人朋友",
      "联系我家人和朋友",
      "打给我家人朋友",
      "找我家人朋友",
      "家人朋友",
      "亲朋好友",
      "紧急联系人",
      "联系人",
      "朋友",
      "好友",
      "微信好友",
      "同学",
      "亲友",
    ],
    en: ["contacts", "contact list", "emergency contact", "phone book", "phonebook", "my friends", "your friends"],
  },
  "third_party.employer": {
    zh: ["单位", "工作单位", "领导", "同事", "老板", "上司", "人事", "HR", "打到公司", "公司电话", "公司前台"],
    en: [
      "employer",
      "call your employer",
      "my boss",
      "your boss",
      "my manager",
      "coworker",
      "co-worker",
      "colleague",
      "workplace",
      "my office",
      "HR",
      "human resources",
    ],
  },
  "privacy.disclosure": {
    zh: ["泄露", "透露", "到处说", "说我欠钱", "说我欠款", "说我借钱", "欠钱的事", "债务信息"],
    en: ["disclosed", "disclose", "told everyone", "about my debt", "revealed my debt"],
  },
  "privacy.publication": {
    zh: [...BLOWING_UP_CONTACTS, "曝光", "朋友圈", "发到网上", "挂网上", "挂到网上", "群发", "建群", "拉群", "P图", "合成照片", "抖音", "贴吧", "大字报"],
    en: ["posted online", "posted my", "social media", "group chat", "exposed", "expose", "published my", "photoshopped"],
  },
  "privacy.data_misuse": {
    zh: ["读取通讯录", "获取通讯录", "盗取", "非法获取", "个人信息", "身份证照片", "人脸"],
    en: ["personal data", "personal information", "accessed my contacts", "my location"],
  },
  "deception.impersonation": {
    zh: ["公检法", "警察", "公安", "民警", "网警", "经侦", "派出所", "法院", "法官", "检察院", "检察官", "律师", "执法人员", "政府", "冒充"],
    en: [
      "police",
      "policeman",
      "police officer",
      "court",
      "judge",
      "lawyer",
      "attorney",
      "prosecutor",
      "government",
      "FBI",
      "pretended to be",
      "posing as",
      "impersonated",
      "impersonating",
    ],
  },
  "deception.fake_documents": {
    zh: ["律师函", "传票", "法院传票", "起诉书", "判决书", "逮捕令", "通缉令", "红头文件", "催告函", "立案通知", "伪造"],
    en: [
      "lawyer's letter",
      "lawyers letter",
      "legal letter",
      "summons",
      "subpoena",
      "arrest warrant",
      "warrant",
      "court order",
      "court papers",
      "fake document",
      "forged",
    ],
  },
  // False threats about the law's consequences: a collector may not lie about suing, jail, the
  // credit record or the children (Reg F §1006.18(c)(5) says as much of threats of action not
  // intended or not lawful). Not violence: harassment.threats is for harm and visits.
  "deception.false_legal_threats": {
    zh: [
      "起诉",
      "起诉你",
      "吃官司",
      "坐牢",
      "抓你",
      "抓起来",
      "拘留",
      "判刑",
      "立案",
      "刑事责任",
      "逮捕",
      "强制执行",
      "失信被执行人",
      "上征信",
      "上了征信",
      "影响征信",
      "征信黑名单",
      "征信花了",
      "影响子女",
      "影响孩子",
      "影响你孩子",
      "子女上学",
      "孩子上学",
      "考公",
      "政审",
    ],
    en: [
      "arrest",
      "arrested",
      "jail",
      "prison",
      "criminal charges",
      "sue you",
      "sue me",
      "sued",
      "suing",
      "lawsuit",
      "take you to court",
      "take me to court",
      "ruin my credit",
      "ruin your credit",
      "damage your credit",
      "blacklist",
      "blacklisted",
    ],
  },
  "deception.false_amount": {
    zh: ["金额不对", "多收", "虚增", "夸大", "虚构", "乱算", "利滚利", "欠款翻倍", "多要"],
    en: ["wrong amount", "inflated", "more than I owe", "don't owe", "didn't owe"],
  },
  "fees.unlawful": {
    zh: ["手续费", "服务费", "催收费", "违约金", "砍头息", "逾期费", "上门费"],
    en: ["collection fee", "late fee", "service fee", "processing fee", "hidden fee", "extra fee"],
  },
};

export interface LexiconMatch {
  /** The text as written in the input, so `text.slice(index, index + phrase.length) === phrase`. */
  phrase: string;
  index: number;
}

export interface CategorySuggestion {
  category: Category;
  matches: LexiconMatch[];
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function termPattern(term: string): string {
  if (/^[\x20-\x7e]+$/.test(term)) {
    // English: flexible spaces, either apostrophe, an optional hyphen, ASCII word edges.
    const body = escape(term).replace(/ /g, "\\s+").replace(/'/g, "['’]").replace(/\\?-/g, "[-\\s]?");
    return `(?<![A-Za-z0-9])${body}(?:e?s)?(?![A-Za-z0-9])`;
  }
  return escape(term);
}

/** One regex per category, longest terms first so each match is the longest at its place. */
const MATCHERS: { category: Category; pattern: RegExp }[] = CATEGORIES.flatMap((category) => {
  const entry = LEXICON[category];
  if (!entry) return [];
  const terms = [...new Set([...entry.zh, ...entry.en])].sort((a, b) => b.length - a.length);
  return [{ category, pattern: new RegExp(terms.map(termPattern).join("|"), "giu") }];
});

export function suggestCategories(text: string): CategorySuggestion[] {
  const found: { category: Category; index: number; end: number }[] = [];
  for (const { category, pattern } of MATCHERS) {
    pattern.lastIndex = 0;
    for (const match of text.matchAll(pattern)) {
      const index = match.index ?? 0;
      found.push({ category, index, end: index + match[0].length });
    }
  }

  // Drop a match lying inside a longer one (any category). Sorted by start, longest
  // first, a match is inside an earlier span when that span reaches as far; spans equal
  // to its own (the same phrase in another category) do not count.
  found.sort((a, b) => a.index - b.index || b.end - a.end);
  const kept = new Set<(typeof found)[number]>();
  let reachBefore = -1;
  for (let i = 0; i < found.length;) {
    let j = i;
    while (j < found.length && found[j].index === found[i].index && found[j].end === found[i].end) j++;
    if (found[i].end > reachBefore) for (let k = i; k < j; k++) kept.add(found[k]);
    reachBefore = Math.max(reachBefore, found[i].end);
    i = j;
  }

  const byCategory = new Map<Category, LexiconMatch[]>();
  for (const match of found) {
    if (!kept.has(match)) continue;
    const list = byCategory.get(match.category) ?? [];
    list.push({ phrase: text.slice(match.index, match.end), index: match.index });
    byCategory.set(match.category, list);
  }
  return CATEGORIES.filter((category) => byCategory.has(category)).map((category) => ({
    category,
    matches: byCategory.get(category) ?? [],
  }));
}
