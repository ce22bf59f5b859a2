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
// Texts with numbers in them ("3 天") are remembered too, up to this many a language, then forgotten together.
const MAX_REMEMBERED = 10_000;

/**
 * A text without values (a label, a heading: most of a page's hundreds of calls) is looked up once
 * per language: i18next resolves languages and namespaces again on every call. So is a text whose
 * only values are numbers (a count of days in each of a queue's rows, with its plural): remembered
 * by its key and numbers. Calls with other values (text, which may be personal) or defaults go to
 * i18next each time.
 */
function rememberingPlainTexts(t: (...args: unknown[]) => unknown, locale: Locale): TFunction {
  const texts = new Map<string, string>();
  // react-i18next passes the namespace as a list or a name, and the languages as null (the instance's own).
  const isDefault = (value: unknown): boolean =>
    Array.isArray(value) ? value.length === 1 && isDefault(value[0]) : [undefined, null, "translation", locale].includes(value as string);
  /** What tells this call's text apart from the key's other texts ("" for none), or null if it is not to be remembered. */
  const variant = (options: unknown): string | null => {
    if (options === undefined) return "";
    if (typeof options !== "object" || options === null) return null;
    let numbers = "";
    for (const name in options) {
      const value = (options as Record<string, unknown>)[name];
      if (FIXED_OPTIONS.has(name)) {
        if (name === "lng" || name === "ns" ? !isDefault(value) : value !== undefined && value !== null) return null;
      } else if (typeof value === "number") numbers += `\u0000${name}=${value}`;
      else return null;
    }
    return numbers;
  };
  const remembering = (key: unknown, options?: unknown, ...rest: unknown[]) => {
    const numbers = typeof key === "string" && !rest.length ? variant(options) : null;
    if (numbers === null) return t(key, options, ...rest);
    const id = numbers ? `${key as string}${numbers}` : (key as string);
    let text = texts.get(id);
    if (text === undefined) {
      const found = t(key, options);
      if (typeof found !== "string") return found;
      if (texts.size >= MAX_REMEMBERED) texts.clear();
      texts.set(id, (text = found));
    }
    return text;
  };
  return remembering as unknown as TFunction;
}
