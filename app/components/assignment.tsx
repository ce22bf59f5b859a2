import { Form, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import type { ShownRefusal } from "~/domain/action-outcome";
import { intentAllowedIn } from "~/domain/status";
import { CsrfInput, Field } from "./form";

export type Colleague = { id: number; email: string };

/** Who holds the complaint, and (while it is open) "assign to me" or to a colleague, each a small form that works without JavaScript. */
export function Assignment({
  complaint,
  assignee,
  colleagues,
  me,
  canAssign,
}: {
  complaint: { status: string; version: number };
  assignee: string | null;
  colleagues: Colleague[];
  me: number;
  canAssign: boolean;
}) {
  const { t } = useTranslation();
  const outcome = useActionData<ShownRefusal>();
  const busy = useNavigation().state === "submitting";
  const errors = outcome?.intent === "assign" ? outcome.fieldErrors.assignee : undefined;
  const open = canAssign && intentAllowedIn("assign", complaint.status);
  return (
    <section className="assignment" id="assignment">
      <p>
        {t("assign.holder")}: <strong data-assignee>{assignee ?? t("assign.nobody")}</strong>
      </p>
      {open ? (
        <div className="assign-forms">
          <Form method="post">
            <CsrfInput />
            <input type="hidden" name="version" value={complaint.version} />
            <input type="hidden" name="assignee" value={me} />
            <button type="submit" name="intent" value="assign" className="button" disabled={busy}>
              {t("assign.toMe")}
            </button>
          </Form>
          <Form method="post">
            <CsrfInput />
            <input type="hidden" name="version" value={complaint.version} />
            <Field id="assign-assignee" label={t("assign.colleague")} errors={errors}>
              <select id="assign-assignee" name="assignee" defaultValue="" aria-invalid={errors ? true : undefined}>
                <AssigneeOptions colleagues={colleagues} />
              </select>
            </Field>
            <button type="submit" name="intent" value="assign" className="button secondary" disabled={busy}>
              {t("intent.assign")}
            </button>
          </Form>
        </div>
      ) : null}
    </section>
  );
}

/** The choices of an assignee: nobody picked yet, each colleague by e-mail, or no one (unassign). */
export function AssigneeOptions({ colleagues }: { colleagues: Colleague[] }) {
  const { t } = useTranslation();
  return (
    <>
      <option value="">—</option>
      {colleagues.map((c) => (
        <option key={c.id} value={c.id}>
          {c.email}
        </option>
      ))}
      <option value="none">{t("assign.nobody")}</option>
    </>
  );
}
