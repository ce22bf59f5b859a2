import i18next, { type i18n } from "i18next";
import { catalogues, type Locale } from "./catalogue";

/** One i18next instance per render, initialised synchronously from the bundled catalogues. */
export function createI18n(locale: Locale): i18n {
  const instance = i18next.createInstance();
  void instance.init({
    lng: locale,
    fallbackLng: false,
    resources: { "zh-CN": { translation: catalogues["zh-CN"] }, en: { translation: catalogues.en } },
    interpolation: { escapeValue: false }, // React escapes
    initImmediate: false,
    returnNull: false,
  });
  return instance;
}
