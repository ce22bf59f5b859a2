import { isRouteErrorResponse, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { isRequestRefusal } from "~/domain/refusal";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/catalogue";
import type { loader } from "~/root";

/** What the root loader gives every page: language, CSRF token, upload limits. */
export const useRootData = () => useRouteLoaderData<typeof loader>("root");

/** The page's language; on a refused action's error page (no root data), the language the refusal was made in. */
export function useLocale(): Locale {
  const error = useRouteError();
  const refused = isRouteErrorResponse(error) && isRequestRefusal(error.data) ? error.data.locale : undefined;
  return useRootData()?.locale ?? refused ?? DEFAULT_LOCALE;
}

/** The half of a bilingual text (rule sources, pack names) for the page's language. */
export function useBilingual(): (text: { zh: string; en: string }) => string {
  const locale = useLocale();
  return (text) => (locale === "en" ? text.en : text.zh);
}
