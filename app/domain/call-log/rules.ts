/**
 * Rule packs for the call-log checker, as data. Every threshold sits beside the text it
 * comes from (see /reference/collection-rules.md), so a corrected number is a one-line
 * change and the UI can always say where a finding comes from.
 *
 * `wording` templates use `{{name}}` placeholders filled by `fillWording` with the
 * finding's `params`.
 */
import type { Category, InstitutionKind } from "../taxonomy";

/** "china" is the 2024 internet-finance guideline: the id is kept so stored analyses and shared links still read. */
export const RULE_PACK_IDS = ["gbt_45251", "cba_2026", "china", "us_reg_f"] as const;
export type RulePackId = (typeof RULE_PACK_IDS)[number];
/** The pack for a complaint whose creditor is not in the directory: the national standard, the widest in scope. */
export const DEFAULT_RULE_PACK: RulePackId = "gbt_45251";

/**
 * The pack a log is read against by default, by the creditor's kind. Banks (and their card
 * centres) are who the China Banking Association's 2026 guideline is written for. Consumer
 * finance companies and online lenders sell personal consumer credit online, the scope of
 * GB/T 45251—2025, which replaced the 2024 guideline written for internet finance.
 * (Consumer finance companies are also members of the banking association; the national
 * standard is kept for them because it states the stricter daily limit on connected calls.)
 */
export const DEFAULT_PACK_BY_KIND: Record<InstitutionKind, RulePackId> = {
  bank: "cba_2026",
  consumer_finance: "gbt_45251",
  online_lender: "gbt_45251",
};

export function defaultPackFor(kind: string | null | undefined): RulePackId {
  return kind && kind in DEFAULT_PACK_BY_KIND ? DEFAULT_PACK_BY_KIND[kind as InstitutionKind] : DEFAULT_RULE_PACK;
}

/**
 * How far a rule binds a collector, strongest first. A recommended national standard
 * (GB/T) and an industry guideline bind no one by themselves: they are what the industry
 * has said it does, and what a regulator reads conduct against. A heuristic is ours.
 */
export const BINDINGS = ["law", "regulation", "national_standard", "industry_guideline", "heuristic"] as const;
export type Binding = (typeof BINDINGS)[number];

export interface Bilingual {
  zh: string;
  en: string;
}

/** official: read in the official text; secondary: secondary sources agree; heuristic: ours, not law. */
export type Confidence = "official" | "secondary" | "heuristic";

interface RuleBase {
  /** Stable: stored with findings and used as a translation key. */
  id: string;
  /** The text the rule comes from: name and article. */
  source: Bilingual;
  confidence: Confidence;
  binding: Binding;
  /** A breach counts towards `strongFindings` (a written rule), not only as a hint. */
  strong: boolean;
  /** Misconduct categories a breach suggests. */
  categories: Category[];
  /** A few words, for a column of the call table. */
  label: Bilingual;
  wording: Bilingual;
}

/**
 * Collection is allowed from `allowedFrom` until `allowedUntil`, local time at the
 * consumer's location, as "HH:MM:SS"; the flags say whether each end itself is allowed.
 */
export interface QuietHoursRule extends RuleBase {
  kind: "quiet_hours";
  allowedFrom: string;
  fromInclusive: boolean;
  allowedUntil: string;
  untilInclusive: boolean;
}

/** At most `maxPerDay` connected calls on one local calendar day. */
export interface ConnectedCallsPerDayRule extends RuleBase {
  kind: "connected_calls_per_day";
  maxPerDay: number;
}

/** More than `maxCalls` calls within `days` consecutive local calendar days. */
export interface CallsInDaysRule extends RuleBase {
  kind: "calls_in_days";
  maxCalls: number;
  days: number;
}

/** A call within `days` consecutive days after a conversation, the conversation's date being day 1. */
export interface AfterConversationRule extends RuleBase {
  kind: "after_conversation";
  days: number;
}

/** `minCalls` or more calls with at most `withinSeconds` between the first and the last. */
export interface BurstRule extends RuleBase {
  kind: "burst";
  minCalls: number;
  withinSeconds: number;
}

