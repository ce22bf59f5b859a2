import { chooseLocale } from "~/domain/locale";
import { isLocale } from "~/i18n/catalogue";
import { langCookie } from "./session.server";

/** The page's language, and the cookie to set when the visitor just chose one. */
export async function resolveLocale(request: Request) {
  const query = new URL(request.url).searchParams.get("lang");
  const parsed: unknown = await langCookie.parse(request.headers.get("Cookie"));
  const cookie = typeof parsed === "string" ? parsed : null;
  const locale = chooseLocale({ query, cookie, acceptLanguage: request.headers.get("Accept-Language") });
  const setCookie = isLocale(query) && query !== cookie ? await langCookie.serialize(query) : null;
  return { locale, setCookie };
}
