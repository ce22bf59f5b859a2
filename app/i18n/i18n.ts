import i18next, { type i18n, type TFunction } from "i18next";
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
    instance.t = rememberingPlainTexts(instance.t.bind(instance) as unknown as (...args: unknown[]) => unknown, locale);
    instances.set(locale, instance);
  }
  return instance;
}

// What react-i18next's t adds to every call; a call with nothing else asks for the key's text alone.
const FIXED_OPTIONS = new Set(["lng", "lngs", "ns", "keyPrefix"]);

/**
 * A text without values (a label, a heading: most of a page's hundreds of calls) is looked up once
 * per language: i18next resolves languages and namespaces again on every call. Calls with values,
 * counts or defaults go to i18next each time.
 */
function rememberingPlainTexts(t: (...args: unknown[]) => unknown, locale: Locale): TFunction {
  const texts = new Map<string, string>();
  const isPlain = (options: unknown) =>
    options === undefined ||
    (typeof options === "object" &&
      options !== null &&
      Object.entries(options).every(
        ([name, value]) => FIXED_OPTIONS.has(name) && (name === "lng" || name === "ns" ? isDefault(value) : value === undefined || value === null),
      ));
  // react-i18next passes the namespace as a list or a name, and the languages as null (the instance's own).
  const isDefault = (value: unknown): boolean =>
    Array.isArray(value) ? value.length === 1 && isDefault(value[0]) : [undefined, null, "translation", locale].includes(value as string);
  const remembering = (key: unknown, options?: unknown, ...rest: unknown[]) => {
    if (typeof key !== "string" || rest.length || !isPlain(options)) return t(key, options, ...rest);
    let text = texts.get(key);
    if (text === undefined) {
      const found = t(key, options);
      if (typeof found !== "string") return found;
      texts.set(key, (text = found));
    }
    return text;
  };
  return remembering as unknown as TFunction;
}
