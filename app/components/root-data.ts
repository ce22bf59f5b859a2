import { useRouteLoaderData } from "@remix-run/react";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/catalogue";
import type { loader } from "~/root";

/** What the root loader gives every page: language, CSRF token, upload limits. */
export const useRootData = () => useRouteLoaderData<typeof loader>("root");

export function useLocale(): Locale {
  return useRootData()?.locale ?? DEFAULT_LOCALE;
}

/** The half of a bilingual text (rule sources, pack names) for the page's language. */
export function useBilingual(): (text: { zh: string; en: string }) => string {
  const locale = useLocale();
  return (text) => (locale === "en" ? text.en : text.zh);
}
