import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "~/i18n/use-translation";
import { BulkActions, BulkResult } from "~/components/bulk-actions";
import { CsrfInput } from "~/components/form";
import { QueueFilters } from "~/components/queue-filters";
import { QueueTable } from "~/components/queue-table";
import { useLocale } from "~/components/root-data";
import { PERMISSIONS } from "~/domain/permissions";
import { parseQueueFilter } from "~/domain/queue-filter";
import { pageTitle } from "~/i18n/meta";
import { colleaguesOf } from "~/server/assignment.server";
import { requirePage } from "~/server/auth.server";
import { BULK_INTENTS, runBulkAction } from "~/server/bulk-actions.server";
import { requireCsrf } from "~/server/csrf.server";
import { readForm } from "~/server/form-body.server";
import { listInstitutions } from "~/server/institutions.server";
import { listQueue } from "~/server/triage.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "triage.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePage(request, "triage");
  // A filter that is not understood is left out, and the page says so (400), rather than failing.
  const { filter, rejected } = parseQueueFilter(new URL(request.url).searchParams);
  const now = new Date();
  const [queue, institutions] = await Promise.all([listQueue(user, filter, now), user.role === "regulator" ? listInstitutions() : Promise.resolve([])]);
  const bulkIntents = PERMISSIONS[user.role].intents.filter((i) => (BULK_INTENTS as readonly string[]).includes(i));
  return json(
    { ...queue, filter, rejected, institutions, bulkIntents, colleagues: await colleaguesOf(user), now: now.toISOString() },
    { status: rejected.length ? 400 : 200, headers: { "Cache-Control": "no-store" } },
  );
}

/** The bulk form: one action on the ticked complaints, each done or refused on its own. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePage(request, "triage");
  const formData = await readForm(request);
  await requireCsrf(request, formData);
  const outcome = await runBulkAction(user, formData);
  return json(outcome, { status: outcome.ok ? 200 : outcome.status });
}

export default function Queue() {
  const { complaints, showSuggestions, next, previous, total, filter, rejected, institutions, bulkIntents, colleagues, now } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const locale = useLocale();
  const location = useLocation();
  const pageLink = (cursor: string, direction: "after" | "before") => {
    const params = new URLSearchParams(location.search);
    params.delete("after");
    params.delete("before");
    params.set(direction, cursor);
    return `/triage?${params}`;
  };
  // After a bulk action the ticks are cleared, so nothing is sent twice; the result lists what was refused.
  const outcome = useActionData<typeof action>();
  const bulkForm = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (outcome?.ok) bulkForm.current?.reset();
  }, [outcome]);
  const count = total.count.toLocaleString(locale === "en" ? "en-US" : "zh-CN");
  return (
    <div className="page wide">
      <h1>{t("triage.title")}</h1>
      {rejected.length ? (
        <div className="error-summary" role="alert">
          <p>{t("error.http.badQuery")}</p>
        </div>
      ) : null}
      <QueueFilters filter={filter} institutions={institutions} />
      <BulkResult />
      <p className="queue-total" data-total={total.more ? `${total.count}+` : total.count}>
        {t(total.more ? "triage.totalMore" : "triage.total", { count: total.count, shown: count })}
      </p>
      {complaints.length === 0 ? (
        <p className="muted">{t("triage.empty")}</p>
      ) : (
        <Form method="post" className="bulk" ref={bulkForm}>
          <CsrfInput />
          <QueueTable complaints={complaints} now={now} showSuggestions={showSuggestions} selectable={bulkIntents.length > 0} />
          {bulkIntents.length ? <BulkActions intents={bulkIntents} colleagues={colleagues} /> : null}
        </Form>
      )}
      <nav className="pager" aria-label={t("triage.pages")}>
        {previous ? (
          <a href={pageLink(previous, "before")} rel="prev">
            {t("triage.previous")}
          </a>
        ) : null}
        {next ? (
          <a href={pageLink(next, "after")} rel="next">
            {t("triage.next")}
          </a>
        ) : null}
      </nav>
    </div>
  );
}
