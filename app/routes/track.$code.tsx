import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CallLogSummary } from "~/components/call-log-summary";
import { AuditFingerprint } from "~/components/audit-fingerprint";
import { ComplaintSummary } from "~/components/complaint-summary";
import { AccessActions, NewKey } from "~/components/access-actions";
import { ActionRefusal, ConsumerActions } from "~/components/consumer-actions";
import { EvidenceTable } from "~/components/evidence-table";
import { useLocale } from "~/components/root-data";
import { Timeline } from "~/components/timeline";
import { formatDateTime } from "~/domain/format";
import { isOpen } from "~/domain/status";
import { pageTitle } from "~/i18n/meta";
import { latestEventHash } from "~/server/audit.server";
import { runConsumerAction } from "~/server/consumer-actions.server";
import { readAnalysis } from "~/server/call-log.server";
import { getConsumerView } from "~/server/complaints.server";
import { canSeeComplaint, forgetComplaint, forgetComplaintEverywhere, takeKeyToShow } from "~/server/session.server";

export const meta: MetaFunction = ({ matches, params }) => pageTitle(matches, "track.view.title", { code: params.code ?? "" });

async function requireAccess(request: Request, code: string) {
  // Without the key in this session, go to the key form; it says nothing about whether the code exists.
  if (!(await canSeeComplaint(request, code))) throw redirect(`/track?code=${encodeURIComponent(code)}`);
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const code = params.code ?? "";
  await requireAccess(request, code);
  const complaint = await getConsumerView(code);
  if (!complaint) throw new Response("Not found", { status: 404 });
  const { keyHash: _keyHash, callLogFindings, ...visible } = complaint;
  // The reviewer's latest question, when they are waiting for the consumer's answer.
  const question = complaint.awaitingInfo ? (complaint.events.findLast((e) => e.type === "info_requested")?.note ?? null) : null;
  // A key the consumer has just set is shown on this page once.
  const newKey = await takeKeyToShow(request, code);
  const fingerprint = await latestEventHash(complaint.id);
  return json({ complaint: visible, question, fingerprint, callLog: readAnalysis(callLogFindings), newKey }, { headers: { "Cache-Control": "no-store" } });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const code = params.code ?? "";
  await requireAccess(request, code);
  const outcome = await runConsumerAction(request, code);
  if (outcome.ok && outcome.leave) {
    const setCookie = outcome.leave === "everywhere" ? await forgetComplaintEverywhere(request, code) : await forgetComplaint(request, code);
    return redirect("/track", { headers: { "Set-Cookie": setCookie } });
  }
  if (outcome.ok) return redirect(`/track/${code}#timeline`);
  return json(outcome, { status: outcome.status });
}

export default function TrackedComplaint() {
  const { complaint, question, fingerprint, callLog, newKey } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <div className="page">
      <h1>{t("track.view.title", { code: complaint.code })}</h1>
      <ActionRefusal />
      {newKey ? <NewKey value={newKey} /> : null}
      <div className={`status-panel status-${complaint.status}`}>
        <span className="label">{t("track.view.status")}</span>
        <strong className="status">{t(`status.${complaint.status}.label`)}</strong>
        <p>{t(`status.${complaint.status}.text`)}</p>
        {complaint.outcome ? (
          <p>
            {t("track.view.outcome")}: <strong>{t(`outcome.${complaint.outcome}`)}</strong>
          </p>
        ) : null}
        <p className="muted">
          {t("track.view.filedAt")}: {formatDateTime(complaint.createdAt, locale)}
        </p>
      </div>
      <h2>{t("track.view.timeline")}</h2>
      <Timeline events={complaint.events} locale={locale} />
      <AuditFingerprint hash={fingerprint} />
      {callLog ? <CallLogSummary analysis={callLog} /> : null}
      <h2>{t("evidence.title")}</h2>
      <EvidenceTable evidence={complaint.evidence} hrefFor={(e) => `/track/${complaint.code}/evidence/${e.id}`} />
      {isOpen(complaint.status) ? <ConsumerActions complaint={{ ...complaint, question }} /> : null}
      <h2>{t("track.view.summary")}</h2>
      <ComplaintSummary complaint={complaint} locale={locale} />
      <AccessActions />
    </div>
  );
}
