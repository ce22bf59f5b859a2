import { json } from "@remix-run/node";
import type { RequestRefusal } from "~/domain/refusal";
import { catalogues } from "~/i18n/catalogue";
import { i18nFor } from "~/i18n/i18n";
import { limits } from "./env.server";
import { resolveLocale } from "./locale.server";

/**
 * The answer to a request we will not process (too large, not a form, malformed,
 * a bad CSRF token): a 4xx whose page says why in the visitor's language. Thrown
 * from actions; the root ErrorBoundary renders it.
 */
export async function refusal(request: Request, status: number, message: string): Promise<Response> {
  const { locale } = await resolveLocale(request);
  const data: RequestRefusal = { message, locale, values: { maxMb: limits.maxFileMb, maxFiles: limits.maxFiles } };
  return json(data, { status });
}

/**
 * For server.js, when a request cannot be read at all (headers too large, broken HTTP):
 * there is no language to go by, so both, Chinese first.
 */
export function unreadableRequestText(key: "headersTooLarge" | "badRequest"): string {
  return `${catalogues["zh-CN"].error.http[key]}\n${catalogues.en.error.http[key]}\n`;
}

/**
 * Remix aborts an action whose Origin header is not this host with a 500; the same
 * check runs first in server.js and answers 403 with this page instead. An Origin of
 * "null" (a privacy setting, a sandboxed frame) is refused the same way, as Remix does.
 */
export function crossOrigin(headers: Headers): boolean {
  const origin = headers.get("origin");
  if (origin === null) return false;
  const host = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host");
  if (origin === "null" || !URL.canParse(origin)) return true;
  return new URL(origin).host !== host;
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A whole page for a refusal made before Remix sees the request, in the visitor's language. */
export async function refusalDocument(request: Request, message: string, stylesheet: string): Promise<string> {
  const { locale } = await resolveLocale(request);
  const { t } = i18nFor(locale);
  const title = t("page.error.title");
  return `<!DOCTYPE html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(`${title} · ${t("app.name")}`)}</title><link rel="stylesheet" href="${escape(stylesheet)}"></head><body><main id="main"><div class="page narrow"><h1>${escape(title)}</h1><p>${escape(t(message))}</p><p><a href="/">${escape(t("page.back"))}</a></p></div></main></body></html>`;
}
