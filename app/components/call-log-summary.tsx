import { useTranslation } from "~/i18n/use-translation";
import { fillWording, isHeuristic, rulePack, rulesOf } from "~/domain/call-log/rules";
import type { CallLogAnalysis } from "~/server/call-log.server";
import { useBilingual } from "./root-data";
import { displayPhone } from "~/domain/phone";

/**
 * What the call log shows, in plain words and numbers: each breach with the rule it rests on
 * and how binding that rule is, then the patterns our heuristics see (a burst), apart and
 * never as breaches.
 */
export function CallLogSummary({ analysis, alleged }: { analysis: CallLogAnalysis; alleged?: string[] }) {
  const { t } = useTranslation();
  const inLanguage = useBilingual();
  const rules = rulesOf(rulePack(analysis.pack));
  const pack = rulePack(analysis.pack);
  const rulesById = new Map(rules.map((rule) => [rule.id, rule]));
  // Analyses stored before heuristics were told apart marked a burst as breached: the rule says what it is.
  const breached = analysis.results.filter((r) => r.breached && !isHeuristic(rulesById.get(r.ruleId) ?? { binding: "heuristic" }));
  const patterns = analysis.results.filter((r) => (r.pattern || r.breached) && isHeuristic(rulesById.get(r.ruleId) ?? { binding: "regulation" }));
  const unticked = alleged ? analysis.suggestedCategories.filter((c) => !alleged.includes(c)) : [];
  return (
    <section className="call-log" id="call-log">
      <h2>{t("callLog.title")}</h2>
      <p className="lead">
        {t("callLog.headline", {
          outside: analysis.outsideHours.count,
          total: analysis.totalCalls,
          from: analysis.outsideHours.allowedFrom.slice(0, 5),
          until: analysis.outsideHours.allowedUntil.slice(0, 5),
          numbers: analysis.distinctNumbers,
        })}
      </p>
      <ul>
        {analysis.busiestDay ? <li>{t("callLog.busiestDay", { date: analysis.busiestDay.date, count: analysis.busiestDay.count })}</li> : null}
        <li>{t("callLog.sevenDays", { count: analysis.sevenDays.maxCalls })}</li>
        {analysis.collectorMatches.length ? (
          <li>{t("callLog.collectorMatches", { numbers: analysis.collectorMatches.map((m) => `${displayPhone(m.number).text} (${m.calls})`).join("、") })}</li>
        ) : null}
        {breached.map((finding) => {
          const rule = rulesById.get(finding.ruleId);
          if (!rule) return null;
          return (
            <li key={finding.ruleId} className={finding.strong ? "finding strong" : "finding"} data-binding={rule.binding}>
              {fillWording(inLanguage(rule.wording), { count: finding.count, ...finding.params })}
              <span className="muted">
                {" "}
                — {inLanguage(rule.source)} · <span className="binding">{t(`callLog.binding.${rule.binding}`)}</span>
              </span>
            </li>
          );
        })}
        {patterns.map((finding) => {
          const rule = rulesById.get(finding.ruleId);
          if (!rule) return null;
          return (
            <li key={finding.ruleId} className="finding pattern" data-binding={rule.binding}>
              {t("callLog.pattern")} {fillWording(inLanguage(rule.wording), { count: finding.count, ...finding.params })}
              <span className="muted"> — {t(`callLog.binding.${rule.binding}`)}</span>
            </li>
          );
        })}
      </ul>
      <p className="muted pack-binding">{t("callLog.packOf", { pack: inLanguage(pack.name), binding: t(`callLog.binding.${pack.binding}`) })}</p>
      {pack.narrative.length ? (
        <details className="untestable">
          <summary>{t("callLog.untestable")}</summary>
          <ul>
            {pack.narrative.map((rule) => (
              <li key={rule.id} data-binding={rule.binding}>
                {inLanguage(rule.wording)}
                <span className="muted">
                  {" "}
                  — {inLanguage(rule.source)} · {t(`callLog.binding.${rule.binding}`)}
                </span>
                {rule.whatALogShows ? <p className="muted">{inLanguage(rule.whatALogShows)}</p> : null}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {analysis.problems.length ? (
        <details className="problems">
          <summary>
            {t("callLog.problems", {
              count: analysis.problems.length,
              lines: analysis.problems
                .slice(0, 10)
                .map((p) => p.line)
                .join(", "),
            })}
          </summary>
          <ul>
            {analysis.problems.map((problem) => {
              const reason = t(`callLog.problemReason.${problem.reason}` as "callLog.problemReason.csv");
              return (
                <li key={`${problem.file}:${problem.line}`}>
                  {(analysis.files ?? 1) > 1
                    ? t("callLog.problemAtFile", { file: problem.file, line: problem.line, reason })
                    : t("callLog.problemAt", { line: problem.line, reason })}
                </li>
              );
            })}
          </ul>
        </details>
      ) : null}
      {unticked.length ? (
        <p className="suggested-categories">
          {t("callLog.suggests", { categories: unticked.map((c) => t(`category.${c}.label`)).join(inLanguage({ zh: "；", en: "; " })) })}
        </p>
      ) : null}
    </section>
  );
}
