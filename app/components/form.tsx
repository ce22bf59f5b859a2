import type { ReactNode } from "react";
import { useTranslation } from "~/i18n/use-translation";
import { useRootData } from "./root-data";

/** Errors travel as catalogue keys, with an optional detail after "|" (the number or file name at fault), then any limits it names. */
export function useErrorText() {
  const { t } = useTranslation();
  const limits = useRootData()?.limits;
  return (message: string) => {
    const [key, detail, limit, cells] = message.split("|");
    return t(key, { detail, limit, cells, maxMb: limits?.maxFileMb, maxFiles: limits?.maxFiles });
  };
}

export function CsrfInput() {
  return <input type="hidden" name="csrf" value={useRootData()?.csrf ?? ""} />;
}

type FieldProps = {
  id: string;
  label: string;
  hint?: string;
  errors?: string[];
  required?: boolean;
  group?: boolean;
  children: ReactNode;
};

/** Label, hint and the field's own errors, next to the input and announced with it. */
export function Field({ id, label, hint, errors, required, group, children }: FieldProps) {
  const errorText = useErrorText();
  const { t } = useTranslation();
  const labelText = (
    <>
      {label}
      {required ? (
        <>
          <span className="required" aria-hidden="true">
            {" "}
            *
          </span>
          <span className="visually-hidden">{t("form.required")}</span>
        </>
      ) : null}
    </>
  );
  const notes = (
    <>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {errors?.length ? (
        <ul className="field-error" id={`${id}-error`}>
          {errors.map((e) => (
            <li key={e}>{errorText(e)}</li>
          ))}
        </ul>
      ) : null}
    </>
  );
  if (group) {
    return (
      <fieldset className={errors?.length ? "field invalid" : "field"} id={id} aria-describedby={describedBy(id, hint, errors)}>
        <legend>{labelText}</legend>
        {notes}
        {children}
      </fieldset>
    );
  }
  return (
    <div className={errors?.length ? "field invalid" : "field"}>
      <label htmlFor={id}>{labelText}</label>
      {notes}
      {children}
    </div>
  );
}

export function describedBy(id: string, hint?: string, errors?: string[]): string | undefined {
  const ids = [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

/** The error summary at the top of a form: one link per field at fault, focused so screen readers announce it. */
export function ErrorSummary({ errors, labels, extra }: { errors: Record<string, string[] | undefined>; labels: Record<string, string>; extra?: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const entries = Object.entries(errors).filter(([, list]) => list?.length);
  if (!entries.length) return null;
  const count = entries.reduce((n, [, list]) => n + (list?.length ?? 0), 0);
  return (
    <div className="error-summary" role="alert" tabIndex={-1} id="error-summary">
      <h2>{t("form.errorSummary", { count })}</h2>
      <ul>
        {entries.flatMap(([field, list]) =>
          (list ?? []).map((message) => (
            <li key={`${field}:${message}`}>
              <a href={`#${field}`}>
                {labels[field] ? `${labels[field]}: ` : ""}
                {errorText(message)}
              </a>
            </li>
          )),
        )}
      </ul>
      {extra ? <p>{extra}</p> : null}
    </div>
  );
}

/** An error about the whole form (a wrong key, too many attempts), above it, announced at once. */
export function FormError({ message, minutes }: { message: string | undefined; minutes?: number | null }) {
  const { t } = useTranslation();
  if (!message) return null;
  return (
    <div className="error-summary" role="alert" id="error-summary">
      <p>{t(message, { minutes: minutes ?? undefined })}</p>
    </div>
  );
}
