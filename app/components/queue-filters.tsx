import { useTranslation } from "~/i18n/use-translation";
import type { QueueFilter } from "~/domain/queue-filter";
import { REGIONS } from "~/domain/regions";
import { STATUSES } from "~/domain/status";
import { CATEGORIES, PRODUCTS } from "~/domain/taxonomy";
import { FilterSelect } from "./filter-select";
import { useLocale } from "./root-data";

type Institution = { id: string; nameZh: string; nameEn: string };

/** A GET form: the filters become the query string, so a view can be bookmarked and shared. */
export function QueueFilters({ filter, institutions }: { filter: QueueFilter; institutions: Institution[] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <form method="get" className="filters" aria-label={t("triage.filters")}>
      <label className="search">
        {t("triage.search")}
        <input type="search" name="q" defaultValue={filter.q ?? ""} maxLength={100} placeholder={t("triage.searchHint")} />
      </label>
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
      <FilterSelect
        name="category"
        label={t("field.categories")}
        value={filter.category}
        options={CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}.label`) }))}
      />
      {institutions.length ? (
        <FilterSelect
          name="institution"
          label={t("field.institution")}
          value={filter.institution}
          options={institutions.map((i) => ({ value: i.id, label: locale === "en" ? i.nameEn : i.nameZh }))}
        />
      ) : null}
      <FilterSelect
        name="product"
        label={t("field.product")}
        value={filter.product}
        options={PRODUCTS.map((p) => ({ value: p, label: t(`form.product.${p}`) }))}
      />
      <FilterSelect
        name="region"
        label={t("field.region")}
        value={filter.region}
        options={REGIONS.map((r) => ({ value: r.code, label: locale === "en" ? r.en : r.zh }))}
      />
      <label className="choice">
        <input type="checkbox" name="overdue" value="1" defaultChecked={filter.overdue === "1"} />
        {t("triage.onlyOverdue")}
      </label>
      <label className="choice">
        <input type="checkbox" name="mine" value="1" defaultChecked={filter.mine === "1"} />
        {t("triage.onlyMine")}
      </label>
      <button type="submit" className="button">
        {t("triage.filter")}
      </button>
    </form>
  );
}
