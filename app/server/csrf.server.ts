import { createCookie } from "@remix-run/node";
import { randomBytes, timingSafeEqual } from "node:crypto";
import { secrets, secureCookies } from "./env.server";

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

export async function requireCsrf(request: Request, formData: FormData) {
  const expected: unknown = await csrfCookie.parse(request.headers.get("Cookie"));
  const given = formData.get("csrf");
  const ok =
    typeof expected === "string" && typeof given === "string" && expected.length === given.length && timingSafeEqual(Buffer.from(expected), Buffer.from(given));
  if (!ok) throw new Response("error.csrf", { status: 403 });
}
