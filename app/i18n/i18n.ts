import i18next, { type i18n } from "i18next";
import { catalogues, type Locale } from "./catalogue";

const instances = new Map<Locale, i18n>();

/**
 * The i18next instance for a language, made once and shared by every render in it. Each instance
 * is fixed to its language (nothing calls changeLanguage), so concurrent requests in different
 * languages never see each other's; building one per render cost a fifth of a page's time.
 */
export function i18nFor(locale: Locale): i18n {
  let instance = instances.get(locale);
  if (!instance) {
    instance = i18next.createInstance();
    void instance.init({
      lng: locale,
      fallbackLng: false,
      resources: { [locale]: { translation: catalogues[locale] } },
      interpolation: { escapeValue: false }, // React escapes
      initImmediate: false,
      returnNull: false,
    });
    instances.set(locale, instance);
  }
  return instance;
}
