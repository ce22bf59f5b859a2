import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { FilingForm } from "~/components/filing-form";
import { filingSchema } from "~/domain/filing-schema";
import { pageTitle } from "~/i18n/meta";
import { analyseNewCallLogs, institutionKindOf } from "~/server/call-log.server";
import { fileComplaint } from "~/server/complaints.server";
import { requireCsrf } from "~/server/csrf.server";
import { discardStaged, receiveUpload, vetStaged } from "~/server/evidence.server";
import { formText } from "~/domain/action-outcome";
import { creditorOfFiling } from "~/server/institutions.server";
import { resolveLocale } from "~/server/locale.server";
import { rememberComplaint } from "~/server/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "form.title");

export async function action({ request }: ActionFunctionArgs) {
  const upload = await receiveUpload(request, ["evidence", "callLog"]);
  try {
    await requireCsrf(request, upload.formData);
    const submission = parseWithZod(upload.formData, { schema: filingSchema(new Date()) });
    const files = await vetStaged(upload);
    // Asked as soon as the name itself is valid, so "did you mean" comes with any other errors.
    const typed =
      submission.status === "success" ? submission.value.institution : submission.error?.institution ? "" : formText(upload.formData, "institution").trim();
    const resolved = typed ? await creditorOfFiling(upload.formData, typed) : null;
    const question = resolved && "question" in resolved ? resolved.question : null;
    if (question) files.errors.institution = [`error.institution.confirm|${typed}`];
    const callLogs = files.accepted.filter((f) => f.kind === "call_log");
    const creditor = resolved && "creditor" in resolved ? resolved.creditor : null;
    const analysed =
      callLogs.length && submission.status === "success" && creditor
        ? await analyseNewCallLogs(callLogs, {
            ...submission.value,
            collectorNumbers: submission.value.collectorPhones.map((n) => n.key),
            institutionKind: await institutionKindOf(creditor.institutionId),
          })
        : null;
    if (analysed && !analysed.ok) (files.errors[analysed.field] ??= []).push(analysed.error);
    if (submission.status !== "success" || !resolved || "question" in resolved || Object.keys(files.errors).length > 0) {
      await discardStaged(upload.files);
      const result = submission.reply({ fieldErrors: files.errors });
      return json({ result, hadFiles: upload.files.length > 0, question }, { status: 400 });
    }
    const { locale } = await resolveLocale(request);
    const { code, key } = await fileComplaint(submission.value, resolved.creditor, files.accepted, locale, analysed?.ok ? analysed.analysis : null);
    return redirect(`/complaints/${code}/receipt`, {
      headers: { "Set-Cookie": await rememberComplaint(request, code, { key }) },
    });
  } catch (error) {
    await discardStaged(upload.files);
    throw error;
  }
}

export default function NewComplaint() {
  const actionData = useActionData<typeof action>();
  return <FilingForm lastResult={actionData?.result} hadFiles={actionData?.hadFiles ?? false} question={actionData?.question ?? null} />;
}
