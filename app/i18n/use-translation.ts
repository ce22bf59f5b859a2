import { useContext } from "react";
import { I18nContext } from "react-i18next";
import type { TFunction } from "i18next";

/**
 * The page's t, from the instance the layout provides (i18nFor: one per language, its plain texts
 * remembered). react-i18next's own hook wraps it in a fixedT that copies its options on every call
 * and asks whether the namespace has loaded on every render: a tenth of a queue page's time.
 */
export function useTranslation(): { t: TFunction } {
  return { t: useContext(I18nContext).i18n.t };
}
