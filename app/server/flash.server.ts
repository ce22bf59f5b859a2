import { createCookie, redirect } from "@remix-run/node";
import { randomUUID } from "node:crypto";
import { secrets, secureCookies } from "./env.server";

/**
 * "What just happened", said once after an action: the action redirects with a short-lived
 * cookie naming a catalogue key (`done.*`) and the page it is for; that page's loader reads it
 * and clears it in the same response, so a reload does not say it again. The id is new each
 * time, for the page to give its forms a fresh key (empty fields, with or without JavaScript).
 */
const doneCookie = createCookie("cw_done", { httpOnly: true, sameSite: "lax", secure: secureCookies, path: "/", secrets, maxAge: 120 });

export type DoneNotice = { key: string; id: string };
type Stored = DoneNotice & { page: string };

/** Redirects to `to` (a path on this site), carrying `key` to say there; `headers` may add cookies of its own. */
export async function redirectWithDone(to: string, key: string, headers: HeadersInit = {}) {
  const page = new URL(to, "http://x").pathname;
  const response = redirect(to, { headers });
  response.headers.append("Set-Cookie", await doneCookie.serialize({ key, id: randomUUID(), page } satisfies Stored));
  return response;
}

/** The notice waiting for this page (null if none), and the headers that clear it. */
export async function takeDone(request: Request): Promise<{ done: DoneNotice | null; headers: Record<string, string> }> {
  const stored = (await doneCookie.parse(request.headers.get("Cookie"))) as Stored | null;
  if (!stored || typeof stored.key !== "string" || stored.page !== new URL(request.url).pathname) return { done: null, headers: {} };
  return { done: { key: stored.key, id: stored.id }, headers: { "Set-Cookie": await doneCookie.serialize("", { maxAge: 0 }) } };
}
