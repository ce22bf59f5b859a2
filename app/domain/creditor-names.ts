/**
 * What a consumer types for their creditor, matched against the directory: an exact name or
 * alias (after the forms a name takes are set aside: width, case, spaces, punctuation, a
 * 信用卡中心 or 有限公司 or branch after the name), else the few entries it is close to, else
 * nothing (unknown creditors exist; they are filed as typed).
 */

export type CreditorEntry = { id: string; nameZh: string; nameEn: string; aliases: readonly string[] };

export type CreditorMatch<E extends CreditorEntry = CreditorEntry> = { kind: "exact"; entry: E } | { kind: "close"; candidates: E[] } | { kind: "none" };

/** Full-width to half-width (NFKC), lower case, and only letters and digits: "ＣＭＢ 信用卡" → "cmb信用卡". */
export function normalizeCreditorName(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, "");
}

// What follows a company's name without naming another company, longest first.
const SUFFIXES = [
  "股份有限公司",
  "有限责任公司",
  "有限公司",
  "公司",
  "信用卡中心",
  "信用卡部",
  "信用卡",
  "总行",
  "app",
  "coltd",
  "limited",
  "ltd",
  "creditcardcenter",
  "creditcard",
];

/** The typed name and what is left of it once suffixes, a branch (招商银行深圳分行) or a leading 中国 are set aside. */
function variants(normalized: string): string[] {
  const out = [normalized];
  let current = normalized;
  for (let changed = true; changed;) {
    changed = false;
    const branch = current.match(/^(.+银行).+[分支]行$/u);
    if (branch) {
      current = branch[1];
      out.push(current);
      changed = true;
      continue;
    }
    for (const suffix of SUFFIXES) {
      if (current.length > suffix.length && current.endsWith(suffix)) {
        current = current.slice(0, -suffix.length);
        out.push(current);
        changed = true;
        break;
      }
    }
  }
  // "中国招商银行" is a common slip; 中国银行 itself matched before this is tried.
  for (const v of [...out]) if (v.startsWith("中国") && v.length > 4) out.push(v.slice(2));
  return [...new Set(out)];
}

// Words that name a kind of lender, not one: typed alone they suggest nothing.
const GENERIC = new Set([
  "银行",
  "中国",
  "消费",
  "金融",
  "消费金融",
  "贷款",
  "借款",
  "借钱",
  "网贷",
  "小贷",
  "科技",
  "信用",
  "信用卡",
  "信用卡中心",
  "有限公司",
  "bank",
  "china",
  "finance",
]);

const hasHan = (s: string) => /\p{Script=Han}/u.test(s);

/** Edit distance, stopping early once it passes `limit`. */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, row[j]);
    }
    if (best > limit) return limit + 1;
    previous = row;
  }
  return previous[b.length];
}

/** How close a typed name is to a directory key (lower is closer), or null when it is not. */
function closeness(typed: string, key: string): number | null {
  // The name typed holds a known one: "支付宝的借呗", "我在中行借的".
  if (typed.includes(key) && (hasHan(key) ? key.length >= 2 : key.length >= 4)) return 1;
  // The name typed is part of a known one: "招商" of 招商银行.
  if (key.includes(typed) && !GENERIC.has(typed) && (hasHan(typed) ? typed.length >= 2 : typed.length >= 4)) return 2;
  // A slip of the pen: one character in a short name, two in a long one.
  const limit = typed.length >= 6 ? 2 : typed.length >= 3 ? 1 : 0;
  if (limit === 0) return null;
  const d = distance(typed, key, limit);
  return d <= limit ? 1 + d : null;
}

export const MAX_CANDIDATES = 3;

/** The value of the filing form's "did you mean" choice that keeps the name as typed. */
export const KEEP_TYPED = "typed";

/** The directory's keys (id, both names, every alias), normalised; a key naming two entries keeps the first (see nameConflicts). */
export function creditorKeys<E extends CreditorEntry>(directory: readonly E[]): Map<string, E> {
  const keys = new Map<string, E>();
  for (const entry of directory) {
    for (const name of [entry.id, entry.nameZh, entry.nameEn, ...entry.aliases]) {
      const key = normalizeCreditorName(name);
      if (key && !keys.has(key)) keys.set(key, entry);
    }
  }
  return keys;
}

/** Names that stand for two entries once normalised: an error in the directory's data. */
export function nameConflicts(directory: readonly CreditorEntry[]): string[] {
  const owner = new Map<string, string>();
  const conflicts: string[] = [];
  for (const entry of directory) {
    for (const name of [entry.id, entry.nameZh, entry.nameEn, ...entry.aliases]) {
      const key = normalizeCreditorName(name);
      const other = owner.get(key);
      if (other && other !== entry.id) conflicts.push(`"${name}" names both ${other} and ${entry.id}`);
      else owner.set(key, entry.id);
    }
  }
  return conflicts;
}

/** The directory entry the consumer means, if the words say so exactly; else the closest few. */
export function matchCreditor<E extends CreditorEntry>(typed: string, keys: Map<string, E>): CreditorMatch<E> {
  const tried = variants(normalizeCreditorName(typed)).filter(Boolean);
  for (const v of tried) {
    const entry = keys.get(v);
    if (entry) return { kind: "exact", entry };
  }
  const best = new Map<string, { entry: E; score: number }>();
  for (const v of tried) {
    for (const [key, entry] of keys) {
      const score = closeness(v, key);
      if (score === null) continue;
      const seen = best.get(entry.id);
      if (!seen || score < seen.score) best.set(entry.id, { entry, score });
    }
  }
  const candidates = [...best.values()]
    .sort((a, b) => a.score - b.score || a.entry.id.localeCompare(b.entry.id))
    .slice(0, MAX_CANDIDATES)
    .map((c) => c.entry);
  return candidates.length ? { kind: "close", candidates } : { kind: "none" };
}
