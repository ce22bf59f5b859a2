import { useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useNavigation } from "@remix-run/react";
import { useRef, useState } from "react";
import { useTranslation } from "~/i18n/use-translation";
import { CALL_LOG_ACCEPT } from "~/domain/evidence-types";
import { filingSchema, LIMITS } from "~/domain/filing-schema";
import { REGIONS } from "~/domain/regions";
import { CATEGORY_GROUPS, PRODUCTS } from "~/domain/taxonomy";
import { KEEP_TYPED } from "~/domain/creditor-names";
import { CategoryHints } from "./category-hints";
import { CollectorPhonesInput } from "./collector-phones-input";
import { CreditorHint } from "./creditor-hint";
import { CsrfInput, describedBy, ErrorSummary, Field } from "./form";
import { useCreditorDirectory } from "./use-creditor-directory";
import { useLocale, useRootData } from "./root-data";

type Candidate = { id: string; nameZh: string; nameEn: string };
/** The server's "did you mean" for a creditor name close to directory entries but not one of them. */
export type CreditorQuestion = { typed: string; candidates: Candidate[] } | null;

export function FilingForm({ lastResult, hadFiles, question }: { lastResult?: SubmissionResult<string[]>; hadFiles: boolean; question: CreditorQuestion }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const institutions = useCreditorDirectory();
  const limits = useRootData()?.limits;
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "filing",
    lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: filingSchema(new Date()) }),
  });
  const errors = (name: keyof typeof fields) => fields[name].errors;
  const aria = (name: keyof typeof fields, hint?: string) => ({
    id: name,
    name,
    "aria-invalid": errors(name)?.length ? true : undefined,
    "aria-describedby": describedBy(name, hint, errors(name)),
  });
  const value = (name: keyof typeof fields) => {
    const v = fields[name].initialValue;
    return typeof v === "string" ? v : undefined;
  };
  const initialCategories = fields.categories.initialValue as string[] | string | undefined;
  const chosenCategories = typeof initialCategories === "string" ? [initialCategories] : (initialCategories ?? []);
  const [narrative, setNarrative] = useState(value("narrative") ?? "");
  const [creditor, setCreditor] = useState(value("institution") ?? "");
  const pickCreditor = (name: string) => {
    const input = formRef.current?.querySelector<HTMLInputElement>("#institution");
    if (!input) return;
    input.value = name;
    input.dispatchEvent(new Event("input", { bubbles: true }));
    setCreditor(name);
    input.focus();
  };
  const [ticked, setTicked] = useState<string[]>(chosenCategories);
  const formRef = useRef<HTMLFormElement>(null);
  const readTicked = () => {
    const boxes = formRef.current?.querySelectorAll<HTMLInputElement>('input[name="categories"]:checked') ?? [];
    setTicked([...boxes].map((box) => box.value));
  };
  const acceptHint = (category: string) => {
    const box = formRef.current?.querySelector<HTMLInputElement>(`input[name="categories"][value="${category}"]`);
    if (!box) return;
    box.checked = true;
    // Conform validates on input events: this clears a "choose a category" error.
    box.dispatchEvent(new Event("input", { bubbles: true }));
    readTicked();
    formRef.current?.querySelector<HTMLTextAreaElement>("#narrative")?.focus();
  };
  const labels: Record<string, string> = {
    institution: t("field.institution"),
    agency: t("field.agency"),
    product: t("field.product"),
    categories: t("field.categories"),
    collectorPhones: t("field.collectorPhones"),
    incidentStart: t("form.incidentStart.label"),
    incidentEnd: t("form.incidentEnd.label"),
    narrative: t("field.narrative"),
    desiredResolution: t("field.desiredResolution"),
    priorComplaint: t("field.priorComplaint"),
    consumerName: t("form.consumerName.label"),
    consumerPhone: t("form.consumerPhone.label"),
    consumerEmail: t("form.consumerEmail.label"),
    region: t("field.region"),
    evidence: t("form.evidence.label"),
    callLog: t("form.callLog.label"),
  };
  const submitting = navigation.state === "submitting";
  const evidenceHint = t("form.evidence.hint", { maxMb: limits?.maxFileMb, maxFiles: limits?.maxFiles });

  return (
    <div className="page">
      <h1>{t("form.title")}</h1>
      <p className="lead">{t("form.intro")}</p>
      <ErrorSummary errors={form.allErrors} labels={labels} extra={hadFiles ? t("form.reselectFiles") : undefined} />
      <Form method="post" encType="multipart/form-data" id={form.id} onSubmit={form.onSubmit} noValidate className="filing" ref={formRef} onChange={readTicked}>
        <CsrfInput />
        <section>
          <h2>{t("form.sections.creditor")}</h2>
          <Field id="institution" label={t("form.institution.label")} hint={t("form.institution.hint")} errors={errors("institution")} required>
            <input
              type="text"
              list="institution-list"
              autoComplete="off"
              maxLength={LIMITS.institution}
              defaultValue={value("institution")}
              {...aria("institution", "hint")}
              onChange={(e) => setCreditor(e.target.value)}
            />
            <datalist id="institution-list">
              {institutions.map((i) => {
                const name = locale === "en" ? i.nameEn : i.nameZh;
                // An alias shows the company it files against: 招行 → 招商银行.
                return [name, ...i.aliases].map((value) => <option key={`${i.id}:${value}`} value={value} label={value === name ? undefined : `→ ${name}`} />);
              })}
            </datalist>
            {question && question.typed === creditor.trim() ? (
              <CreditorChoice question={question} />
            ) : (
              <CreditorHint typed={creditor} directory={institutions} onPick={pickCreditor} />
            )}
          </Field>
          <Field id="agency" label={t("form.agency.label")} hint={t("form.agency.hint")} errors={errors("agency")}>
            <input type="text" maxLength={LIMITS.agency} defaultValue={value("agency")} {...aria("agency", "hint")} />
          </Field>
          <Field id="product" label={t("form.product.label")} errors={errors("product")} required group>
            <div className="choices">
              {PRODUCTS.map((p) => (
                <label key={p} className="choice">
                  <input type="radio" name="product" value={p} defaultChecked={value("product") === p} />
                  {t(`form.product.${p}`)}
                </label>
              ))}
            </div>
          </Field>
        </section>

        <section>
          <h2>{t("form.sections.conduct")}</h2>
          <Field id="categories" label={t("form.categories.label")} errors={errors("categories")} required group>
            <div className="categories">
              {Object.values(CATEGORY_GROUPS)
                .flat()
                .map((code) => (
                  <label key={code} className="choice category">
                    <input type="checkbox" name="categories" value={code} defaultChecked={chosenCategories.includes(code)} />
                    <span>
                      <strong>{t(`category.${code}.label`)}</strong>
                      <span className="hint">{t(`category.${code}.hint`)}</span>
                    </span>
                  </label>
                ))}
            </div>
          </Field>
          <Field id="collectorPhones" label={t("form.collectorPhones.label")} hint={t("form.collectorPhones.hint")} errors={errors("collectorPhones")}>
            <CollectorPhonesInput defaultValue={value("collectorPhones")} {...aria("collectorPhones", "hint")} />
          </Field>
          <div className="row">
            <Field id="incidentStart" label={t("form.incidentStart.label")} errors={errors("incidentStart")} required>
              <input type="date" defaultValue={value("incidentStart")} {...aria("incidentStart")} />
            </Field>
            <Field id="incidentEnd" label={t("form.incidentEnd.label")} hint={t("form.incidentEnd.hint")} errors={errors("incidentEnd")}>
              <input type="date" defaultValue={value("incidentEnd")} {...aria("incidentEnd", "hint")} />
            </Field>
          </div>
          <Field id="narrative" label={t("form.narrative.label")} hint={t("form.narrative.hint")} errors={errors("narrative")} required>
            <textarea
              rows={8}
              maxLength={LIMITS.narrative}
              defaultValue={value("narrative")}
              {...aria("narrative", "hint")}
              onChange={(e) => setNarrative(e.target.value)}
            />
          </Field>
          <CategoryHints text={narrative} ticked={ticked} onAccept={acceptHint} />
        </section>

        <section>
          <h2>{t("form.sections.evidence")}</h2>
          <Field id="evidence" label={t("form.evidence.label")} hint={evidenceHint} errors={errors("evidence" as keyof typeof fields)}>
            <input type="file" multiple {...aria("evidence" as keyof typeof fields, "hint")} accept="image/*,audio/*,.amr,.m4a,.heic,.pdf,.txt,.csv,.xml" />
          </Field>
          <Field id="callLog" label={t("form.callLog.label")} hint={t("form.callLog.hint")} errors={errors("callLog" as keyof typeof fields)}>
            <input type="file" accept={CALL_LOG_ACCEPT} {...aria("callLog" as keyof typeof fields, "hint")} />
          </Field>
        </section>

        <section>
          <h2>{t("form.sections.wishes")}</h2>
          <Field id="desiredResolution" label={t("form.desiredResolution.label")} hint={t("form.desiredResolution.hint")} errors={errors("desiredResolution")}>
            <textarea rows={3} maxLength={LIMITS.text} defaultValue={value("desiredResolution")} {...aria("desiredResolution", "hint")} />
          </Field>
          <Field id="priorComplaint" label={t("form.priorComplaint.label")} errors={errors("priorComplaint")} required group>
            <div className="choices">
              {(["yes", "no"] as const).map((answer) => (
                <label key={answer} className="choice">
                  <input type="radio" name="priorComplaint" value={answer} defaultChecked={value("priorComplaint") === answer} />
                  {t(`form.priorComplaint.${answer}`)}
                </label>
              ))}
            </div>
          </Field>
        </section>

        <section>
          <h2>{t("form.sections.you")}</h2>
          <Field id="consumerName" label={t("form.consumerName.label")} hint={t("form.consumerName.hint")} errors={errors("consumerName")}>
            <input type="text" autoComplete="name" maxLength={LIMITS.name} defaultValue={value("consumerName")} {...aria("consumerName", "hint")} />
          </Field>
          <p className="hint">{t("form.contactHint")}</p>
          <div className="row">
            <Field id="consumerPhone" label={t("form.consumerPhone.label")} errors={errors("consumerPhone")}>
              <input type="tel" autoComplete="tel" defaultValue={value("consumerPhone")} {...aria("consumerPhone")} />
            </Field>
            <Field id="consumerEmail" label={t("form.consumerEmail.label")} errors={errors("consumerEmail")}>
              <input type="email" autoComplete="email" defaultValue={value("consumerEmail")} {...aria("consumerEmail")} />
            </Field>
          </div>
          <Field id="region" label={t("form.region.label")} errors={errors("region")} required>
            <select defaultValue={value("region") ?? ""} {...aria("region")}>
              <option value="">{t("form.region.placeholder")}</option>
              {REGIONS.map((r) => (
                <option key={r.code} value={r.code}>
                  {locale === "en" ? r.en : r.zh}
                </option>
              ))}
            </select>
          </Field>
          <label className="choice consent">
            <input type="checkbox" name="consent" id="consent" defaultChecked={fields.consent.initialValue === "on"} />
            {t("form.consent.label")}
          </label>
        </section>

        <button type="submit" className="button primary" disabled={submitting}>
          {submitting ? t("form.submitting") : t("form.submit")}
        </button>
      </Form>
    </div>
  );
}

/** "Did you mean…": the entries close to what was typed, the first chosen, or the name kept as typed; works without JavaScript. */
function CreditorChoice({ question }: { question: NonNullable<CreditorQuestion> }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const name = (c: Candidate) => (locale === "en" ? c.nameEn : c.nameZh);
  const [only] = question.candidates;
  return (
    <fieldset className="creditor-question">
      <legend>{question.candidates.length === 1 ? t("form.institution.didYouMean", { name: name(only) }) : t("form.institution.whichOne")}</legend>
      <input type="hidden" name="institutionAsked" value={question.typed} />
      {question.candidates.map((c, index) => (
        <label key={c.id} className="choice">
          <input type="radio" name="institutionChoice" value={c.id} defaultChecked={index === 0} />
          {name(c)}
        </label>
      ))}
      <label className="choice">
        <input type="radio" name="institutionChoice" value={KEEP_TYPED} />
        {t("form.institution.keepTyped", { typed: question.typed })}
      </label>
    </fieldset>
  );
}
