import { useTranslation } from "~/i18n/use-translation";
import { useErrorText } from "./form";

type Option = { value: string; label: string };

/** One filter of a GET form: a labelled select whose first choice is "any", with its error beside it. */
export function FilterSelect({ name, label, value, options, errors }: { name: string; label: string; value?: string; options: Option[]; errors?: string[] }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  return (
    <label>
      {label}
      <select name={name} defaultValue={value ?? ""} aria-invalid={errors ? true : undefined} aria-describedby={errors ? `${name}-error` : undefined}>
        <option value="">{t("triage.any")}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {errors ? (
        <span className="field-error" id={`${name}-error`}>
          {errors.map(errorText).join(" ")}
        </span>
      ) : null}
    </label>
  );
}
