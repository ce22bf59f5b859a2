/**
 * Scrubbing a consumer's account before it is published, in the CFPB's manner
 * (reference/cfpb.md): removed text shows as `XXXX`, dates as `XX/XX/XXXX`.
 *
 * Redaction errs on the side of removing: a false positive costs a word of the
 * story, a false negative can expose a person. What must survive are amounts
 * ("欠款 5000 元"), counts ("3 次", "第 2 天") and times ("23:00"), because they
 * are what the story is about.
 *
 * Decisions (why they are so):
 * - Bank-card numbers are NOT Luhn-checked. A mistyped or partly remembered
 *   card number still points at an account, and a run of 16–19 digits in a
 *   narrative is never an amount, so every such run goes.
 * - Account, contract and order numbers are removed when they are named as
 *   such ("合同编号 HT2026-00123"); a bare long number is not assumed to be one.
 * - Masked numbers (`138****8000`, `6222 **** **** 1234`) and "尾号 1234" card
 *   tails go too: together with the institution's name they narrow a person down.
 * - Names: each name the consumer gave is removed wherever it appears (spaces
 *   between its characters forgiven, Latin names in any case). For a Chinese
 *   name the given name alone is removed too when it has two characters or more
 *   (王小明 → also 小明; 王明 → not 明, which would also eat 明天 and 明白), and
 *   the surname with an honorific (王先生, 王女士, 王小姐, 王太太). Compound
 *   surnames (欧阳, 司马 …) are recognised. For a Latin-script name every part of
 *   three letters or more is removed as a whole word.
 * - 95xxx numbers (95588) are service lines; a five-to-eight digit number
 *   starting with 95 next to a currency word ("欠款 95000 元") is an amount and stays.
 * - Landlines need their area code (or a number the consumer gave us): a bare
 *   eight-digit number is as likely an amount as a phone line.
 * - A year and month without a day ("2026年10月") stays: it identifies no one
 *   and the dashboard's story depends on it. Full dates and month-day go.
 * - Full-width digits and punctuation (１３８…, ＠, （）) are matched as their
 *   ASCII forms; text outside a match is returned exactly as given.
 */

export type RedactionPattern = {
  /** Stable name, used by tests and for counting what was removed. */
  name: string;
  /** Always with the `g` and `d` flags. A named group `secret` limits the replacement to that group. */
  regex: RegExp;
  replacement: string;
};

export type KnownIdentifiers = {
  names?: string[];
  /** The consumer's phone and the collector numbers, normalised or raw. */
  phones?: string[];
  emails?: string[];
};

export const REDACTED = "XXXX";
export const REDACTED_DATE = "XX/XX/XXXX";

// Separators people put inside numbers: spaces, dashes, dots, dashes from an IME.
const SEP = "[ \\t\\u00a0\\-.–—]";
// What follows an amount or a count, never a phone line or an id.
const NOT_AMOUNT_AFTER = "(?!\\s*(?:元|块|圆|万|千|百|角|rmb|人民币|美元|次|天|个|笔|期|分钟|秒|小时|%))";
const NOT_AMOUNT_BEFORE = "(?<!(?:[¥￥$]|欠款?|还款?|借款?|金额|本金|利息|罚息|共计?|合计|总计|余额|约)\\s*)";
const DAY = "(?:0?[1-9]|[12]\\d|3[01])";
const DAY_2 = "(?:0[1-9]|[12]\\d|3[01])";
const MONTH = "(?:0?[1-9]|1[0-2])";
const YEAR = "(?:19|20)\\d{2}";
const CN_PREFIX = `(?:(?:\\+|00)\\s?86${SEP}?\\s?|\\(\\+?86\\)\\s?)`;

function pattern(name: string, source: string, flags = "", replacement = REDACTED): RedactionPattern {
  return { name, regex: new RegExp(source, `gd${flags}`), replacement };
}

