import { useMemo } from "react";
import { useTranslation } from "~/i18n/use-translation";
import { creditorKeys, matchCreditor, type CreditorEntry } from "~/domain/creditor-names";
import { useLocale } from "./root-data";

/**
 * As the consumer types (JavaScript only), which directory entry the name will be filed against,
 * or the entries it is close to, each a button that puts its name in the field. The server asks
 * the same question on submit, so without JavaScript nothing is lost.
 */
export function CreditorHint({ typed, directory, onPick }: { typed: string; directory: CreditorEntry[]; onPick: (name: string) => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const keys = useMemo(() => creditorKeys(directory), [directory]);
  const name = (e: CreditorEntry) => (locale === "en" ? e.nameEn : e.nameZh);
  const match = typed.trim() ? matchCreditor(typed, keys) : null;
  return (
    <div className="creditor-hint" aria-live="polite">
      {match?.kind === "exact" && name(match.entry) !== typed.trim() ? (
        <p className="hint">{t("form.institution.filedAs", { name: name(match.entry) })}</p>
      ) : null}
      {match?.kind === "close" ? (
        <p className="hint">
          {t("form.institution.maybe")}{" "}
          {match.candidates.map((c) => (
            <button key={c.id} type="button" className="button small" onClick={() => onPick(name(c))}>
              {name(c)}
            </button>
          ))}
        </p>
      ) : null}
    </div>
  );
}
