import { useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import type { ReviewerIntent } from "~/domain/permissions";
import { AssigneeOptions, type Colleague } from "./assignment";
import { Field, useErrorText } from "./form";

type Outcome =
  | { ok: true; intent: string; done: string[]; refused: { code: string; error: string }[] }
  | { ok: false; intent: string; fieldErrors: Record<string, string[]>; values: Record<string, string> };

/** What a bulk post did: how many were done, and each refused complaint with its reason. */
export function BulkResult() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const outcome = useActionData<Outcome>();
  if (!outcome) return null;
  if (!outcome.ok) {
    const general = [...(outcome.fieldErrors[""] ?? []), ...(outcome.fieldErrors.complaint ?? [])];
    return general.length ? (
      <div className="error-summary" role="alert">
        {general.map((e) => (
          <p key={e}>{errorText(e)}</p>
        ))}
      </div>
    ) : null;
  }
  return (
    <div className={outcome.refused.length ? "error-summary bulk-result" : "notice bulk-result"} role="status">
      <p>{t("bulk.done", { count: outcome.done.length, action: t(`intent.${outcome.intent}`) })}</p>
      {outcome.refused.length ? (
        <>
          <p>{t("bulk.refused", { count: outcome.refused.length })}</p>
          <ul>
            {outcome.refused.map((r) => (
              <li key={r.code} data-refused={r.code}>
                <a href={`/triage/${r.code}`}>{r.code}</a>: {errorText(r.error)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

/**
 * The bulk form's controls, under the ticked rows: route, assign, or ask for information, as this
 * role may. One form: each button sends its intent with the fields beside it.
 */
export function BulkActions({ intents, colleagues }: { intents: readonly ReviewerIntent[]; colleagues: Colleague[] }) {
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const outcome = useActionData<Outcome>();
  const refusal = outcome && !outcome.ok ? outcome : undefined;
  const errors = (intent: string, field: string) => (refusal?.intent === intent ? refusal.fieldErrors[field] : undefined);
  const kept = (field: string) => refusal?.values[field];
  const submit = (intent: ReviewerIntent) => (
    <button type="submit" name="intent" value={intent} className="button" disabled={busy}>
      {t(`bulk.${intent}`)}
    </button>
  );
  return (
    <fieldset className="bulk-actions">
      <legend>{t("bulk.title")}</legend>
      {intents.includes("route") ? (
        <div className="bulk-action">
          <Field id="bulk-route" label={t("field.route")} errors={errors("route", "route")}>
            <select id="bulk-route" name="route" defaultValue={kept("route") ?? "bank"}>
              <option value="bank">{t("route.bank")}</option>
              <option value="regulator">{t("route.regulator")}</option>
            </select>
          </Field>
          <Field id="bulk-reason" label={t("field.routeReason")} hint={t("bulk.reasonHint")} errors={errors("route", "reason")}>
            <input id="bulk-reason" name="reason" type="text" defaultValue={kept("reason")} />
          </Field>
          {submit("route")}
        </div>
      ) : null}
      {intents.includes("assign") ? (
        <div className="bulk-action">
          <Field id="bulk-assignee" label={t("assign.colleague")} errors={errors("assign", "assignee")}>
            <select id="bulk-assignee" name="assignee" defaultValue={kept("assignee") ?? ""}>
              <AssigneeOptions colleagues={colleagues} />
            </select>
          </Field>
          {submit("assign")}
        </div>
      ) : null}
      {intents.includes("request_info") ? (
        <div className="bulk-action">
          <Field id="bulk-message" label={t("field.question")} errors={errors("request_info", "message")}>
            <textarea id="bulk-message" name="message" rows={2} defaultValue={kept("message")} />
          </Field>
          {submit("request_info")}
        </div>
      ) : null}
    </fieldset>
  );
}
