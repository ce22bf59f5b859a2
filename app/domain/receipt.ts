/** Public codes (CW-2026-000123) and access keys (7KQ2M-9XH4T-B3VZP-A8WNE), DESIGN.md "Receipts". */

import { onePerKey } from "./one-per-key";

// Crockford base32: no I, L, O or U, so a key read over the phone cannot be misheard as another.
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const KEY_LENGTH = 20;

export function formatComplaintCode(year: number, sequence: number): string {
  return `CW-${year}-${String(sequence).padStart(6, "0")}`;
}

const CODE_PATTERN = /^CW(\d{4})(\d{6,})$/;

/**
 * Full-width characters (a Chinese IME's ＣＷ－２０２６) become ASCII; spaces and every kind of dash,
 * which people type, drop, or double between groups, are separators only.
 */
function withoutSeparators(input: string): string {
  return input
    .normalize("NFKC")
    .toUpperCase()
    .replace(/[\s\p{Pd}\u2212\u30fc_.·]/gu, "");
}

/** Accepts the code in any case, spaced or dashed in any way or not at all: CW2026000123, cw 2026 000123. */
export function normalizeComplaintCode(input: string): string | null {
  const match = CODE_PATTERN.exec(withoutSeparators(input));
  return match ? `CW-${match[1]}-${match[2]}` : null;
}

/** Twenty symbols from 100 random bits (13 bytes give 104; the last four are dropped). */
export function accessKeyFromBytes(bytes: Uint8Array): string {
  if (bytes.length < 13) throw new Error("an access key needs 13 random bytes");
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < KEY_LENGTH) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return groupKey(out);
}

function groupKey(symbols: string): string {
  return symbols.match(/.{1,5}/g)!.join("-");
}

/**
 * Any case, full-width or not, with or without dashes or spaces anywhere; Crockford's look-alikes are read
 * as the symbol they resemble (O→0, I/L→1). Returns the canonical grouped form.
 */
export function normalizeAccessKey(input: string): string | null {
  const symbols = withoutSeparators(input).replace(/O/g, "0").replace(/[IL]/g, "1");
  if (symbols.length !== KEY_LENGTH) return null;
  for (const c of symbols) if (!CROCKFORD.includes(c)) return null;
  return groupKey(symbols);
}

/** The filing year is the year in China, where the consumer is, not the server's UTC year. */
export function filingYear(now: Date, timeZone = "Asia/Shanghai"): number {
  return Number(yearFormat(timeZone).format(now));
}

const yearFormat = onePerKey((timeZone) => new Intl.DateTimeFormat("en", { timeZone, year: "numeric" }));
