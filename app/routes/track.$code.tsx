import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { CallLogSummary } from "~/components/call-log-summary";
import { AuditFingerprint } from "~/components/audit-fingerprint";
import { ComplaintSummary } from "~/components/complaint-summary";
import { AccessActions, NewKey } from "~/components/access-actions";
import { ActionRefusal, ConsumerActions } from "~/components/consumer-actions";
import { DoneNotice } from "~/components/done-notice";
import { EvidenceTable } from "~/components/evidence-table";
import { NextStepBox } from "~/components/next-step-box";
import { useLocale } from "~/components/root-data";
import { Timeline } from "~/components/timeline";
import { nextStep } from "~/domain/next-step";
import { isOpen } from "~/domain/status";
import { pageTitle } from "~/i18n/meta";
import { latestEventHash } from "~/server/audit.server";
import { runConsumerAction } from "~/server/consumer-actions.server";
import { readAnalysis } from "~/server/call-log.server";
import { getConsumerView } from "~/server/complaints.server";
import { redirectWithDone, takeDone } from "~/server/flash.server";
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
  // What the consumer is asked to answer: the reviewer's latest question, or the creditor's response.
  const answering = complaint.awaitingInfo ? "info_requested" : complaint.status === "responded" ? "responded" : null;
  const quote = answering ? (complaint.events.findLast((e) => e.type === answering)?.note ?? null) : null;
  // A key the consumer has just set is shown on this page once.
  const newKey = await takeKeyToShow(request, code);
  const fingerprint = await latestEventHash(complaint.id);
  const { done, headers } = await takeDone(request);
  return json(
    { complaint: visible, quote, fingerprint, callLog: readAnalysis(callLogFindings), newKey, done, now: new Date().toISOString() },
    { headers: { "Cache-Control": "no-store", ...headers } },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const code = params.code ?? "";
  await requireAccess(request, code);
  const outcome = await runConsumerAction(request, code);
  if (outcome.ok && outcome.leave) {
    const setCookie = outcome.leave === "everywhere" ? await forgetComplaintEverywhere(request, code) : await forgetComplaint(request, code);
    return redirect("/track", { headers: { "Set-Cookie": setCookie } });
  }
  if (outcome.ok) return redirectWithDone(`/track/${code}`, outcome.done ?? "done.saved");
  return json(outcome, { status: outcome.status });
}

export default function TrackedComplaint() {
  const { complaint, quote, fingerprint, callLog, newKey, done, now } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const locale = useLocale();
  const creditor = (locale === "en" ? complaint.institution?.nameEn : complaint.institution?.nameZh) ?? complaint.institutionName;
  const step = nextStep(
    { ...complaint, creditor, dueAt: new Date(complaint.dueAt), infoDueAt: complaint.infoDueAt ? new Date(complaint.infoDueAt) : null },
    new Date(now),
  );
  return (
    <div className="page">
      <h1>{t("track.view.title", { code: complaint.code })}</h1>
      <ActionRefusal />
      <DoneNotice done={done} />
      {newKey ? <NewKey value={newKey} /> : null}
      {/* A new key per action: its forms start empty again, as they do after a reload. */}
      <div key={done?.id ?? "page"}>
        <NextStepBox step={step} status={complaint.status} quote={quote} filedAt={complaint.createdAt} />
        <h2>{t("track.view.timeline")}</h2>
        <Timeline events={complaint.events} locale={locale} />
        <AuditFingerprint hash={fingerprint} />
        {callLog ? <CallLogSummary analysis={callLog} /> : null}
        <h2>{t("evidence.title")}</h2>
        <EvidenceTable evidence={complaint.evidence} hrefFor={(e) => `/track/${complaint.code}/evidence/${e.id}`} />
        {isOpen(complaint.status) ? <ConsumerActions awaitingInfo={complaint.awaitingInfo} /> : null}
        <h2>{t("track.view.summary")}</h2>
        <ComplaintSummary complaint={complaint} locale={locale} />
        <AccessActions />
      </div>
    </div>
  );
}
