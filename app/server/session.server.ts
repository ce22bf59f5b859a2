import { createCookie } from "@remix-run/node";
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { db } from "./db.server";
import { engine } from "./engine.server";
import { env, secrets, secureCookies } from "./env.server";
import { readRows } from "./reads.server";
import { dialectOf } from "./sql-dialect.server";
import { insertRows } from "./sql-insert.server";
import { afterThePage } from "./sql-time.server";

/**
 * The consumer's session, kept on the server (docs/decisions/011): the cookie carries only a
 * random token; the table holds its SHA-256, the complaints it opened with their key, and its
 * times. It ends with the browser, after CONSUMER_IDLE_MINUTES without a request, after
 * CONSUMER_SESSION_HOURS, on "leave", and when the consumer signs out everywhere or sets a new key.
 */
const sessionCookie = createCookie("cw_session", { httpOnly: true, sameSite: "lax", secure: secureCookies, path: "/", secrets });

const tokenId = (token: string) => createHash("sha256").update(token).digest("hex");

const MAX_TRACKED = 20;
// The receipt follows the filing at once; a key not shown within this time is not shown at all.
const KEY_TO_SHOW_MS = 10 * 60_000;

type Current = {
  token: string;
  id: string;
  codes: { code: string; openedAt: Date }[];
  keyToShow: string | null;
  keyToShowFor: string | null;
  keyShownUntil: Date | null;
};

type SessionRow = { lastSeenAt: string; expiresAt: string; keyToShowFor: string | null; keyToShow: string | null; keyShownUntil: string | null };
const SESSION_SQL = 'SELECT "lastSeenAt", "expiresAt", "keyToShowFor", "keyToShow", "keyShownUntil" FROM "ConsumerSession" WHERE "id" = ?';
const CODES_SQL = 'SELECT "code", "openedAt" FROM "ConsumerSessionComplaint" WHERE "sessionId" = ? ORDER BY "openedAt" DESC';

/**
 * The live session behind this request's cookie, or null (an ended or expired one is deleted).
 * Read on every filing and tracking page, so not through Prisma (reads.server.ts): its query
 * compiler cost each filing more on the event loop than the rows themselves.
 */
async function currentSession(request: Request): Promise<Current | null> {
  const token: unknown = await sessionCookie.parse(request.headers.get("Cookie"));
  // A cookie from before server-side sessions holds an object, not a token: it opens nothing.
  if (typeof token !== "string" || token.length < 32) return null;
  const id = tokenId(token);
  const [session] = await readRows<SessionRow>(SESSION_SQL, [id]);
  if (!session) return null;
  const now = new Date();
  const idle = now.getTime() - new Date(session.lastSeenAt).getTime();
  if (new Date(session.expiresAt) <= now || idle > env.CONSUMER_IDLE_MINUTES * 60_000) {
    await db.consumerSession.deleteMany({ where: { id } });
    return null;
  }
  // Written at most once a minute, so reading pages does not turn into a write per request; after the
  // page, as a reviewer's (auth.server.ts).
  if (idle > 60_000) afterThePage("consumer session not marked as used", () => db.consumerSession.updateMany({ where: { id }, data: { lastSeenAt: now } }));
  const { keyToShow, keyToShowFor, keyShownUntil } = session;
  const codes = (await readRows<{ code: string; openedAt: string }>(CODES_SQL, [id])).map((c) => ({ code: c.code, openedAt: new Date(c.openedAt) }));
  return { token, id, codes, keyToShow, keyToShowFor, keyShownUntil: keyShownUntil === null ? null : new Date(keyShownUntil) };
}

export async function canSeeComplaint(request: Request, code: string): Promise<boolean> {
  const current = await currentSession(request);
  return current?.codes.some((c) => c.code === code) ?? false;
}

/** This request's session id (the token's hash), for actions that end every other session. */
export async function consumerSessionId(request: Request): Promise<string | null> {
  return (await currentSession(request))?.id ?? null;
}

/**
 * Gives this browser the complaint, and returns the cookie to set. The session gets a new token
 * each time (what it opened is carried over), so a token planted or seen before the key was typed
 * opens nothing. With `receipt`, the key is kept to be shown once on the receipt.
 */
