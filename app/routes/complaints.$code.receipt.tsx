import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { CallLogSummary } from "~/components/call-log-summary";
import { AuditFingerprint } from "~/components/audit-fingerprint";
import { ComplaintSummary } from "~/components/complaint-summary";
import { EvidenceTable } from "~/components/evidence-table";
import { useLocale } from "~/components/root-data";
import { pageTitle } from "~/i18n/meta";
import { latestEventHash } from "~/server/audit.server";
import { readAnalysis } from "~/server/call-log.server";
import { getConsumerView } from "~/server/complaints.server";
import { canSeeComplaint, takeKeyToShow } from "~/server/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "receipt.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const code = params.code ?? "";
  if (!(await canSeeComplaint(request, code))) throw new Response("Not found", { status: 404 });
  // The key is shown once, from the server-side session (never a cookie): a reload of the
  // receipt, or the same cookie replayed, goes to the tracking page instead.
  const key = await takeKeyToShow(request, code);
  if (!key) throw redirect(`/track/${code}`);
  const complaint = await getConsumerView(code);
  if (!complaint) throw new Response("Not found", { status: 404 });
  const { callLogFindings, ...visible } = complaint;
  const fingerprint = await latestEventHash(complaint.id);
  return json({ complaint: visible, key, fingerprint, callLog: readAnalysis(callLogFindings) }, { headers: { "Cache-Control": "no-store" } });
}

export default function Receipt() {
  const { complaint, key, fingerprint, callLog } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <div className="page">
      <h1>{t("receipt.title")}</h1>
      <div className="receipt-keys">
        <div>
          <span className="label">{t("receipt.code")}</span>
          <output className="code" id="receipt-code">
            {complaint.code}
          </output>
        </div>
        <div>
          <span className="label">{t("receipt.key")}</span>
          <output className="code key" id="receipt-key">
            {key}
          </output>
        </div>
        <p className="warning" role="note">
          {t("receipt.keyWarning")}
        </p>
      </div>
      <AuditFingerprint hash={fingerprint} />
      <h2>{t("receipt.next")}</h2>
      <p>{t("receipt.nextSteps")}</p>
      <p>
        <a className="button primary" href={`/track/${complaint.code}`}>
          {t("receipt.track")}
        </a>
      </p>
      {callLog ? <CallLogSummary analysis={callLog} /> : null}
      <h2>{t("receipt.filed")}</h2>
      <ComplaintSummary complaint={complaint} locale={locale} />
      <h2>{t("evidence.title")}</h2>
      <EvidenceTable evidence={complaint.evidence} hrefFor={(e) => `/track/${complaint.code}/evidence/${e.id}`} />
    </div>
  );
}
