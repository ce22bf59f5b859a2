/**
 * Chinese phone numbers as consumers paste them: with spaces, dashes, brackets,
 * a +86 / 0086 prefix, or full-width digits copied from a chat.
 * The normal form keeps only what identifies the line, so the same collector
 * number written two ways matches across complaints.
 */

export type PhoneKind = "mobile" | "landline" | "service" | "international";
export type PhoneResult = { ok: true; number: string; kind: PhoneKind } | { ok: false; reason: "phone.invalid" | "phone.needsAreaCode" };

const SEPARATORS = /[\s\-()（）.·—_]/g;

function toHalfWidth(text: string): string {
  return text.replace(/[０-９＋]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

// Beijing (010) and 02x cities have three-digit area codes; every other area code has four.
function splitLandline(digits: string): [string, string] {
  const areaLength = /^(010|02\d)/.test(digits) ? 3 : 4;
  return [digits.slice(0, areaLength), digits.slice(areaLength)];
}

export function normalizePhone(input: string): PhoneResult {
  let text = toHalfWidth(input.trim()).replace(SEPARATORS, "");
  if (text.startsWith("0086")) text = "+86" + text.slice(4);
  if (/^86(1[3-9]\d{9})$/.test(text)) text = "+" + text;
  if (text.startsWith("+86")) {
    text = text.slice(3);
    // An area code written after +86 drops its leading zero: +86 21 1234 5678.
    if (/^[2-9]\d{8,10}$/.test(text) && !/^1/.test(text)) text = "0" + text;
  } else if (text.startsWith("+")) {
    return /^\+[1-9]\d{6,14}$/.test(text) ? { ok: true, number: text, kind: "international" } : { ok: false, reason: "phone.invalid" };
  }
  if (!/^\d+$/.test(text)) return { ok: false, reason: "phone.invalid" };

  if (/^1[3-9]\d{9}$/.test(text)) return { ok: true, number: text, kind: "mobile" };
  if (/^(400|800)\d{7}$/.test(text)) {
    return { ok: true, number: `${text.slice(0, 3)}-${text.slice(3, 6)}-${text.slice(6)}`, kind: "service" };
  }
  // 95xxx: nationwide customer-service numbers (95588…), also 95 + up to 6 digits for call centres.
  if (/^95\d{3,6}$/.test(text)) return { ok: true, number: text, kind: "service" };
  if (/^0[1-9]\d{8,10}$/.test(text)) {
    const [area, local] = splitLandline(text);
    if (/^[2-9]\d{6,7}$/.test(local)) return { ok: true, number: `${area}-${local}`, kind: "landline" };
    return { ok: false, reason: "phone.invalid" };
  }
  if (/^[2-9]\d{6,7}$/.test(text)) return { ok: false, reason: "phone.needsAreaCode" };
  return { ok: false, reason: "phone.invalid" };
}

/** Collector numbers come one per line; commas and 、 are forgiven too. */
export function splitPhoneLines(text: string): string[] {
  return text
    .split(/[\n\r,，;；、]+/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}