/** More than `maxPerDay` unanswered collection calls on one local calendar day (the log is one number's). */
export interface UnansweredCallsPerDayRule extends RuleBase {
  kind: "unanswered_calls_per_day";
  maxPerDay: number;
}

/** A rule a call log cannot test; carried so the UI and triage can cite it. */
export interface NarrativeRule extends RuleBase {
  kind: "narrative";
  /** What the consumer's own call log can and cannot show of it. */
  whatALogShows?: Bilingual;
}

export type Rule = QuietHoursRule | ConnectedCallsPerDayRule | UnansweredCallsPerDayRule | CallsInDaysRule | AfterConversationRule | BurstRule | NarrativeRule;

/** A rule that is ours, not a written one: its pattern is shown, never counted as a breach. */
export function isHeuristic(rule: Pick<Rule, "binding">): boolean {
  return rule.binding === "heuristic";
}

export interface RulePack {
  id: RulePackId;
  name: Bilingual;
  /** How binding the pack's text is; each rule says so too (a pack may cite a law beside it). */
  binding: Binding;
  quietHours: QuietHoursRule;
  connectedCallsPerDay?: ConnectedCallsPerDayRule;
  unansweredCallsPerDay?: UnansweredCallsPerDayRule;
  callsInDays?: CallsInDaysRule;
  afterConversation?: AfterConversationRule;
  burst: BurstRule;
  narrative: NarrativeRule[];
}

const CHINA_COLLECTION_GUIDELINE: Bilingual = {
  zh: "中国互联网金融协会《互联网金融贷后催收业务指引》（2024年5月15日）",
  en: "National Internet Finance Association of China, Guidelines on Post-Loan Collection for Internet Finance (15 May 2024)",
};

const GBT_45251: Bilingual = {
  zh: "GB/T 45251—2025《互联网金融 个人网络消费信贷 贷后催收风控指引》（2025年2月28日实施，推荐性国家标准）",
  en: "GB/T 45251—2025, Internet finance: risk-control guidelines for post-loan collection of personal online consumer credit (in force 28 Feb 2025; recommended national standard)",
};

const CBA_2026: Bilingual = {
  zh: "中国银行业协会《金融机构个人消费类贷款催收工作指引（试行）》（2026年1月30日，行业自律）",
  en: "China Banking Association, Guidelines on the Collection of Personal Consumer Loans by Financial Institutions (trial, 30 Jan 2026; industry self-regulation)",
};

// "每日22:00至次日8:00不得催收", the same in the 2024 guideline, GB/T 45251 and the 2026 guideline.
const QUIET_HOURS_WORDING: Bilingual = {
  zh: "{{count}} 次来电在 {{until}} 至次日 {{from}} 的禁止催收时段内",
  en: "Calls between {{until}} and {{from}} the next morning, when collection is not allowed: {{count}}",
};

/**
 * Ours, not a regulation: several calls minutes apart are what consumers describe as
 * "电话轰炸". Shown as a hint and never counted as a strong finding.
 */
const BURST: BurstRule = {
  id: "cw.burst",
  kind: "burst",
  source: { zh: "Collection Watch 分析规则（非法规）", en: "Collection Watch heuristic (not a legal rule)" },
  confidence: "heuristic",
  binding: "heuristic",
  strong: false,
  categories: ["harassment.repeated_calls"],
  minCalls: 3,
  withinSeconds: 10 * 60,
  label: { zh: "密集来电", en: "Burst" },
  wording: {
    zh: "{{count}} 次密集来电：{{minutes}} 分钟内 {{minCalls}} 次或更多，共 {{calls}} 次来电",
    en: "Bursts of {{minCalls}} or more calls within {{minutes}} minutes: {{count}} ({{calls}} calls in all)",
  },
};

