import { json } from "@remix-run/node";
import type { RequestRefusal } from "~/domain/refusal";
import { catalogues } from "~/i18n/catalogue";
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
