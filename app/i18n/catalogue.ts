import { en } from "./en";
import { zhCN } from "./zh-CN";

type DeepString<T> = { [K in keyof T]: T[K] extends string ? string : DeepString<T[K]> };
/** English must have every key Chinese has: the compiler checks it. */
export type Catalogue = DeepString<typeof zhCN>;

export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "zh-CN";

export const catalogues: Record<Locale, Catalogue> = { "zh-CN": zhCN, en };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}