export const RULE_PACKS: Record<RulePackId, RulePack> = {
  gbt_45251: {
    id: "gbt_45251",
    name: { zh: "国家标准 GB/T 45251—2025（推荐性）", en: "National standard GB/T 45251—2025 (recommended)" },
    binding: "national_standard",
    quietHours: {
      id: "gbt_45251.collection_hours",
      kind: "quiet_hours",
      source: GBT_45251,
      confidence: "secondary",
      binding: "national_standard",
      strong: true,
      categories: ["harassment.inconvenient_hours"],
      // 22:00 to 08:00 the next day, as the 2024 guideline it replaced: [08:00:00, 22:00:00) allowed.
      allowedFrom: "08:00:00",
      fromInclusive: true,
      allowedUntil: "22:00:00",
      untilInclusive: false,
      label: { zh: "禁止时段", en: "Quiet hours" },
      wording: QUIET_HOURS_WORDING,
    },
    connectedCallsPerDay: {
      id: "gbt_45251.effective_calls_per_day",
      kind: "connected_calls_per_day",
      source: GBT_45251,
      confidence: "secondary",
      binding: "national_standard",
      strong: true,
      categories: ["harassment.repeated_calls"],
      // At most 3 active effective (connected) voice calls a day per debtor.
      maxPerDay: 3,
      label: { zh: "超过每日有效通话次数", en: "Over the daily limit" },
      wording: {
        zh: "有 {{count}} 天接通（有效）的催收电话超过每天 {{limit}} 次",
        en: "Days with more than {{limit}} connected (effective) collection calls: {{count}}",
      },
    },
    burst: BURST,
    narrative: [
      {
        id: "gbt_45251.third_party_contact",
        kind: "narrative",
        source: GBT_45251,
        confidence: "secondary",
        binding: "national_standard",
        strong: true,
        categories: ["third_party.family", "third_party.contacts", "third_party.employer", "privacy.disclosure"],
        label: { zh: "向第三方催收", en: "Third parties" },
        wording: {
          zh: "只向债务人本人催收；仅在联系不上债务人时才可联系第三方，第三方拒绝后不得再联系",
          en: "Collect from the debtor only; contact a third party only when the debtor cannot be reached, and not again once they refuse",
        },
        whatALogShows: {
          zh: "通话记录是消费者本人手机的记录：看不到催收方打给了谁。记录中接通的来电说明当天能联系上债务人，可与家人、同事的陈述对照；第三方是否拒绝只能由其本人说明。",
          en: "The call log is the consumer's own phone's: it cannot show whom else the collector called. Connected calls show the debtor could be reached that day, which can be set against what family or colleagues say; whether a third party refused only they can tell.",
        },
      },
    ],
  },
  cba_2026: {
    id: "cba_2026",
    name: { zh: "中国银行业协会催收工作指引（2026，行业自律）", en: "China Banking Association collection guideline (2026, self-regulation)" },
    binding: "industry_guideline",
    quietHours: {
      id: "cba_2026.collection_hours",
      kind: "quiet_hours",
      source: CBA_2026,
      confidence: "secondary",
      binding: "industry_guideline",
      strong: true,
      categories: ["harassment.inconvenient_hours"],
      // 22:00 to 08:00 without the debtor's consent: [08:00:00, 22:00:00) allowed.
      allowedFrom: "08:00:00",
      fromInclusive: true,
      allowedUntil: "22:00:00",
      untilInclusive: false,
      label: { zh: "禁止时段", en: "Quiet hours" },
      wording: QUIET_HOURS_WORDING,
    },
    unansweredCallsPerDay: {
      id: "cba_2026.unanswered_calls_per_day",
      kind: "unanswered_calls_per_day",
      source: CBA_2026,
      confidence: "secondary",
      binding: "industry_guideline",
      strong: true,
      categories: ["harassment.repeated_calls"],
      // At most 6 unanswered call attempts a day to one number; the log is the consumer's one number.
      maxPerDay: 6,
      label: { zh: "超过每日未接通次数", en: "Over the daily unanswered limit" },
      wording: {
        zh: "有 {{count}} 天未接通的催收来电超过每天 {{limit}} 次（同一号码）",
        en: "Days with more than {{limit}} unanswered collection calls to this number: {{count}}",
      },
    },
    burst: BURST,
    narrative: [
      {
        id: "cba_2026.third_party_contact",
        kind: "narrative",
        source: CBA_2026,
        confidence: "secondary",
        binding: "industry_guideline",
        strong: true,
        categories: ["third_party.family", "third_party.contacts", "third_party.employer", "privacy.disclosure"],
        label: { zh: "向第三方催收", en: "Third parties" },
        wording: {
          zh: "不得向与债务无关的第三方催收",
          en: "Never collect from third parties unrelated to the debt",
        },
        whatALogShows: {
          zh: "通话记录是消费者本人手机的记录：看不到催收方打给了谁，只能由被联系的人说明。",
          en: "The call log is the consumer's own phone's: it cannot show whom else the collector called; only the people called can tell.",
        },
      },
    ],
  },
  china: {
    id: "china",
    name: { zh: "中国互联网金融协会贷后催收指引（2024，已由 GB/T 45251 取代）", en: "NIFA post-loan collection guideline (2024, replaced by GB/T 45251)" },
    binding: "industry_guideline",
    quietHours: {
      id: "china.collection_hours",
      kind: "quiet_hours",
      source: CHINA_COLLECTION_GUIDELINE,
      confidence: "secondary",
      binding: "industry_guideline",
      strong: true,
      categories: ["harassment.inconvenient_hours"],
      // "每日22:00至次日8:00不得催收": the quiet period starts at 22:00:00 and is over at
      // 08:00:00, so [08:00:00, 22:00:00) is allowed: 21:59:59 and 08:00:00 are allowed,
      // 22:00:00 and 07:59:59 are not.
      allowedFrom: "08:00:00",
      fromInclusive: true,
      allowedUntil: "22:00:00",
      untilInclusive: false,
      label: { zh: "禁止时段", en: "Quiet hours" },
      wording: {
        zh: "{{count}} 次来电在 {{until}} 至次日 {{from}} 的禁止催收时段内",
        en: "Calls between {{until}} and {{from}} the next morning, when collection is not allowed: {{count}}",
      },
    },
    connectedCallsPerDay: {
      id: "china.connected_calls_per_day",
      kind: "connected_calls_per_day",
      source: CHINA_COLLECTION_GUIDELINE,
      confidence: "secondary",
      binding: "industry_guideline",
      strong: true,
      categories: ["harassment.repeated_calls"],
      // 贷款机构及其委托的催收机构合计每日拨通债务人电话不超过3次.
      maxPerDay: 3,
      label: { zh: "超过每日接通次数", en: "Over the daily limit" },
      wording: {
        zh: "有 {{count}} 天接通的催收电话超过每天 {{limit}} 次",
        en: "Days with more than {{limit}} connected collection calls: {{count}}",
      },
    },
    burst: BURST,
    narrative: [
      {
        id: "china.third_party_contact",
        kind: "narrative",
        source: {
          zh: "《商业银行信用卡业务监督管理办法》第六十八条；《银行保险机构消费者权益保护管理办法》第四十一条；《个人信息保护法》第二十三条",
          en: "Rules on the Supervision of Credit Card Business of Commercial Banks, art. 68; Measures for the Protection of Consumer Rights of Banking and Insurance Institutions, art. 41; Personal Information Protection Law, art. 23",
        },
        confidence: "secondary",
        // The strongest of its sources: the Personal Information Protection Law.
        binding: "law",
        strong: true,
        categories: ["third_party.family", "third_party.contacts", "third_party.employer", "privacy.disclosure"],
        label: { zh: "向第三方催收", en: "Third parties" },
        wording: {
          zh: "只能向债务人本人（及担保人）催收，不得向家人、单位、通讯录联系人等无关第三方催收或透露债务；向他人提供个人信息须取得本人单独同意",
          en: "Collectors may collect only from the debtor (and guarantor), never from family, employers or phone contacts, nor tell them about the debt; giving personal information to others needs the person's separate consent",
        },
      },
    ],
  },
  us_reg_f: {
    id: "us_reg_f",
    name: { zh: "美国 Regulation F（12 CFR 1006）", en: "US Regulation F (12 CFR part 1006)" },
    binding: "regulation",
    quietHours: {
      id: "us_reg_f.inconvenient_times",
      kind: "quiet_hours",
      source: { zh: "12 CFR §1006.6(b)(1)(i)", en: "12 CFR §1006.6(b)(1)(i)" },
      confidence: "official",
      binding: "regulation",
      strong: true,
      categories: ["harassment.inconvenient_hours"],
      // "before 8:00 a.m. and after 9:00 p.m.": 08:00:00 is not before 8 and 21:00:00 is
      // not after 9, so [08:00:00, 21:00:00] is allowed; 07:59:59 and 21:00:01 are not.
      // A log that shows only minutes ("21:00") is read as 21:00:00 and so allowed:
      // a presumption of breach should not rest on seconds the log does not show.
      allowedFrom: "08:00:00",
      fromInclusive: true,
      allowedUntil: "21:00:00",
      untilInclusive: true,
      label: { zh: "不便时间", en: "Inconvenient time" },
      wording: {
        zh: "{{count}} 次来电在 {{from}} 之前或 {{until}} 之后（不便时间）",
        en: "Calls before {{from}} or after {{until}} (inconvenient times): {{count}}",
      },
    },
    callsInDays: {
      id: "us_reg_f.seven_in_seven",
      kind: "calls_in_days",
      source: { zh: "12 CFR §1006.14(b)(2)(i)(A)", en: "12 CFR §1006.14(b)(2)(i)(A)" },
      confidence: "official",
      binding: "regulation",
      strong: true,
      categories: ["harassment.repeated_calls"],
      maxCalls: 7,
      days: 7,
      label: { zh: "7 天内超过 7 次", en: "7 in 7 days" },
      wording: {
        zh: "连续 {{days}} 天内来电 {{count}} 次（{{from}} 至 {{to}}），超过 {{limit}} 次推定为骚扰",
        en: "Most calls within {{days}} consecutive days: {{count}} ({{from}} to {{to}}); more than {{limit}} is presumed harassment",
      },
    },
    afterConversation: {
      id: "us_reg_f.after_conversation",
      kind: "after_conversation",
      source: { zh: "12 CFR §1006.14(b)(2)(i)(B)", en: "12 CFR §1006.14(b)(2)(i)(B)" },
      confidence: "official",
      binding: "regulation",
      strong: true,
      categories: ["harassment.repeated_calls"],
      days: 7,
      label: { zh: "通话后 7 天内", en: "Within 7 days of a conversation" },
      wording: {
        zh: "{{count}} 次来电在通话后 {{days}} 天内（通话当天为第 1 天），推定为骚扰",
        en: "Calls within {{days}} days after a telephone conversation (its date being day 1), presumed harassment: {{count}}",
      },
    },
    burst: BURST,
    narrative: [],
  },
};

