import { useTranslation } from "~/i18n/use-translation";
import { REGIONS } from "~/domain/regions";
import { STATUSES } from "~/domain/status";
import { CATEGORIES, PRODUCTS } from "~/domain/taxonomy";
import { FilterSelect } from "./filter-select";
import { useErrorText } from "./form";
import { useLocale } from "./root-data";

/** One headline number with what it counts. */
export function Figure({ label, value, id }: { label: string; value: string | number; id?: string }) {
  return (
    <div className="figure">
      {label}
      <strong id={id}>{value}</strong>
    </div>
  );
}

/** The same numbers as a chart, as a table: for screen readers, copying and checking. */
export function NumbersTable({ id, headers, rows, open = false }: { id: string; headers: string[]; rows: (string | number)[][]; open?: boolean }) {
  const { t } = useTranslation();
  return (
    <details className="numbers" open={open}>
      <summary>{t("stats.tableView")}</summary>
      <table className="numbers" id={id}>
        <thead>
          <tr>
            {headers.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              {row.map((cell, j) => (
                <td key={j} className={typeof cell === "number" ? "n" : undefined}>
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

/** Dashboard filters as a GET form: the query string is the view, and the exports take the same one. */
export function StatsFilters({ values, errors }: { values: Record<string, string>; errors: Record<string, string[]> }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const locale = useLocale();
  const input = (name: string, label: string, type = "text") => (
    <label>
      {label}
      <input
        type={type}
        name={name}
        defaultValue={values[name] ?? ""}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={errors[name] ? `${name}-error` : undefined}
      />
      {errors[name] ? (
        <span className="field-error" id={`${name}-error`}>
          {errors[name].map(errorText).join(" ")}
        </span>
      ) : null}
    </label>
  );
  return (
    <form method="get" className="filters" aria-label={t("triage.filters")}>
      {input("from", t("stats.from"), "date")}
      {input("to", t("stats.to"), "date")}
      {input("institution", t("field.institution"))}
      {input("agency", t("field.agency"))}
      {[
        { name: "product", label: t("field.product"), options: PRODUCTS.map((p) => ({ value: p, label: t(`form.product.${p}`) })) },
        { name: "region", label: t("field.region"), options: REGIONS.map((r) => ({ value: r.code, label: locale === "en" ? r.en : r.zh })) },
        { name: "category", label: t("field.categories"), options: CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}.label`) })) },
        { name: "status", label: t("track.view.status"), options: STATUSES.map((s) => ({ value: s, label: t(`status.${s}.label`) })) },
      ].map((f) => (
        <FilterSelect key={f.name} {...f} value={values[f.name]} errors={errors[f.name]} />
      ))}
      <button type="submit" className="button">
        {t("triage.filter")}
      </button>
    </form>
  );
}
