import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { CallLogSummary } from "~/components/call-log-summary";
import { CallLogReview } from "~/components/call-log-review";
import { CallTable } from "~/components/call-table";
import { ComplaintSummary } from "~/components/complaint-summary";
import { Assignment } from "~/components/assignment";
import { ActionRefusal } from "~/components/consumer-actions";
import { DayHourChart } from "~/components/day-hour-chart";
import { DoneNotice } from "~/components/done-notice";
import { EvidenceTable } from "~/components/evidence-table";
import { EvidenceViewer } from "~/components/evidence-viewer";
import { ReviewerActions } from "~/components/reviewer-actions";
import { useLocale } from "~/components/root-data";
import { Timeline } from "~/components/timeline";
import { creditorDays, DEFAULT_DEADLINES } from "~/domain/deadlines";
import { formatLastDay } from "~/domain/format";
import { formText } from "~/domain/action-outcome";
import { displayPhone } from "~/domain/phone";
import { PhoneNumber } from "~/components/phone-number";
import { DEFAULT_RULE_PACK, isRulePackId } from "~/domain/call-log/rules";
import { PERMISSIONS } from "~/domain/permissions";
import { pageTitle } from "~/i18n/meta";
import { requirePage } from "~/server/auth.server";
import { colleaguesOf } from "~/server/assignment.server";
import { requireCsrf } from "~/server/csrf.server";
import { redirectWithDone, takeDone } from "~/server/flash.server";
import { readForm } from "~/server/form-body.server";
import { runReviewerAction } from "~/server/reviewer-actions.server";
import { listInstitutions } from "~/server/institutions.server";
import { photoViews } from "~/server/evidence.server";
import { getForReviewer } from "~/server/triage.server";

export const meta: MetaFunction = ({ matches, params }) => pageTitle(matches, "track.view.title", { code: params.code ?? "" });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePage(request, "complaint");
  const url = new URL(request.url);
  const asked = url.searchParams.get("pack") ?? "";
  const pack = isRulePackId(asked) ? asked : null;
  const flaggedOnly = url.searchParams.get("calls") === "flagged";
  const view = await getForReviewer(user, params.code ?? "", pack, flaggedOnly);
  if (!view) throw new Response("Not found", { status: 404 });
  const { done, headers } = await takeDone(request);
  return json(
    {
      ...view,
      // The pack of what is shown: without a stored listing for the pack asked, the stored findings'.
      pack: view.callLog?.pack ?? pack ?? DEFAULT_RULE_PACK,
      flaggedOnly,
      photos: await photoViews(view.complaint.evidence, user.role === "regulator"),
      intents: PERMISSIONS[user.role].intents,
      me: user.id,
      colleagues: await colleaguesOf(user),
      // The directory, for a regulator correcting the creditor.
      institutions: PERMISSIONS[user.role].intents.includes("correct_creditor") ? await listInstitutions() : [],
      now: new Date().toISOString(),
      done,
    },
    { headers: { "Cache-Control": "no-store", ...headers } },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePage(request, "complaint");
  const formData = await readForm(request);
  await requireCsrf(request, formData);
  const outcome = await runReviewerAction(user, params.code ?? "", formData);
  if (outcome.ok) return redirectWithDone(`/triage/${params.code}`, `done.${formText(formData, "intent")}`);
  return json(outcome, { status: outcome.status });
}

