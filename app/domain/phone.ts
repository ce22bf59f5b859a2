import { parsePhoneNumberFromString, validatePhoneNumberLength } from "libphonenumber-js/max";

/**
 * Phone numbers as consumers type them on a Chinese phone, read with libphonenumber-js.
 *
 * The "max" metadata is used because it holds each number type's full pattern: with the smaller
 * sets (length checks only) a 1069 SMS gateway reads as a Beijing landline and a bare local
 * number without its area code as a whole one.
 *
 * Every reading has one canonical `key`, what CollectorPhone stores and what matching compares:
 *   +8613800138000         a number the library verifies (E.164; an extension is not part of it:
 *                          extensions of one switchboard are the same collector)
 *   short:95588            a short code (95xxx/96xxx service numbers, 1xx, 100xx, 12xxx)
 *   sms:106900001234       an SMS gateway sender (106…), which cannot be dialled
 *   withheld               no number was shown (未知号码, private…): never matched to another complaint
 *   unverified:0216234567  what could not be read, folded to its digits and letters, kept as typed elsewhere
 */

export type PhoneReading =
  | { status: "verified"; kind: "number" | "short_code" | "gateway"; key: string; extension?: string; line: string }
  | { status: "withheld"; key: typeof WITHHELD_KEY; line: string }
  | { status: "unverified"; key: string; why: UnverifiedReason; line: string }
  | { status: "refused"; reason: "phone.noDigits"; line: string };

/** Why a number with digits could not be verified; each has a catalogue entry under phone.why. */
export type UnverifiedReason = "tooShort" | "tooLong" | "needsAreaCode" | "notInUse";

export const WITHHELD_KEY = "withheld";
const UNVERIFIED = "unverified:";

// What phones and consumers write when no number was shown, compared without spaces or case.
const WITHHELD_WORDS = new Set(
  [
    "未知号码",
    "未知",
    "号码未知",
    "未知来电",
    "私人号码",
    "私密号码",
    "隐藏号码",
    "号码隐藏",
    "隐藏",
    "匿名",
    "匿名来电",
    "无号码",
    "无来电显示",
    "不显示号码",
    "号码不显示",
    "unknown",
    "unknownnumber",
    "private",
    "privatenumber",
    "withheld",
    "numberwithheld",
    "hidden",
    "anonymous",
    "restricted",
    "nocallerid",
    "blocked",
  ].map(compactWord),
);

function compactWord(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]/gu, "");
}

/**
 * Full-width characters (what a Chinese IME types) become ASCII with NFKC; every kind of dash
 * becomes "-", every bracket a parenthesis, and 转/分机 the extension marker the library reads.
 */
export function foldPhoneText(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/[\p{Pd}\u2212\u30fc\uff70]/gu, "-")
    .replace(/[[【〔〖「『{]/g, "(")
    .replace(/[\]】〕〗」』}]/g, ")")
    .replace(/\s*(?:转分机|轉分機|分机号?|分機號?|转|轉)\s*/g, " ext ")
    .replace(/\s+/g, " ")
    .trim();
}

