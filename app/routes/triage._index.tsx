import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { QueueFilters } from "~/components/queue-filters";
import { useLocale } from "~/components/root-data";
import { formatDateTime } from "~/domain/format";
import { daysBetween, isPastDue } from "~/domain/deadlines";
import { parseQueueFilter } from "~/domain/queue-filter";
import { pageTitle } from "~/i18n/meta";
import { requirePage } from "~/server/auth.server";
import { listInstitutions } from "~/server/institutions.server";
import { listQueue } from "~/server/triage.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "triage.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePage(request, "triage");
  // A filter that is not understood is left out, and the page says so (400), rather than failing.
  const { filter, rejected } = parseQueueFilter(new URL(request.url).searchParams);
  const now = new Date();
  const [queue, institutions] = await Promise.all([listQueue(user, filter, now), user.role === "regulator" ? listInstitutions() : Promise.resolve([])]);
  return json(
    { ...queue, filter, rejected, institutions, now: now.toISOString() },
    { status: rejected.length ? 400 : 200, headers: { "Cache-Control": "no-store" } },
  );
}

export default function Queue() {
  const { complaints, showSuggestions, next, filter, rejected, institutions, now } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const locale = useLocale();
  const location = useLocation();
  const nextParams = new URLSearchParams(location.search);
  if (next) nextParams.set("after", next);
  return (
    <div className="page wide">
      <h1>{t("triage.title")}</h1>
      {rejected.length ? (
        <div className="error-summary" role="alert">
          <p>{t("error.http.badQuery")}</p>
        </div>
      ) : null}
      <QueueFilters filter={filter} institutions={institutions} />
      {complaints.length === 0 ? (
        <p className="muted">{t("triage.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table className="queue">
            <thead>
              <tr>
                <th scope="col">{t("triage.code")}</th>
                <th scope="col">{t("track.view.status")}</th>
                <th scope="col">{t("field.institution")}</th>
                <th scope="col">{t("field.categories")}</th>
                <th scope="col">{t("triage.age")}</th>
                <th scope="col">{t("triage.due")}</th>
                {showSuggestions ? <th scope="col">{t("triage.suggested")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {complaints.map((c) => {
                const overdue = isPastDue(new Date(c.dueAt), new Date(now));
                return (
                  <tr key={c.code}>
                    <td>
                      <a href={`/triage/${c.code}`}>{c.code}</a>
                      {c.awaitingInfo ? <span className="tag">{t("triage.awaitingInfo")}</span> : null}
                    </td>
                    <td>{t(`status.${c.status}.label`)}</td>
                    <td>{c.institution ? (locale === "en" ? c.institution.nameEn : c.institution.nameZh) : c.institutionName}</td>
                    <td>{c.categories.map((x) => t(`category.${x.category}.label`)).join("；")}</td>
                    <td>{t("triage.days", { count: daysBetween(new Date(c.createdAt), new Date(now)) })}</td>
                    <td className={overdue ? "overdue" : undefined}>
                      {formatDateTime(c.dueAt, locale)}
                      {overdue ? <strong> {t("triage.overdue")}</strong> : null}
                    </td>
                    {c.suggestion ? <td>{t(`route.${c.suggestion.route}`)}</td> : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {next ? (
        <p>
          <a href={`/triage?${nextParams}`} rel="next">
            {t("triage.next")}
          </a>
        </p>
      ) : null}
    </div>
  );
}
