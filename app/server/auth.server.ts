import { createCookie, redirect } from "@remix-run/node";
import { createHash, randomBytes } from "node:crypto";
import { canSeePage, isRole, type Page, type Role } from "~/domain/permissions";
import { db } from "./db.server";
import { env, secrets, secureCookies } from "./env.server";
import { readRows } from "./reads.server";
import { afterThePage } from "./sql-time.server";

const authCookie = createCookie("cw_auth", { httpOnly: true, sameSite: "lax", secure: secureCookies, path: "/", secrets });

const tokenId = (token: string) => createHash("sha256").update(token).digest("hex");

export type Reviewer = { id: number; email: string; role: Role; institutionId: string | null };

export async function startUserSession(userId: number): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + env.USER_SESSION_HOURS * 3600 * 1000);
  await db.userSession.create({ data: { id: tokenId(token), userId, expiresAt } });
  return authCookie.serialize(token, { expires: expiresAt });
}

// Every page asks (the root's loader and the page's own): one prepared statement, not Prisma.
const SESSION_SQL = `SELECT s."id", s."expiresAt", s."lastSeenAt", u."id" AS "userId", u."email", u."role", u."institutionId", u."disabled"
  FROM "UserSession" s JOIN "User" u ON u."id" = s."userId" WHERE s."id" = ?`;
type SessionRow = {
  id: string;
  expiresAt: string;
  lastSeenAt: string;
  userId: number;
  email: string;
  role: string;
  institutionId: string | null;
  disabled: number;
};

export async function getReviewer(request: Request): Promise<Reviewer | null> {
  const token: unknown = await authCookie.parse(request.headers.get("Cookie"));
  if (typeof token !== "string") return null;
  const [session] = await readRows<SessionRow>(SESSION_SQL, [tokenId(token)]);
  const now = new Date();
  if (!session || new Date(session.expiresAt) < now || session.disabled !== 0 || !isRole(session.role)) return null;
  const idle = now.getTime() - new Date(session.lastSeenAt).getTime();
  if (idle > env.REVIEWER_IDLE_MINUTES * 60_000) {
    await db.userSession.deleteMany({ where: { id: session.id } });
    return null;
  }
  // Written at most once a minute, so reading pages does not turn into a write per request; after the
  // page, which need not wait for it (a session signed out meanwhile is not written; a write that
  // fails costs at most a minute of the idle allowance).
  if (idle > 60_000)
    afterThePage("reviewer session not marked as used", () => db.userSession.updateMany({ where: { id: session.id }, data: { lastSeenAt: now } }));
  const { userId: id, email, role, institutionId } = session;
  return { id, email, role, institutionId };
}

/** The signed-in reviewer allowed on this page; others are sent to log in, or told it does not exist. */
export async function requirePage(request: Request, page: Page): Promise<Reviewer> {
  const user = await getReviewer(request);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`);
  }
  if (!canSeePage(user.role, page)) throw new Response("Not found", { status: 404 });
  return user;
}

export async function endUserSession(request: Request): Promise<string> {
  const token: unknown = await authCookie.parse(request.headers.get("Cookie"));
  if (typeof token === "string") await db.userSession.deleteMany({ where: { id: tokenId(token) } });
  return authCookie.serialize("", { maxAge: 0 });
}
