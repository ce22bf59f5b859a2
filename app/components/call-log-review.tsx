import type { ReactNode } from "react";
import { useTranslation } from "~/i18n/use-translation";
import { RULE_PACK_IDS, rulePack, type RulePackId } from "~/domain/call-log/rules";
import { useBilingual } from "./root-data";

/**
 * The reviewer's view of the calls: which rules they are read against (the pack the
 * creditor's kind calls for by default, any other for comparison) and whether to list every call or only those
 * that count towards a finding. A GET form, so the choice is in the address and works
 * without JavaScript.
 */
export function CallLogReview({
  pack,
  flaggedOnly,
  counts,
  children,
}: {
  pack: RulePackId;
  flaggedOnly: boolean;
  counts: { all: number; flagged: number };
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const inLanguage = useBilingual();
  return (
    <section className="call-review" id="calls">
      <h2>{t("callLog.review.title")}</h2>
      <form method="get" action="#calls" className="filters">
        <label>
          {t("callLog.review.pack")}
          <select name="pack" defaultValue={pack}>
            {RULE_PACK_IDS.map((id) => (
              <option key={id} value={id}>
                {inLanguage(rulePack(id).name)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("callLog.review.show")}
          <select name="calls" defaultValue={flaggedOnly ? "flagged" : "all"}>
            <option value="all">{t("callLog.review.all", { count: counts.all })}</option>
            <option value="flagged">{t("callLog.review.flagged", { count: counts.flagged })}</option>
          </select>
        </label>
        <button type="submit" className="button">
          {t("callLog.review.apply")}
        </button>
      </form>
      {children}
    </section>
  );
}
