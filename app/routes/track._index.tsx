import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { CsrfInput, describedBy, ErrorSummary, Field, FormError } from "~/components/form";
import { trackSchema } from "~/domain/track-schema";
import { normalizeComplaintCode } from "~/domain/receipt";
import { pageTitle } from "~/i18n/meta";
import { checkAccessKey } from "~/server/complaints.server";
import { requireCsrf } from "~/server/csrf.server";
import { readForm } from "~/server/form-body.server";
import { beginAttempt } from "~/server/rate-limit.server";
import { rememberComplaint } from "~/server/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "track.title");

// A refused attempt tells the browser when to come back; the page says it in words.
export const headers: HeadersFunction = ({ actionHeaders }) => new Headers([...actionHeaders].filter(([name]) => name === "retry-after"));

/** A bookmarked /track/:code without the session comes here with the code filled in. */
export async function loader({ request }: LoaderFunctionArgs) {
  return json({ code: normalizeComplaintCode(new URL(request.url).searchParams.get("code") ?? "") });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request);
  await requireCsrf(request, formData);
  const submission = parseWithZod(formData, { schema: trackSchema });
  if (submission.status !== "success") return json({ result: submission.reply(), minutes: null }, { status: 400 });
  // A NUL is never part of a code, and PostgreSQL's text cannot hold one (the attempt counter keys on the code).
  const typed = submission.value.code.replaceAll("\0", "");
  const code = normalizeComplaintCode(typed) ?? typed.toUpperCase();
  // Counted before the key is checked, so parallel guesses cannot outrun the count.
  const attempt = await beginAttempt("track", code, context.clientAddress);
  if (!attempt.ok) {
    return json({ result: submission.reply({ formErrors: ["track.tooMany"] }), minutes: attempt.minutes }, { status: 429, headers: attempt.headers });
  }
  const right = await checkAccessKey(code, submission.value.key);
  await attempt.settle(right);
  // One message for a wrong key and for a code that does not exist: the form must not confirm codes.
  if (!right) return json({ result: submission.reply({ formErrors: ["track.wrong"], hideFields: ["key"] }), minutes: null }, { status: 400 });
  return redirect(`/track/${code}`, { headers: { "Set-Cookie": await rememberComplaint(request, code) } });
}

export default function Track() {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const { code } = useLoaderData<typeof loader>();
  const [form, fields] = useForm({
    id: "track",
    lastResult: actionData?.result,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: trackSchema }),
  });
  const formError = form.errors?.[0];
  return (
    <div className="page narrow">
      <h1>{t("track.title")}</h1>
      <p className="lead">{t("track.intro")}</p>
      {formError ? (
        <FormError message={formError} minutes={actionData?.minutes} />
      ) : (
        <ErrorSummary errors={{ code: fields.code.errors, key: fields.key.errors }} labels={{ code: t("track.code.label"), key: t("track.key.label") }} />
      )}
      <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate>
        <CsrfInput />
        <Field id="code" label={t("track.code.label")} hint={t("track.code.hint")} errors={fields.code.errors} required>
          <input
            id="code"
            name="code"
            type="text"
            autoCapitalize="characters"
            autoComplete="off"
            spellCheck={false}
            defaultValue={typeof fields.code.initialValue === "string" ? fields.code.initialValue : (code ?? undefined)}
            aria-describedby={describedBy("code", "hint", fields.code.errors)}
            aria-invalid={fields.code.errors ? true : undefined}
          />
        </Field>
        <Field id="key" label={t("track.key.label")} hint={t("track.key.hint")} errors={fields.key.errors} required>
          <input
            id="key"
            name="key"
            type="text"
            autoCapitalize="characters"
            autoComplete="off"
            spellCheck={false}
            aria-describedby={describedBy("key", "hint", fields.key.errors)}
            aria-invalid={fields.key.errors ? true : undefined}
          />
        </Field>
        <button type="submit" className="button primary">
          {t("track.submit")}
        </button>
      </Form>
    </div>
  );
}
