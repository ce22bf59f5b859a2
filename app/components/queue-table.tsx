import { useTranslation } from "~/i18n/use-translation";
import { daysBetween, isPastDue } from "~/domain/deadlines";
import { formatLastDay } from "~/domain/format";
import { useLocale } from "./root-data";

type Row = {
  id: number;
  code: string;
  status: string;
  version: number;
  institutionName: string;
  institution: { nameZh: string; nameEn: string } | null;
  categories: { category: string }[];
  awaitingInfo: boolean;
  createdAt: string;
  dueAt: string;
  assignee: string | null;
  suggestion: { route: string } | null;
};

/**
 * One page of the queue. With `selectable`, each row has a checkbox for the bulk form around it,
 * its value the code and the version the reviewer saw, so a complaint changed since is refused.
 */
export function QueueTable({
  complaints,
  now,
  showSuggestions,
  selectable,
}: {
  complaints: Row[];
  now: string;
  showSuggestions: boolean;
  selectable: boolean;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <div className="table-wrap">
      <table className="queue">
        <thead>
          <tr>
            {selectable ? (
              <th scope="col">
                <span className="visually-hidden">{t("bulk.select")}</span>
              </th>
            ) : null}
            <th scope="col">{t("triage.code")}</th>
            <th scope="col">{t("track.view.status")}</th>
            <th scope="col">{t("field.institution")}</th>
            <th scope="col">{t("field.categories")}</th>
            <th scope="col">{t("triage.age")}</th>
            <th scope="col">{t("triage.due")}</th>
            <th scope="col">{t("assign.holder")}</th>
            {showSuggestions ? <th scope="col">{t("triage.suggested")}</th> : null}
          </tr>
        </thead>
        <tbody>
          {complaints.map((c) => {
            const overdue = isPastDue(new Date(c.dueAt), new Date(now));
            return (
              <tr key={c.code}>
                {selectable ? (
                  <td>
                    <input type="checkbox" name="complaint" value={`${c.code}:${c.version}`} aria-label={t("bulk.selectOne", { code: c.code })} />
                  </td>
                ) : null}
                <td className="queue-code">
                  <a href={`/triage/${c.code}`}>{c.code}</a>
                  {c.awaitingInfo ? <span className="tag">{t("triage.awaitingInfo")}</span> : null}
                </td>
                <td>{t(`status.${c.status}.label`)}</td>
                <td>{c.institution ? (locale === "en" ? c.institution.nameEn : c.institution.nameZh) : c.institutionName}</td>
                <td>{c.categories.map((x) => t(`category.${x.category}.label`)).join("；")}</td>
                <td>{t("triage.days", { count: daysBetween(new Date(c.createdAt), new Date(now)) })}</td>
                <td className={overdue ? "overdue" : undefined}>
                  {formatLastDay(c.dueAt, locale)}
                  {overdue ? <strong> {t("triage.overdue")}</strong> : null}
                </td>
                <td className="assignee">{c.assignee ?? "—"}</td>
                {c.suggestion ? <td>{t(`route.${c.suggestion.route}`)}</td> : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
