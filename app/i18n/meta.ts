import type { MetaDescriptor } from "@remix-run/node";
import { DEFAULT_LOCALE, isLocale } from "./catalogue";
import { i18nFor } from "./i18n";

type Match = { id: string; data: unknown };

/** A page title in the page's language; meta functions cannot use hooks, so the locale comes from the root's data. */
export function pageTitle(matches: Match[], key: string, options?: Record<string, string>): MetaDescriptor[] {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: string } | undefined;
  const locale = isLocale(root?.locale) ? root.locale : DEFAULT_LOCALE;
  const t = i18nFor(locale).t;
  return [{ title: `${t(key, options)} · ${t("app.name")}` }];
}
