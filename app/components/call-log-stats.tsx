import { useTranslation } from "~/i18n/use-translation";
import { ruleById } from "~/domain/call-log/rules";
import { bandLabels, formatShare, NUMBERS_BANDS, OUTSIDE_HOURS_BANDS, rate } from "~/domain/stats/shape";
import type { Dashboard } from "~/server/stats.server";
import { HorizontalBars } from "./charts";
import { useBilingual, useLocale } from "./root-data";
import { Figure, NumbersTable } from "./stats-parts";

/** The dashboard's call-log section: what the filed logs show, counted across complaints. */
export function CallLogStats({ stats }: { stats: Dashboard["callLogs"] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const inLanguage = useBilingual();
  const ruleLabel = (id: string) => {
    const rule = ruleById(id);
    return rule ? inLanguage(rule.label) : id;
  };
  const ruleSource = (id: string) => {
    const rule = ruleById(id);
    return rule ? inLanguage(rule.source) : "";
  };
  const rules = stats.byRule.map((r) => ({ label: ruleLabel(r.ruleId), value: r.count }));
  const outside = bandLabels(OUTSIDE_HOURS_BANDS).map((label, i) => ({ label, value: stats.byOutsideHours[i] }));
  const numbers = bandLabels(NUMBERS_BANDS).map((label, i) => ({ label, value: stats.byNumbers[i] }));
  return (
    <section className="call-log-stats">
      <h2>{t("stats.callLogs.title")}</h2>
      {stats.complaints === 0 ? (
        <p className="muted">{t("stats.callLogs.none")}</p>
      ) : (
        <>
          <div className="figures">
            <Figure label={t("stats.callLogs.complaints")} value={stats.complaints} id="stat-call-logs" />
            <Figure label={t("stats.callLogs.calls")} value={stats.calls} />
            <Figure label={t("stats.callLogs.outsideShare")} value={formatShare(rate(stats.outside, stats.calls), locale)} />
            <Figure label={t("stats.callLogs.withStrong")} value={formatShare(rate(stats.withStrong, stats.complaints), locale)} />
          </div>
          <h3>{t("stats.callLogs.byRule")}</h3>
          <HorizontalBars title={t("stats.callLogs.byRule")} data={rules} />
          <NumbersTable
            id="table-call-rules"
            headers={[t("stats.callLogs.rule"), t("stats.callLogs.source"), t("stats.complaints")]}
            rows={stats.byRule.map((r) => [ruleLabel(r.ruleId), ruleSource(r.ruleId), r.count])}
          />
          <div className="stats-grid">
            <section>
              <h3>{t("stats.callLogs.byOutsideHours")}</h3>
              <HorizontalBars title={t("stats.callLogs.byOutsideHours")} data={outside} />
              <NumbersTable
                id="table-call-outside"
                headers={[t("stats.callLogs.outsideCalls"), t("stats.complaints")]}
                rows={outside.map((b) => [b.label, b.value])}
              />
            </section>
            <section>
              <h3>{t("stats.callLogs.byNumbers")}</h3>
              <HorizontalBars title={t("stats.callLogs.byNumbers")} data={numbers} />
              <NumbersTable
                id="table-call-numbers"
                headers={[t("stats.callLogs.numbers"), t("stats.complaints")]}
                rows={numbers.map((b) => [b.label, b.value])}
              />
            </section>
          </div>
        </>
      )}
    </section>
  );
}
