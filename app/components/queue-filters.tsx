import { useTranslation } from "react-i18next";
import type { QueueFilter } from "~/domain/queue-filter";
import { REGIONS } from "~/domain/regions";
import { STATUSES } from "~/domain/status";
import { CATEGORIES, PRODUCTS } from "~/domain/taxonomy";
import { useLocale } from "./root-data";

type Institution = { id: string; nameZh: string; nameEn: string };

/** A GET form: the filters become the query string, so a view can be bookmarked and shared. */
export function QueueFilters({ filter, institutions }: { filter: QueueFilter; institutions: Institution[] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <form method="get" className="filters" aria-label={t("triage.filters")}>
      <label>
        {t("track.view.status")}
        <select name="status" defaultValue={filter.status ?? "open"}>
          <option value="open">{t("triage.openStatuses")}</option>
          <option value="all">{t("triage.allStatuses")}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}.label`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("field.categories")}
        <select name="category" defaultValue={filter.category ?? ""}>
          <option value="">{t("triage.any")}</option>
          {CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {t(`category.${c}.label`)}
            </option>
          ))}
        </select>
      </label>
      {institutions.length ? (
        <label>
          {t("field.institution")}
          <select name="institution" defaultValue={filter.institution ?? ""}>
            <option value="">{t("triage.any")}</option>
            {institutions.map((i) => (
              <option key={i.id} value={i.id}>
                {locale === "en" ? i.nameEn : i.nameZh}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <label>
        {t("field.product")}
        <select name="product" defaultValue={filter.product ?? ""}>
          <option value="">{t("triage.any")}</option>
          {PRODUCTS.map((p) => (
            <option key={p} value={p}>
              {t(`form.product.${p}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("field.region")}
        <select name="region" defaultValue={filter.region ?? ""}>
          <option value="">{t("triage.any")}</option>
          {REGIONS.map((r) => (
            <option key={r.code} value={r.code}>
              {locale === "en" ? r.en : r.zh}
            </option>
          ))}
        </select>
      </label>
      <label className="choice">
        <input type="checkbox" name="overdue" value="1" defaultChecked={filter.overdue === "1"} />
        {t("triage.onlyOverdue")}
      </label>
      <button type="submit" className="button">
        {t("triage.filter")}
      </button>
    </form>
  );
}