/** The patterns that need no knowledge of the complaint, in the order they are applied. */
export const REDACTION_PATTERNS: readonly RedactionPattern[] = [
  pattern("email", "[a-z0-9._%+\\-]+@[a-z0-9\\-]+(?:\\.[a-z0-9\\-]+)*\\.[a-z]{2,}", "i"),
  pattern("qq", `(?<![a-z])(?:qq|扣扣)\\s*(?:号码|账号|号|id)?\\s*[:：]?\\s*(?:是|为)?\\s*(?<secret>[1-9]\\d{4,11})(?!\\d)${NOT_AMOUNT_AFTER}`, "i"),
  // "微信号 abc_123", "WeChat ID: zhangsan", "wx: xxx": an id after an explicit marker.
  pattern(
    "wechat",
    `(?<![a-z])(?:微信|威信|薇信|v信|wechat|weixin|wx|vx)(?:\\s*(?:号码|账号|号|id)\\s*[:：]?|\\s*[:：])\\s*(?:是|为|is\\s)?\\s*(?<secret>[a-z][\\-_a-z0-9]{1,19}|\\d{5,11})(?![\\-_a-z0-9])${NOT_AMOUNT_AFTER}`,
    "i",
  ),
  // "加我微信 zhang_san88": without a marker only an id of WeChat's own length (6–20).
  pattern("wechatBare", "(?:微信|威信|薇信|[vV]信)\\s*(?:是|为)?\\s*(?<secret>[A-Za-z][\\-_A-Za-z0-9]{5,19})(?![\\-_A-Za-z0-9])"),
  // Account, contract and order numbers once named: "合同编号 HT2026-00123", "account no. 12345678".
  pattern(
    "accountNumber",
    "(?:账号|帐号|账户|卡号|合同(?:编)?号|订单(?:编)?号|借据(?:编)?号|借款编号|贷款编号|客户编号|account\\s*(?:no\\.?|number|#))\\s*[:：]?\\s*(?:是|为)?\\s*(?<secret>(?=[a-z\\-]*\\d)[a-z0-9][a-z0-9\\-]{5,29})(?![a-z0-9\\-])",
    "i",
  ),
  // Dates before numbers, so that 2026-10-01 is a date and not digits.
  pattern("dateYmd", `(?<!\\d)${YEAR}\\s*([\\-/.])\\s*${MONTH}\\s*\\1\\s*${DAY}(?!\\d)`, "", REDACTED_DATE),
  pattern("dateChinese", `(?<!\\d)${YEAR}\\s*年\\s*${MONTH}\\s*月\\s*${DAY}\\s*[日号]`, "", REDACTED_DATE),
  pattern("dateMonthDay", `(?<!\\d)${MONTH}\\s*月\\s*${DAY}\\s*[日号]`, "", REDACTED_DATE),
  pattern("dateMdy", `(?<!\\d)${DAY}([\\-/.])${DAY}\\1${YEAR}(?!\\d)`, "", REDACTED_DATE),
  pattern("idCard", `(?<!\\d)[1-9]\\d{5}${SEP}?${YEAR}(?:0[1-9]|1[0-2])${DAY_2}${SEP}?\\d{3}[\\dXx](?![\\dA-Za-z])`),
  pattern("idCardOld", `(?<!\\d)[1-9]\\d{7}(?:0[1-9]|1[0-2])${DAY_2}\\d{3}(?!\\d)`),
  pattern("bankCard", `(?<!\\d)(?:\\d{16,19}|\\d{4}(?:${SEP}\\d{4}){3}(?:${SEP}?\\d{1,3})?)(?!\\d)`),
  pattern("masked", `(?<![\\dA-Za-z])\\d{3,6}(?:${SEP}?\\*){4,}${SEP}?(?:\\d{3}[\\dXx]|\\d{4})(?![\\dA-Za-z])`),
  pattern("cardTail", "(?:尾号|末四位|后四位|尾数)\\s*(?:是|为)?\\s*[:：]?\\s*(?<secret>\\d{3,4})(?!\\d)"),
  pattern("mobile", `(?<!\\d)(?:${CN_PREFIX}|86${SEP}?)?1[3-9]\\d(?:${SEP}?\\d){8}(?!\\d)`),
  pattern("landline", `(?<!\\d)(?:${CN_PREFIX}\\(?0?|\\(0|0)(?:10|2\\d|[3-9]\\d{2})\\)?${SEP}?\\s?\\d{3,4}${SEP}?\\d{4}(?!\\d)`),
  pattern("serviceLine", `(?<!\\d)[48]00(?:${SEP}?\\d){7}(?!\\d)`),
  pattern("serviceShort", `${NOT_AMOUNT_BEFORE}(?<![\\d.,])95\\d{3,6}(?![\\d.,]*\\d)${NOT_AMOUNT_AFTER}`, "i"),
];

// Compound surnames: the given name starts after two characters.
const COMPOUND_SURNAMES = [
  "欧阳",
  "司马",
  "上官",
  "诸葛",
  "东方",
  "皇甫",
  "尉迟",
  "公孙",
  "慕容",
  "长孙",
  "宇文",
  "司徒",
  "令狐",
  "夏侯",
  "轩辕",
  "端木",
  "独孤",
  "南宫",
  "西门",
  "百里",
  "呼延",
  "澹台",
  "公冶",
  "太史",
  "申屠",
  "闻人",
  "万俟",
  "赫连",
  "钟离",
  "拓跋",
];
const HONORIFICS = "(?:先生|女士|小姐|太太)";
const CJK_NAME = /^[\u3400-\u9fff·•]+$/;

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Full-width ASCII and the ideographic space as their ASCII forms; one UTF-16 unit each, so indexes agree. */
export function toHalfWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e\u3000]/g, (c) => (c === "\u3000" ? " " : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
}

