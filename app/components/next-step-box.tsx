import { useTranslation } from "~/i18n/use-translation";
import { formatDateTime } from "~/domain/format";
import { sayLine, type NextStep } from "~/domain/next-step";
import { AcceptOrDisputeForm, AnswerInfoForm } from "./consumer-actions";
import { useLocale } from "./root-data";

/**
 * The top of the consumer's page: whose turn it is, what to do by when, and the form to do it.
 * `quote`: what the consumer is answering (the reviewer's question, the creditor's response).
 */
export function NextStepBox({ step, status, quote, filedAt }: { step: NextStep; status: string; quote: string | null; filedAt: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const say = (line: NextStep["headline"]) => sayLine(line, (key, values) => t(key, values), locale);
  return (
    <section className={`status-panel next-step status-${status} turn-${step.turn}`} aria-labelledby="next-step-title">
      <p className="label">
        {t(`next.turn.${step.turn}`)} · {t("track.view.status")}: <strong className="status">{t(`status.${status}.label`)}</strong>
      </p>
      <h2 id="next-step-title">{say(step.headline)}</h2>
      {step.details.map((line) => (
        <p key={line.key}>{say(line)}</p>
      ))}
      {step.form === "answer_info" ? <AnswerInfoForm question={quote} /> : null}
      {step.form === "accept_or_dispute" ? <AcceptOrDisputeForm response={quote} /> : null}
      <p className="muted">
        {t("track.view.filedAt")}: {formatDateTime(filedAt, locale)}
      </p>
    </section>
  );
}