export function rulePack(id: RulePackId = DEFAULT_RULE_PACK): RulePack {
  return RULE_PACKS[id];
}

export function isRulePackId(value: string): value is RulePackId {
  return (RULE_PACK_IDS as readonly string[]).includes(value);
}

/** Every rule of a pack, testable ones first, for listing with their sources. */
export function rulesOf(pack: RulePack): Rule[] {
  const rules: (Rule | undefined)[] = [
    pack.quietHours,
    pack.connectedCallsPerDay,
    pack.unansweredCallsPerDay,
    pack.callsInDays,
    pack.afterConversation,
    pack.burst,
    ...pack.narrative,
  ];
  return rules.filter((rule): rule is Rule => rule !== undefined);
}

/** "HH:MM:SS" (or "HH:MM") → seconds after midnight. */
export function secondOfDay(clock: string): number {
  const [hours, minutes, seconds = "0"] = clock.split(":");
  return Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds);
}

/** Whether a local time of day (seconds after midnight) is within the rule's allowed hours. */
export function isWithinAllowedHours(second: number, rule: QuietHoursRule): boolean {
  const from = secondOfDay(rule.allowedFrom);
  const until = secondOfDay(rule.allowedUntil);
  const afterStart = rule.fromInclusive ? second >= from : second > from;
  const beforeEnd = rule.untilInclusive ? second <= until : second < until;
  return afterStart && beforeEnd;
}

/** Fills `{{name}}` placeholders; unknown names stay as written so a gap is visible. */
export function fillWording(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A rule of any pack by its id (stored findings carry only the id). */
export function ruleById(id: string): Rule | undefined {
  for (const packId of RULE_PACK_IDS) {
    const rule = rulesOf(RULE_PACKS[packId]).find((r) => r.id === id);
    if (rule) return rule;
  }
  return undefined;
}