function chineseNamePatterns(name: string): RedactionPattern[] {
  const spaced = (text: string) => [...text].map(escapeRegex).join("\\s*");
  const patterns = [pattern("name", spaced(name))];
  // Minority names are written with a middle dot: 买买提·艾力. Each part of two characters or more goes.
  const parts = name.split(/[·•]/).filter((p) => p.length >= 2);
  if (parts.length > 1) {
    for (const part of parts) patterns.push(pattern("name", spaced(part)));
    return patterns;
  }
  const surnameLength = COMPOUND_SURNAMES.some((s) => name.startsWith(s)) ? 2 : 1;
  const surname = name.slice(0, surnameLength);
  const given = name.slice(surnameLength);
  if ([...given].length >= 2) patterns.push(pattern("givenName", spaced(given)));
  if (given.length > 0) patterns.push(pattern("surnameHonorific", `${spaced(surname)}\\s*${HONORIFICS}`));
  return patterns;
}

function latinNamePatterns(name: string): RedactionPattern[] {
  const parts = name.split(/[\s.\-·]+/).filter(Boolean);
  const word = (source: string) => `(?<![\\p{L}\\p{N}])${source}(?![\\p{L}\\p{N}])`;
  const patterns = [pattern("name", word(parts.map(escapeRegex).join("[\\s.\\-·]+")), "iu")];
  for (const part of parts) if (part.length >= 3) patterns.push(pattern("givenName", word(escapeRegex(part)), "iu"));
  return patterns;
}

const NUMBER_GAP = "[\\s\\-.()·–—_]*";

function digitsPattern(name: string, digits: string, prefix = ""): RedactionPattern {
  return pattern(name, `(?<!\\d)${prefix}\\(?${digits.split("").join(NUMBER_GAP)}(?!\\d)`);
}

function phonePatterns(phone: string): RedactionPattern[] {
  let digits = toHalfWidth(phone).replace(/\D/g, "");
  if (/^(?:0086|86)(?:1[3-9]\d{9}|[1-9]\d{8,10})$/.test(digits) && /^\s*(?:\+|00|86)/.test(toHalfWidth(phone))) {
    digits = digits.replace(/^(?:0086|86)/, "");
    if (!/^1[3-9]\d{9}$/.test(digits)) digits = "0" + digits;
  }
  if (digits.length < 5) return [];
  const prefix = `(?:${CN_PREFIX}|86${SEP}?)?`;
  if (/^0[1-9]\d{8,10}$/.test(digits)) {
    // A landline: also written after +86 without its 0, and without its area code.
    const areaLength = /^(010|02\d)/.test(digits) ? 3 : 4;
    return [
      digitsPattern("knownPhone", digits),
      digitsPattern("knownPhone", digits.slice(1), `${CN_PREFIX}\\(?`),
      digitsPattern("knownPhone", digits.slice(areaLength)),
    ];
  }
  return [digitsPattern("knownPhone", digits, /^1[3-9]\d{9}$/.test(digits) ? prefix : "")];
}

function emailPatterns(email: string): RedactionPattern[] {
  const address = toHalfWidth(email).trim();
  if (!address) return [];
  const patterns = [pattern("knownEmail", escapeRegex(address), "i")];
  const local = address.split("@")[0];
  if (address.includes("@") && local.length >= 4) {
    patterns.push(pattern("knownEmail", `(?<![a-z0-9._%+\\-])${escapeRegex(local)}(?![a-z0-9_%+\\-])`, "i"));
  }
  return patterns;
}

/** The patterns that come from what the consumer told us, longest names first. */
export function knownPatterns(known: KnownIdentifiers): RedactionPattern[] {
  const names = (known.names ?? [])
    .map((n) => toHalfWidth(n).trim().replace(/\s+/g, " "))
    .filter((n) => [...n].length >= 2)
    .sort((a, b) => b.length - a.length);
  const patterns: RedactionPattern[] = [];
  for (const name of names) {
    const compact = name.replace(/\s+/g, "");
    patterns.push(...(CJK_NAME.test(compact) ? chineseNamePatterns(compact) : latinNamePatterns(name)));
  }
  for (const email of known.emails ?? []) patterns.push(...emailPatterns(email));
  for (const phone of known.phones ?? []) patterns.push(...phonePatterns(phone));
  return patterns;
}

export function applyPattern(text: string, { regex, replacement }: RedactionPattern): string {
  const shadow = toHalfWidth(text);
  let out = "";
  let last = 0;
  for (const match of shadow.matchAll(regex)) {
    const span = match.indices?.groups?.secret ?? match.indices?.[0];
    if (!span || span[1] === span[0] || span[0] < last) continue;
    out += text.slice(last, span[0]) + replacement;
    last = span[1];
  }
  return out + text.slice(last);
}

/**
 * The consumer's account as it may be published. Known identifiers go first (a
 * collector number written in an odd way is still caught), then e-mail, chat
 * ids, dates, id cards, cards and phone numbers.
 */
export function redactNarrative(text: string, known: KnownIdentifiers = {}): string {
  // E-mail addresses first: a known e-mail's name part must not leave "XXXX@qq.com" behind.
  const email = REDACTION_PATTERNS.filter((p) => p.name === "email");
  const rest = REDACTION_PATTERNS.filter((p) => p.name !== "email");
  return [...email, ...knownPatterns(known), ...rest].reduce(applyPattern, text);
}
