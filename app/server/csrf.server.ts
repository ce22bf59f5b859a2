import { createCookie } from "@remix-run/node";
import { randomBytes, timingSafeEqual } from "node:crypto";
import { secrets, secureCookies } from "./env.server";
import { refusal } from "./refusal.server";

/**
 * Double-submit CSRF protection: a random token in a signed, HttpOnly cookie,
 * repeated as a hidden field in every form; a request whose two copies differ
 * did not come from our page.
 */
const csrfCookie = createCookie("cw_csrf", { httpOnly: true, sameSite: "lax", secure: secureCookies, path: "/", secrets });

export async function csrfToken(request: Request): Promise<{ token: string; setCookie: string | null }> {
  const existing: unknown = await csrfCookie.parse(request.headers.get("Cookie"));
  if (typeof existing === "string" && existing.length >= 32) return { token: existing, setCookie: null };
  const token = randomBytes(32).toString("base64url");
  return { token, setCookie: await csrfCookie.serialize(token) };
}

/** The token this browser's cookie holds, or null; read before a body is parsed, so a file part can be checked as it arrives. */
export async function expectedCsrf(request: Request): Promise<string | null> {
  const expected: unknown = await csrfCookie.parse(request.headers.get("Cookie"));
  return typeof expected === "string" && expected.length >= 32 ? expected : null;
}

/** Constant-time comparison of bytes, not characters: a non-ASCII value has more bytes than characters. */
export function csrfMatches(expected: string | null, given: unknown): boolean {
  if (expected === null || typeof given !== "string") return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function requireCsrf(request: Request, formData: FormData) {
  if (!csrfMatches(await expectedCsrf(request), formData.get("csrf"))) throw await refusal(request, 403, "error.csrf");
}
