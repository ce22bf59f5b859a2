import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { CsrfInput, describedBy, Field, FormError } from "~/components/form";
import { canSeePage } from "~/domain/permissions";
import { sameOriginPath } from "~/domain/redirect";
import { loginSchema } from "~/domain/reviewer-schema";
import { pageTitle } from "~/i18n/meta";
import { getReviewer, startUserSession } from "~/server/auth.server";
import { requireCsrf } from "~/server/csrf.server";
import { readForm } from "~/server/form-body.server";
import { beginAttempt } from "~/server/rate-limit.server";
import { verifyLogin } from "~/server/users.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "login.title");

// A refused attempt tells the browser when to come back; the page says it in words.
export const headers: HeadersFunction = ({ actionHeaders }) => new Headers([...actionHeaders].filter(([name]) => name === "retry-after"));

function safeNext(next: string | null, role: Parameters<typeof canSeePage>[0]): string {
  return sameOriginPath(next) ?? (canSeePage(role, "triage") ? "/triage" : canSeePage(role, "stats") ? "/stats" : "/");
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getReviewer(request);
  if (user) throw redirect(safeNext(new URL(request.url).searchParams.get("next"), user.role));
  return json({});
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request);
  await requireCsrf(request, formData);
  const submission = parseWithZod(formData, { schema: loginSchema });
  if (submission.status !== "success") return json({ result: submission.reply({ hideFields: ["password"] }), minutes: null }, { status: 400 });
  const { email, password } = submission.value;
  // Counted before the password is hashed, so parallel guesses cannot outrun the count.
  const attempt = await beginAttempt("login", email.trim().toLowerCase(), context.clientAddress);
  if (!attempt.ok) {
    const result = submission.reply({ formErrors: ["login.tooMany"], hideFields: ["password"] });
    return json({ result, minutes: attempt.minutes }, { status: 429, headers: attempt.headers });
  }
  const user = await verifyLogin(email, password);
  await attempt.settle(user !== null);
  if (!user) return json({ result: submission.reply({ formErrors: ["login.wrong"], hideFields: ["password"] }), minutes: null }, { status: 400 });
  const next = safeNext(new URL(request.url).searchParams.get("next"), user.role as Parameters<typeof canSeePage>[0]);
  return redirect(next, { headers: { "Set-Cookie": await startUserSession(user.id) } });
}

export default function Login() {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "login",
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: loginSchema }),
  });
  return (
    <div className="page narrow">
      <h1>{t("login.title")}</h1>
      <FormError message={form.errors?.[0]} minutes={actionData?.minutes} />
      <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate>
        <CsrfInput />
        <Field id="email" label={t("login.email")} errors={fields.email.errors} required>
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="username"
            defaultValue={typeof fields.email.initialValue === "string" ? fields.email.initialValue : undefined}
            aria-describedby={describedBy("email", undefined, fields.email.errors)}
            aria-invalid={fields.email.errors ? true : undefined}
          />
        </Field>
        <Field id="password" label={t("login.password")} errors={fields.password.errors} required>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            aria-describedby={describedBy("password", undefined, fields.password.errors)}
            aria-invalid={fields.password.errors ? true : undefined}
          />
        </Field>
        <button type="submit" className="button primary">
          {t("login.submit")}
        </button>
      </Form>
    </div>
  );
}