export async function rememberComplaint(request: Request, code: string, receipt?: { key: string }): Promise<string> {
  const current = await currentSession(request);
  const kept = (current?.codes ?? []).filter((c) => c.code !== code).slice(0, MAX_TRACKED - 1);
  const token = randomBytes(32).toString("base64url");
  const now = new Date();
  const id = tokenId(token);
  const unshown = { keyToShowFor: null, keyToShow: null, keyShownUntil: null };
  const expiresAt = new Date(now.getTime() + env.CONSUMER_SESSION_HOURS * 3_600_000);
  const codes = [{ code, openedAt: now }, ...kept];
  // SQL rather than Prisma's models: this runs at every filing, and Prisma plans each statement afresh (issue 12).
  await db.$transaction(async (tx) => {
    if (current) await tx.$executeRawUnsafe(dialectOf(engine()).numbered('DELETE FROM "ConsumerSession" WHERE "id" = ?'), current.id);
    await insertRows(tx, "ConsumerSession", [
      { id, createdAt: now, lastSeenAt: now, expiresAt, ...(receipt ? keyToShow(token, code, receipt.key, now) : unshown) },
    ]);
    await insertRows(
      tx,
      "ConsumerSessionComplaint",
      codes.map(({ code, openedAt }) => ({ sessionId: id, code, openedAt })),
    );
  });
  await sweep(now);
  return sessionCookie.serialize(token);
}

/** Keeps a new key (after the consumer set one) to be shown once on the tracking page. */
export async function showKeyOnce(request: Request, code: string, key: string) {
  const current = await currentSession(request);
  if (current) await db.consumerSession.updateMany({ where: { id: current.id }, data: keyToShow(current.token, code, key, new Date()) });
}

/**
 * The key to show for this complaint, once: it is erased before it is returned, and only the
 * request that erased it gets it, so a replayed cookie (or a second tab) never sees it again.
 */
export async function takeKeyToShow(request: Request, code: string): Promise<string | null> {
  const current = await currentSession(request);
  if (!current?.keyToShow || current.keyToShowFor !== code || !current.keyShownUntil) return null;
  const { count } = await db.consumerSession.updateMany({
    where: { id: current.id, keyToShow: current.keyToShow },
    data: { keyToShow: null, keyToShowFor: null, keyShownUntil: null },
  });
  if (count !== 1 || current.keyShownUntil < new Date()) return null;
  return open(current.token, code, current.keyToShow);
}

/** "Leave": this browser's session no longer opens the complaint; an empty session ends. */
export async function forgetComplaint(request: Request, code: string): Promise<string> {
  const current = await currentSession(request);
  if (!current) return endCookie();
  await db.consumerSessionComplaint.deleteMany({ where: { sessionId: current.id, code } });
  return endIfEmpty(current);
}

/** "Sign out everywhere": no session opens the complaint any more, this one included. */
export async function forgetComplaintEverywhere(request: Request, code: string): Promise<string> {
  await db.consumerSessionComplaint.deleteMany({ where: { code } });
  const current = await currentSession(request);
  return current ? endIfEmpty(current) : endCookie();
}

async function endIfEmpty(current: Current): Promise<string> {
  const { count } = await db.consumerSession.deleteMany({ where: { id: current.id, complaints: { none: {} } } });
  return count ? endCookie() : sessionCookie.serialize(current.token);
}

const endCookie = () => sessionCookie.serialize("", { maxAge: 0 });

let lastSweep = 0;

/** Deletes ended sessions now and then (expired, or left with no complaint to open). */
async function sweep(now: Date) {
  if (now.getTime() - lastSweep < 10 * 60_000) return;
  lastSweep = now.getTime();
  const idleSince = new Date(now.getTime() - env.CONSUMER_IDLE_MINUTES * 60_000);
  await db.consumerSession.deleteMany({ where: { OR: [{ expiresAt: { lt: now } }, { lastSeenAt: { lt: idleSince } }, { complaints: { none: {} } }] } });
}

// The key to show is sealed (AES-256-GCM) under a key derived from the cookie's token, which the
// database does not hold: a copy of the database cannot read it, even in the minutes it is kept.
const sealingKey = (token: string) => createHash("sha256").update(`cw-key-to-show:${token}`).digest();

function keyToShow(token: string, code: string, key: string, now: Date) {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", sealingKey(token), iv).setAAD(Buffer.from(code));
  const sealed = Buffer.concat([cipher.update(key, "utf8"), cipher.final()]);
  return {
    keyToShowFor: code,
    keyToShow: [iv, cipher.getAuthTag(), sealed].map((b) => b.toString("base64url")).join("."),
    keyShownUntil: new Date(now.getTime() + KEY_TO_SHOW_MS),
  };
}

function open(token: string, code: string, sealed: string): string | null {
  const [iv, tag, data] = sealed.split(".").map((part) => Buffer.from(part, "base64url"));
  try {
    const decipher = createDecipheriv("aes-256-gcm", sealingKey(token), iv).setAAD(Buffer.from(code));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

export const langCookie = createCookie("cw_lang", { httpOnly: true, sameSite: "lax", secure: secureCookies, path: "/", maxAge: 60 * 60 * 24 * 365 });
