import { Form, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { ShownRefusal } from "~/domain/action-outcome";
import { CALL_LOG_ACCEPT } from "~/domain/evidence-types";
import { CsrfInput, describedBy, Field, useErrorText } from "./form";
import { useRootData } from "./root-data";

type Answerable = { status: string; awaitingInfo: boolean; question: string | null };

/** Comment, answer, add evidence, withdraw: each its own small form that works without JavaScript. */
export function ConsumerActions({ complaint }: { complaint: Answerable }) {
  const { t } = useTranslation();
  const limits = useRootData()?.limits;
  const outcome = useActionData<ShownRefusal>();
  const busy = useNavigation().state === "submitting";
  const errorsFor = (intent: string, field: string) => (outcome?.intent === intent ? outcome.fieldErrors[field] : undefined);
  const messageField = (intent: string, label: string) => (
    <Field id={`${intent}-message`} label={label} errors={errorsFor(intent, "message")}>
      <textarea
        id={`${intent}-message`}
        name="message"
        rows={3}
        defaultValue={outcome?.intent === intent ? outcome.values.message : undefined}
        aria-invalid={errorsFor(intent, "message") ? true : undefined}
        aria-describedby={describedBy(`${intent}-message`, undefined, errorsFor(intent, "message"))}
      />
    </Field>
  );
  return (
    <div className="consumer-actions">
      {complaint.awaitingInfo ? (
        <section className="callout">
          <h2>{t("track.view.info.title")}</h2>
          <p>{t("track.view.info.text")}</p>
          {complaint.question ? <blockquote className="narrative">{complaint.question}</blockquote> : null}
          <Form method="post">
            <CsrfInput />
            {messageField("answer_info", t("track.view.comment.label"))}
            <button type="submit" name="intent" value="answer_info" className="button primary" disabled={busy}>
              {t("track.view.info.submit")}
            </button>
          </Form>
        </section>
      ) : null}
      {complaint.status === "responded" ? (
        <section className="callout">
          <h2>{t("track.view.answer.title")}</h2>
          <p>{t("track.view.answer.text")}</p>
          <Form method="post">
            <CsrfInput />
            {messageField("dispute", t("track.view.answer.message"))}
            <button type="submit" name="intent" value="accept" className="button primary" disabled={busy}>
              {t("track.view.answer.accept")}
            </button>{" "}
            <button type="submit" name="intent" value="dispute" className="button" disabled={busy}>
              {t("track.view.answer.dispute")}
            </button>
          </Form>
        </section>
      ) : null}
      <section>
        <h2>{t("track.view.comment.title")}</h2>
        <Form method="post">
          <CsrfInput />
          <Field id="message" label={t("track.view.comment.label")} errors={errorsFor("comment", "message")}>
            <textarea
              id="message"
              name="message"
              rows={4}
              defaultValue={outcome?.intent === "comment" ? outcome.values.message : undefined}
              aria-invalid={errorsFor("comment", "message") ? true : undefined}
              aria-describedby={describedBy("message", undefined, errorsFor("comment", "message"))}
            />
          </Field>
          <button type="submit" name="intent" value="comment" className="button" disabled={busy}>
            {t("track.view.comment.submit")}
          </button>
        </Form>
      </section>
      <section>
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
