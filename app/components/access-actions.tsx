import { Form, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import type { ShownRefusal } from "~/domain/action-outcome";
import { CsrfInput, Field } from "./form";

/** A key the consumer has just set, shown once, like the receipt's. */
export function NewKey({ value }: { value: string }) {
  const { t } = useTranslation();
  return (
    <section className="receipt-keys" aria-labelledby="new-key-title">
      <div>
        <span className="label" id="new-key-title">
          {t("track.view.access.newKey")}
        </span>
        <output className="code key" id="new-key">
          {value}
        </output>
      </div>
      <p className="warning" role="note">
        {t("track.view.access.newKeyWarning")}
      </p>
    </section>
  );
}

/** Who can open this complaint: set a new key, sign out everywhere, or leave on this browser. */
export function AccessActions() {
  const { t } = useTranslation();
  const outcome = useActionData<ShownRefusal>();
  const busy = useNavigation().state === "submitting";
  const confirmErrors = outcome?.intent === "rotate_key" ? outcome.fieldErrors.confirm : undefined;
  return (
    <section className="access-actions">
      <h2>{t("track.view.access.title")}</h2>
      <p>{t("track.view.access.rotateText")}</p>
      <Form method="post">
        <CsrfInput />
        <Field id="rotate-confirm" label={t("track.view.access.rotate")} errors={confirmErrors} group>
          <label className="choice">
            <input type="checkbox" name="confirm" id="rotate-confirm-box" />
            {t("track.view.access.rotateConfirm")}
          </label>
        </Field>
        <button type="submit" name="intent" value="rotate_key" className="button" disabled={busy}>
          {t("track.view.access.rotate")}
        </button>
      </Form>
      <p>{t("track.view.access.everywhereText")}</p>
      <Form method="post" className="leave">
        <CsrfInput />
        <button type="submit" name="intent" value="sign_out_everywhere" className="button" disabled={busy}>
          {t("track.view.access.everywhere")}
        </button>{" "}
        <button type="submit" name="intent" value="leave" className="button link">
          {t("track.view.leave")}
        </button>
      </Form>
    </section>
  );
}
