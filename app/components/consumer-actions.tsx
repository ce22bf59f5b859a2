import { Form, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import type { ShownRefusal } from "~/domain/action-outcome";
import { CALL_LOG_ACCEPT } from "~/domain/evidence-types";
import { CsrfInput, describedBy, Field, useErrorText } from "./form";
import { useRootData } from "./root-data";

/** What a refused form gets back: its errors and the text to put back, for the form that was sent. */
function useRefusedForm() {
  const outcome = useActionData<ShownRefusal>();
  const errorsFor = (intent: string, field: string) => (outcome?.intent === intent ? outcome.fieldErrors[field] : undefined);
  const keptFor = (intent: string, field: string) => (outcome?.intent === intent ? outcome.values[field] : undefined);
  return { errorsFor, keptFor, busy: useNavigation().state === "submitting" };
}

/** The message of a form sent as `intent` (or as `alsoAs`, when one form has two buttons). */
function MessageField({ intent, alsoAs, label, rows = 3 }: { intent: string; alsoAs?: string; label: string; rows?: number }) {
  const { errorsFor, keptFor } = useRefusedForm();
  const id = `${intent}-message`;
  const errors = errorsFor(intent, "message") ?? (alsoAs ? errorsFor(alsoAs, "message") : undefined);
  return (
    <Field id={id} label={label} errors={errors}>
      <textarea
        id={id}
        name="message"
        rows={rows}
        defaultValue={keptFor(intent, "message") ?? (alsoAs ? keptFor(alsoAs, "message") : undefined)}
        aria-invalid={errors ? true : undefined}
        aria-describedby={describedBy(id, undefined, errors)}
      />
    </Field>
  );
}

/** The answer to a request for information, under the question, with the files it asks for; sending it closes the request. */
export function AnswerInfoForm({ question }: { question: string | null }) {
  const { t } = useTranslation();
  const limits = useRootData()?.limits;
  const { errorsFor, busy } = useRefusedForm();
  const fileErrors = errorsFor("answer_info", "evidence");
  return (
    <>
      <p>{t("track.view.info.text")}</p>
      {question ? <blockquote className="narrative">{question}</blockquote> : null}
      <Form method="post" encType="multipart/form-data">
        <CsrfInput />
        <MessageField intent="answer_info" label={t("track.view.info.label")} rows={5} />
        <Field
          id="answer_info-evidence"
          label={t("track.view.info.files")}
          hint={t("form.evidence.hint", { maxMb: limits?.maxFileMb, maxFiles: limits?.maxFiles })}
          errors={fileErrors}
        >
          <input
            id="answer_info-evidence"
            name="evidence"
            type="file"
            multiple
            aria-invalid={fileErrors ? true : undefined}
            aria-describedby={describedBy("answer_info-evidence", "hint", fileErrors)}
          />
        </Field>
        <button type="submit" name="intent" value="answer_info" className="button primary" disabled={busy}>
          {t("track.view.info.submit")}
        </button>
      </Form>
    </>
  );
}

/** Accepting or disputing the creditor's response, shown above it. */
export function AcceptOrDisputeForm({ response }: { response: string | null }) {
  const { t } = useTranslation();
  const { busy } = useRefusedForm();
  return (
    <>
      {response ? <blockquote className="narrative">{response}</blockquote> : null}
      <Form method="post">
        <CsrfInput />
        <MessageField intent="dispute" alsoAs="accept" label={t("track.view.answer.message")} />
        <div className="button-row">
          <button type="submit" name="intent" value="accept" className="button primary" disabled={busy}>
            {t("track.view.answer.accept")}
          </button>
          <button type="submit" name="intent" value="dispute" className="button" disabled={busy}>
            {t("track.view.answer.dispute")}
          </button>
        </div>
      </Form>
    </>
  );
}

/**
 * Comment, add evidence, withdraw: each its own small form that works without JavaScript. The
 * answers the complaint waits for (information, accept or dispute) are in the next-step box at
 * the top; while information is awaited there is no second text box here to type it into.
 */
export function ConsumerActions({ awaitingInfo }: { awaitingInfo: boolean }) {
  const { t } = useTranslation();
  const limits = useRootData()?.limits;
  const { errorsFor, keptFor, busy } = useRefusedForm();
  return (
    <div className="consumer-actions">
      {awaitingInfo ? null : (
        <section>
          <h2>{t("track.view.comment.title")}</h2>
          <Form method="post">
            <CsrfInput />
            <Field id="message" label={t("track.view.comment.label")} errors={errorsFor("comment", "message")}>
              <textarea
                id="message"
                name="message"
                rows={4}
                defaultValue={keptFor("comment", "message")}
                aria-invalid={errorsFor("comment", "message") ? true : undefined}
                aria-describedby={describedBy("message", undefined, errorsFor("comment", "message"))}
              />
            </Field>
            <button type="submit" name="intent" value="comment" className="button" disabled={busy}>
              {t("track.view.comment.submit")}
            </button>
          </Form>
        </section>
      )}
      <section id="add-evidence">
        <h2>{t("track.view.addEvidence.title")}</h2>
        <Form method="post" encType="multipart/form-data">
          <CsrfInput />
          <Field
            id="evidence"
            label={t("form.evidence.label")}
            hint={t("form.evidence.hint", { maxMb: limits?.maxFileMb, maxFiles: limits?.maxFiles })}
            errors={errorsFor("add_evidence", "evidence")}
          >
            <input
              id="evidence"
              name="evidence"
              type="file"
              multiple
              aria-invalid={errorsFor("add_evidence", "evidence") ? true : undefined}
              aria-describedby={describedBy("evidence", "hint", errorsFor("add_evidence", "evidence"))}
            />
          </Field>
          <Field id="callLog" label={t("form.callLog.label")} hint={t("form.callLog.hint")} errors={errorsFor("add_evidence", "callLog")}>
            <input
              id="callLog"
              name="callLog"
              type="file"
              accept={CALL_LOG_ACCEPT}
              aria-invalid={errorsFor("add_evidence", "callLog") ? true : undefined}
              aria-describedby={describedBy("callLog", "hint", errorsFor("add_evidence", "callLog"))}
            />
          </Field>
          <button type="submit" name="intent" value="add_evidence" className="button" disabled={busy}>
            {t("track.view.addEvidence.submit")}
          </button>
        </Form>
      </section>
      <section>
        <h2>{t("track.view.withdraw.title")}</h2>
        <p>{t("track.view.withdraw.text")}</p>
        <Form method="post">
          <CsrfInput />
          <Field id="confirm" label={t("track.view.withdraw.title")} errors={errorsFor("withdraw", "confirm")} group>
            <label className="choice">
              <input type="checkbox" name="confirm" id="confirm-box" />
              {t("track.view.withdraw.confirm")}
            </label>
          </Field>
          <button type="submit" name="intent" value="withdraw" className="button danger" disabled={busy}>
            {t("track.view.withdraw.submit")}
          </button>
        </Form>
      </section>
    </div>
  );
}

/** An action refused as a whole (the complaint changed, or its status forbids it), shown above the status. */
export function ActionRefusal() {
  const errorText = useErrorText();
  const general = useActionData<ShownRefusal>()?.fieldErrors[""];
  if (!general?.length) return null;
  return (
    <div className="error-summary" role="alert">
      {general.map((e) => (
        <p key={e}>{errorText(e)}</p>
      ))}
    </div>
  );
}
