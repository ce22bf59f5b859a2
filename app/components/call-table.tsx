import { useTranslation } from "~/i18n/use-translation";
import { callShownAs } from "~/domain/call-log/call";
import type { CallRow } from "~/domain/call-log/call-table";
import { rulePack, rulesOf, type RulePackId } from "~/domain/call-log/rules";
import { useBilingual } from "./root-data";

/** 95 → "1:35", 3725 → "1:02:05": how phones show a call's length, in either language. */
function clockDuration(seconds: number): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  const h = Math.floor(seconds / 3600);
  const m = Math.floor(seconds / 60) % 60;
  return h ? `${h}:${pad(m)}:${pad(seconds % 60)}` : `${m}:${pad(seconds % 60)}`;
}

/**
 * Every call of the log, at local time, with the rules it counts towards: the reviewer
 * can check each number of the findings against the calls behind it.
 */
export function CallTable({
  calls,
  total,
  pack,
  flaggedOnly,
  manyFiles,
}: {
  calls: CallRow[];
  total: number;
  pack: RulePackId;
  flaggedOnly: boolean;
  manyFiles: boolean;
}) {
  const { t } = useTranslation();
  const inLanguage = useBilingual();
  const labels = new Map(rulesOf(rulePack(pack)).map((rule) => [rule.id, inLanguage(rule.label)]));
  return (
    <>
      {calls.length < total ? <p className="muted">{t("callLog.table.shown", { shown: calls.length, total })}</p> : null}
      {/* Focusable, so keyboard users can scroll the table too. */}
      <div className="table-scroll" tabIndex={0} role="region" aria-label={t(flaggedOnly ? "callLog.table.flagged" : "callLog.table.all")}>
        <table className="calls">
          <caption className="visually-hidden">{t(flaggedOnly ? "callLog.table.flagged" : "callLog.table.all")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("callLog.table.at")}</th>
              <th scope="col">{t("callLog.table.number")}</th>
              <th scope="col">{t("callLog.table.direction")}</th>
              <th scope="col">{t("callLog.table.duration")}</th>
              <th scope="col">{t("callLog.table.rules")}</th>
              <th scope="col">{t("callLog.table.source")}</th>
            </tr>
          </thead>
          <tbody>
            {calls.map((call) => (
              <tr key={call.line} className={call.ruleIds.length ? "flagged" : undefined}>
                <td>
                  {call.at} <span className="muted">{t(`callLog.weekday.${call.weekday}` as "callLog.weekday.0")}</span>
                </td>
                <td>
                  {call.hidden ? (
                    <>
                      {t("callLog.table.hidden")} <span className="muted">{call.number}</span>
                    </>
                  ) : (
                    call.number
                  )}
                  {call.namedCollector ? <span className="tag">{t("callLog.table.named")}</span> : null}
                </td>
                <td>{t(`callLog.direction.${callShownAs(call)}`)}</td>
                <td className="n">{call.durationSeconds === null ? "—" : clockDuration(call.durationSeconds)}</td>
                <td>{call.ruleIds.map((id) => labels.get(id) ?? id).join(inLanguage({ zh: "、", en: ", " }))}</td>
                <td className="muted">
                  {manyFiles ? t("callLog.table.fileLine", { file: call.file, line: call.fileLine }) : t("callLog.table.line", { line: call.fileLine })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
