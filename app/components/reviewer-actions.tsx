import { Form, useActionData, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "~/i18n/use-translation";
import type { ShownRefusal } from "~/domain/action-outcome";
import { creditorDays, DEFAULT_DEADLINES, nextExtension } from "~/domain/deadlines";
import type { ReviewerIntent } from "~/domain/permissions";
import { FINDINGS, intentAllowedIn, OUTCOMES } from "~/domain/status";
import { CATEGORIES } from "~/domain/taxonomy";
import { CsrfInput, describedBy, Field } from "./form";
import { useLocale } from "./root-data";

type Complaint = {
  status: string;
  version: number;
  extensionLevel: number;
  routedTo: string | null;
  institutionId: string | null;
  categories: { category: string; substantiated: boolean | null; alleged?: boolean }[];
};
type Institution = { id: string; nameZh: string; nameEn: string };

/** The reviewer's actions this role may take in this status, each a small form that works without JavaScript. */
export function ReviewerActions({
  complaint,
  intents,
  suggestedRoute,
  institutions = [],
}: {
  complaint: Complaint;
  intents: readonly ReviewerIntent[];
  suggestedRoute: string | null;
  institutions?: Institution[];
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const outcome = useActionData<ShownRefusal>();
  const busy = useNavigation().state === "submitting";
  // The next step of the 15 → 30 → 60 day ladder, if any is left.
  const extension = nextExtension(complaint.extensionLevel);
  const available = intents.filter(
    (i) => intentAllowedIn(i, complaint.status) && !(i === "extend" && !extension) && !(i === "correct_creditor" && complaint.routedTo === "bank"),
  );
  if (!available.length) return null;

  const mine = (intent: string) => (outcome?.intent === intent ? outcome : undefined);
  const errors = (intent: string, field: string) => mine(intent)?.fieldErrors[field];
  const kept = (intent: string, field: string) => mine(intent)?.values[field];
  const textField = (intent: string, field: "reason" | "message" | "duplicateOf" | "approvedBy", label: string, multiline = true) => {
    const id = `${intent}-${field}`;
    const props = {
      id,
      name: field,
      defaultValue: kept(intent, field),
      "aria-invalid": errors(intent, field) ? true : undefined,
      "aria-describedby": describedBy(id, undefined, errors(intent, field)),
    };
    return (
      <Field id={id} label={label} errors={errors(intent, field)}>
        {multiline ? <textarea rows={3} {...props} /> : <input type="text" {...props} />}
      </Field>
    );
  };
  const action = (intent: ReviewerIntent, children: ReactNode) =>
    available.includes(intent) ? (
      <section key={intent} className="reviewer-action" id={`action-${intent}`}>
        <h3>{t(`intent.${intent}`)}</h3>
        <Form method="post">
          <CsrfInput />
          <input type="hidden" name="version" value={complaint.version} />
          {children}
          <button type="submit" name="intent" value={intent} className="button" disabled={busy}>
            {t(`intent.${intent}`)}
          </button>
        </Form>
      </section>
    ) : null;
  const choice = (intent: string, name: string, options: readonly string[], labelKey: (o: string) => string, preset?: string) => (
    <Field id={`${intent}-${name}`} label={t(`field.${name}`)} errors={errors(intent, name)} group>
      <div className="choices">
        {options.map((o) => (
          <label key={o} className="choice">
            <input type="radio" name={name} value={o} defaultChecked={(kept(intent, name) ?? preset) === o} />
            {t(labelKey(o))}
          </label>
        ))}
      </div>
    </Field>
  );

  return (
    <div className="reviewer-actions">
      <h2>{t("triage.actions")}</h2>
      {action(
        "route",
        <>
          {choice("route", "route", ["bank", "regulator"], (o) => `route.${o}`, suggestedRoute ?? undefined)}
          {textField("route", "reason", t("field.routeReason"))}
        </>,
      )}
      {action(
        "respond",
        <>
          {choice("respond", "outcome", OUTCOMES, (o) => `outcome.${o}`)}
          {textField("respond", "message", t("field.message"))}
        </>,
      )}
      {action(
        "extend",
        <>
          {extension ? <p>{t("triage.extendTo", { days: creditorDays(extension.level, DEFAULT_DEADLINES) })}</p> : null}
          {textField("extend", "reason", t("field.extensionReason"))}
          {extension?.needsApproval ? textField("extend", "approvedBy", t("field.extensionApprovedBy"), false) : null}
        </>,
      )}
      {action("request_info", textField("request_info", "message", t("field.question")))}
      {action(
        "substantiate",
        <>
          <Field id="substantiate-category" label={t("field.categories")} errors={errors("substantiate", "category")}>
            <select id="substantiate-category" name="category" defaultValue={kept("substantiate", "category")}>
              {/* Every category: the alleged ones first, then what the log or the evidence shows that the consumer did not tick. */}
              {[
                ...complaint.categories.filter((c) => c.alleged !== false).map((c) => c.category),
                ...CATEGORIES.filter((c) => !complaint.categories.some((x) => x.category === c && x.alleged !== false)),
              ].map((category) => {
                const row = complaint.categories.find((c) => c.category === category);
                const state =
                  row === undefined
                    ? t("field.notAlleged")
                    : row.alleged === false
                      ? t("field.foundByReviewer")
                      : row.substantiated === null
                        ? null
                        : t(row.substantiated ? "field.yes" : "field.no");
                return (
                  <option key={category} value={category}>
                    {t(`category.${category}.label`)}
                    {state ? ` (${state})` : ""}
                  </option>
                );
              })}
            </select>
          </Field>
          {choice("substantiate", "substantiated", ["yes", "no"], (o) => `field.${o}`)}
        </>,
      )}
      {action(
        "conclude",
        <>
          {choice("conclude", "finding", FINDINGS, (o) => `finding.${o}`)}
          {textField("conclude", "message", t("field.message"))}
        </>,
      )}
      {action(
        "reject",
        <>
          {textField("reject", "reason", t("field.rejectReason"))}
          {textField("reject", "duplicateOf", t("field.duplicateOf"), false)}
        </>,
      )}
      {action(
        "correct_creditor",
        <Field id="correct_creditor-institutionId" label={t("field.correctInstitution")} errors={errors("correct_creditor", "institutionId")}>
          <select
            id="correct_creditor-institutionId"
            name="institutionId"
            defaultValue={kept("correct_creditor", "institutionId") ?? complaint.institutionId ?? ""}
          >
            <option value="">{t("field.chooseInstitution")}</option>
            {institutions.map((i) => (
              <option key={i.id} value={i.id}>
                {locale === "en" ? i.nameEn : i.nameZh}
              </option>
            ))}
          </select>
        </Field>,
      )}
      {action("note", textField("note", "message", t("field.note")))}
    </div>
  );
}
