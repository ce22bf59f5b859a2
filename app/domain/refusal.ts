import { isLocale, type Locale } from "../i18n/catalogue";

/**
 * What a refused request carries to the error page: a catalogue key, the page's
 * language (the root loader does not run after a refused action, so the page
 * cannot ask it), and the numbers the message names.
 */
export type RequestRefusal = { message: string; locale: Locale; values?: Record<string, string | number> };

export function isRequestRefusal(data: unknown): data is RequestRefusal {
  if (typeof data !== "object" || data === null) return false;
  const { message, locale } = data as Record<string, unknown>;
  return typeof message === "string" && message.startsWith("error.") && isLocale(locale);
}
