import { createCookie, createCookieSessionStorage } from "@remix-run/node";
import { secrets, secureCookies } from "./env.server";

/**
 * The consumer's session: which complaints they have opened with their key, and
 * the one-time receipt after filing. Signed and HttpOnly; it ends with the browser.
 */
type ConsumerSession = { tracked: string[] };
type ConsumerFlash = { receipt: { code: string; key: string } };

const storage = createCookieSessionStorage<ConsumerSession, ConsumerFlash>({
  cookie: { name: "cw_session", httpOnly: true, sameSite: "lax", secure: secureCookies, path: "/", secrets },
});

export const getSession = (request: Request) => storage.getSession(request.headers.get("Cookie"));
export const commitSession = storage.commitSession;

const MAX_TRACKED = 20;

export async function canSeeComplaint(request: Request, code: string): Promise<boolean> {
  const session = await getSession(request);
  return (session.get("tracked") ?? []).includes(code);
}

/** Remembers that this browser opened the complaint, and returns the cookie to set. */
export async function rememberComplaint(request: Request, code: string, receipt?: { key: string }): Promise<string> {
  const session = await getSession(request);
  const tracked = (session.get("tracked") ?? []).filter((c) => c !== code);
  session.set("tracked", [code, ...tracked].slice(0, MAX_TRACKED));
  if (receipt) session.flash("receipt", { code, key: receipt.key });
  return commitSession(session);
}

export async function forgetComplaint(request: Request, code: string): Promise<string> {
  const session = await getSession(request);
  session.set(
    "tracked",
    (session.get("tracked") ?? []).filter((c) => c !== code),
  );
  return commitSession(session);
}

/** The access key, once: reading it removes it from the session. */
export async function takeReceipt(request: Request, code: string) {
  const session = await getSession(request);
  const receipt = session.get("receipt");
  return { key: receipt?.code === code ? receipt.key : null, setCookie: await commitSession(session) };
}

export const langCookie = createCookie("cw_lang", { httpOnly: true, sameSite: "lax", secure: secureCookies, path: "/", maxAge: 60 * 60 * 24 * 365 });