// Written with an international prefix: +…, 00…, or 86 set apart from the rest (86-21-…, 86 138…).
const INTERNATIONAL = /^(?:\+|00|86[\s\-(.])/;

/** The digits after a written +86/0086/86 prefix, or all of them; the extension left out. */
function nationalDigits(folded: string): string {
  const withoutExtension = folded.replace(/\s*(?:ext\.?|x|#).*$/i, "");
  const digits = withoutExtension.replace(/\D/g, "");
  if (INTERNATIONAL.test(withoutExtension)) return digits.replace(/^(?:0086|86)/, "");
  return digits;
}

const ONE_NUMBER = /^(?:[^\d+:]*:\s*)?\+?[\d\s\-().]+(?:\s*(?:ext\.?|x|#)\s*\d+)?$/i;
const GATEWAY = /^106\d{5,17}$/;
// 95xxx (to 8 digits) and 96xxx service lines; 110/120…, 100xx carriers, 12xxx public hotlines.
const SHORT_CODE = /^(?:9[56]\d{3,6}|1[12]\d|100\d{2}|12\d{3})$/;

/** One number, as typed on one line. */
export function readPhone(input: string): PhoneReading {
  const line = input.trim();
  const folded = foldPhoneText(line);
  if (WITHHELD_WORDS.has(compactWord(folded))) return { status: "withheld", key: WITHHELD_KEY, line };
  if (!/\d/.test(folded)) return { status: "refused", reason: "phone.noDigits", line };

  const national = nationalDigits(folded);
  // Only a line that is one number (after a label such as 电话：) is given to the library, which
  // would otherwise take the first of "138…；139…" and drop the rest.
  const parsed = ONE_NUMBER.test(folded) ? parsePhoneNumberFromString(folded, { defaultCountry: "CN" }) : undefined;
  const international = INTERNATIONAL.test(folded);
  const chinese = !international || /^(?:00)?86/.test(folded.replace(/\D/g, ""));
  // A bare 106… is a gateway; with +86 written before it, only if it is not a real Beijing (10) line.
  if (chinese && GATEWAY.test(national) && !(international && parsed?.isValid())) return { status: "verified", kind: "gateway", key: `sms:${national}`, line };
  if (parsed?.isValid()) {
    return { status: "verified", kind: "number", key: parsed.number, ...(parsed.ext ? { extension: parsed.ext } : {}), line };
  }
  if (chinese && SHORT_CODE.test(national)) {
    return { status: "verified", kind: "short_code", key: `short:${national}`, line };
  }
  return { status: "unverified", key: UNVERIFIED + unverifiedKey(folded), why: whyUnverified(folded, national), line };
}

function unverifiedKey(folded: string): string {
  return folded.toLowerCase().replace(/[^0-9a-z+#*]/g, "");
}

function whyUnverified(folded: string, national: string): UnverifiedReason {
  if (!INTERNATIONAL.test(folded) && /^[2-9]\d{6,7}$/.test(national)) return "needsAreaCode";
  const length = validatePhoneNumberLength(folded, { defaultCountry: "CN" });
  if (length === "TOO_SHORT") return "tooShort";
  if (length === "TOO_LONG") return "tooLong";
  return "notInUse";
}

const isRead = (reading: PhoneReading) => reading.status === "verified" || reading.status === "withheld";

// Words and marks that only ever stand between two numbers on one line.
const BETWEEN_NUMBERS = /\s*(?:[/|&;；]|或者?|和|及|与|以及|\bor\b|\band\b)\s*/i;

/**
 * A line that does not read as one number but reads whole as several (two numbers pasted on one
 * line, "138… 或 139…") gives each of them; otherwise the line is one reading.
 */
function readLine(line: string): PhoneReading[] {
  const whole = readPhone(line);
  if (isRead(whole) || whole.status === "refused") return [whole];
  const readings: PhoneReading[] = [];
  for (const part of foldPhoneText(line).split(BETWEEN_NUMBERS).filter(Boolean)) {
    const several = readSpacedNumbers(part);
    if (!several) return [whole];
    readings.push(...several);
  }
  return readings.length > 1 ? readings : [whole];
}

/** Numbers separated by spaces, each itself perhaps spaced (138 0013 8000 021 6234 5678): longest first. */
function readSpacedNumbers(text: string): PhoneReading[] | null {
  const words = text.split(" ");
  const readings: PhoneReading[] = [];
  let from = 0;
  while (from < words.length) {
    let found: { reading: PhoneReading; to: number } | null = null;
    for (let to = words.length; to > from && !found; to--) {
      const reading = readPhone(words.slice(from, to).join(" "));
      if (isRead(reading)) found = { reading, to };
    }
    if (!found) return null;
    readings.push(found.reading);
    from = found.to;
  }
  return readings;
}

/**
 * The collector numbers field: one per line (commas and 、 are forgiven too), several numbers
 * pasted on one line split apart. Blank lines are dropped.
 */
export function readPhoneList(text: string): PhoneReading[] {
  return text
    .split(/[\n\r,，、]+/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .flatMap(readLine);
}

/**
 * The key a collector number is stored under: its reading's key, or for text without a digit
 * (which the form refuses, but older rows and imports may hold) the text folded as an unverified one.
 */
export function collectorPhoneKey(typed: string): string {
  const reading = readPhone(typed);
  return reading.status === "refused" ? UNVERIFIED + unverifiedKey(foldPhoneText(typed)) : reading.key;
}

/**
 * Whether two complaints naming this key name one line: not a withheld number, and not one that
 * could not be verified (6123 4567 without its area code is a different line in every city).
 */
export function identifiesLine(key: string): boolean {
  return key !== WITHHELD_KEY && !key.startsWith(UNVERIFIED);
}

/** SQL for the same test on a column of keys. */
export const identifiesLineSql = (column: string) => `(${column} <> '${WITHHELD_KEY}' AND ${column} NOT LIKE '${UNVERIFIED}%')`;

/** The canonical key of a number when one exists (verified or withheld), else null. */
export function phoneKey(input: string): string | null {
  let key = knownKeys.get(input);
  if (key === undefined) {
    const reading = readPhone(input);
    key = isRead(reading) ? reading.key : null;
    // A call log repeats a few numbers over thousands of rows; the cap keeps a long run's memory flat.
    if (knownKeys.size >= 10_000) knownKeys.clear();
    knownKeys.set(input, key);
  }
  return key;
}
const knownKeys = new Map<string, string | null>();

export type PhoneDisplay = { text: string; status: "verified" | "unverified" | "withheld" };

/**
 * How a stored number is shown to people: the library's national format for Chinese numbers
 * (138 0013 8000, 021 6234 5678, 400 820 8820), international for others, an extension after
 * 转/ext; what could not be read, as typed.
 */
export function displayPhone(key: string, typed: string | null = null, locale: "zh-CN" | "en" = "zh-CN"): PhoneDisplay {
  if (key === WITHHELD_KEY) return { text: "", status: "withheld" };
  if (key.startsWith(UNVERIFIED)) return { text: typed ?? key.slice(UNVERIFIED.length), status: "unverified" };
  if (key.startsWith("short:") || key.startsWith("sms:")) return { text: key.slice(key.indexOf(":") + 1), status: "verified" };
  // Rows written before keys existed hold national forms (13912345678, 021-61234567): read as Chinese.
  const number = parsePhoneNumberFromString(key, "CN");
  if (!number?.isValid()) return { text: typed ?? key, status: "unverified" };
  const extension = typed ? readPhone(typed) : null;
  const ext = extension?.status === "verified" && extension.extension ? `${locale === "en" ? " ext. " : " 转 "}${extension.extension}` : "";
  return { text: (number.country === "CN" ? number.formatNational() : number.formatInternational()) + ext, status: "verified" };
}