export default function ReviewComplaint() {
  const {
    complaint,
    suggestion,
    related,
    intents,
    institutions,
    callLog,
    calls,
    callCounts,
    pack,
    flaggedOnly,
    done,
    assignee,
    actorEmails,
    colleagues,
    me,
    photos,
  } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <div className="page wide">
      <p>
        <a href="/triage">← {t("triage.title")}</a>
      </p>
      <h1>{t("track.view.title", { code: complaint.code })}</h1>
      <ActionRefusal />
      <DoneNotice done={done} />
      <div className={`status-panel status-${complaint.status}`}>
        <strong className="status">{t(`status.${complaint.status}.label`)}</strong>
        <p>
          {t("triage.due")}: {formatLastDay(complaint.dueAt, locale)}
          {complaint.extensionLevel > 0 ? ` · ${t("triage.extended", { days: creditorDays(complaint.extensionLevel, DEFAULT_DEADLINES) })}` : ""}
          {complaint.awaitingInfo ? ` · ${t("triage.awaitingInfo")}${complaint.infoDueAt ? ` (${formatLastDay(complaint.infoDueAt, locale)})` : ""}` : ""}
        </p>
        {complaint.outcome ? <p>{t(`outcome.${complaint.outcome}`)}</p> : null}
      </div>
      <Assignment complaint={complaint} assignee={assignee} colleagues={colleagues} me={me} canAssign={intents.includes("assign")} />
      {suggestion ? (
        <section className="suggestion">
          <h2>
            {t("triage.suggested")}: {t(`route.${suggestion.route}`)}
          </h2>
          <ul>
            {suggestion.reasons.map((r) => (
              <li key={r}>{t(`routeReason.${r}`)}</li>
            ))}
          </ul>
        </section>
      ) : null}
      {/* A new key per action: the forms start empty again, with or without JavaScript. */}
      <ReviewerActions
        key={done?.id ?? "page"}
        complaint={complaint}
        intents={intents}
        suggestedRoute={suggestion?.route ?? null}
        institutions={institutions}
      />
      <h2>{t("triage.summary")}</h2>
      <ComplaintSummary complaint={complaint} locale={locale} highlight />
      <dl className="summary contact">
        <div>
          <dt>{t("triage.consumerName")}</dt>
          <dd>{complaint.consumerName ?? "—"}</dd>
        </div>
        <div>
          <dt>{t("triage.consumerPhone")}</dt>
          <dd>{complaint.consumerPhone ? <PhoneNumber phone={{ number: complaint.consumerPhone }} /> : "—"}</dd>
        </div>
        <div>
          <dt>{t("triage.consumerEmail")}</dt>
          <dd>{complaint.consumerEmail ?? "—"}</dd>
        </div>
      </dl>
      {callLog ? (
        <>
          <CallLogSummary analysis={callLog} alleged={complaint.categories.map((c) => c.category)} />
          <CallLogReview pack={pack} flaggedOnly={flaggedOnly} counts={callCounts}>
            <DayHourChart matrix={callLog.dayHourMatrix} pack={pack} />
            <CallTable calls={calls} total={callCounts.listed} pack={pack} flaggedOnly={flaggedOnly} manyFiles={(callLog.files ?? 1) > 1} />
          </CallLogReview>
        </>
      ) : null}
      <h2>{t("evidence.title")}</h2>
      <EvidenceViewer evidence={complaint.evidence} photos={photos} hrefFor={(e) => `/triage/${complaint.code}/evidence/${e.id}`} />
      <EvidenceTable evidence={complaint.evidence} photos={photos} hrefFor={(e) => `/triage/${complaint.code}/evidence/${e.id}`} />
      <h2>{t("track.view.timeline")}</h2>
      <Timeline events={complaint.events} locale={locale} showInternal actorEmails={actorEmails} />
      <h2>{t("triage.related")}</h2>
      {related.length === 0 ? (
        <p className="muted">{t("triage.noRelated")}</p>
      ) : (
        <ul>
          {related.map((r) => (
            <li key={r.code}>
              <a href={`/triage/${r.code}`}>{r.code}</a> · {t(`status.${r.status}.label`)} ·{" "}
              {r.sharedNumbers.length ? t("triage.sharedNumbers", { numbers: r.sharedNumbers.map((n) => displayPhone(n, null, locale).text).join("、") }) : ""}
              {r.sameAgency ? ` ${t("triage.sameAgency")}` : ""}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
