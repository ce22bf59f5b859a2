import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { HorizontalBars, Trend } from "~/components/charts";
import { useLocale } from "~/components/root-data";
import { CallLogStats } from "~/components/call-log-stats";
import { Figure, NumbersTable, StatsFilters } from "~/components/stats-parts";
import { regionName } from "~/domain/regions";
import { formatShare, parseStatsFilter, statsFilterToSearchParams, type StatsFilter } from "~/domain/stats/shape";
import { pageTitle } from "~/i18n/meta";
import { requirePage } from "~/server/auth.server";
import { resolveLocale } from "~/server/locale.server";
import { getDashboard } from "~/server/stats.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "stats.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePage(request, "stats");
  const params = new URL(request.url).searchParams;
  const parsed = parseStatsFilter(params);
  // A bad filter is reported beside its field; the numbers are then shown unfiltered, not hidden.
  const filter: StatsFilter = parsed.success ? parsed.data : {};
  const errors = parsed.success ? {} : (Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), [i.message]])) as Record<string, string[]>);
  const { locale } = await resolveLocale(request);
  const dashboard = await getDashboard(filter, locale);
  return json(
    { dashboard, filter, values: Object.fromEntries(params), errors, query: statsFilterToSearchParams(filter).toString() },
    { status: parsed.success ? 200 : 400, headers: { "Cache-Control": "no-store" } },
  );
}

export default function Stats() {
  const { dashboard: d, values, errors, query } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const locale = useLocale();
  const suffix = query ? `?${query}` : "";
  const categories = d.byCategory.map((c) => ({ label: t(`category.${c.category}.label`), value: c.alleged, secondary: c.substantiated }));
  return (
    <div className="page wide">
      <h1>{t("stats.title")}</h1>
      <StatsFilters values={values} errors={errors} />
      <p className="exports">
        {t("stats.export")}: <a href={`/stats/export.csv${suffix}`}>CSV</a> · <a href={`/stats/export.json${suffix}`}>JSON</a> ·{" "}
        <a href={`/stats/export.csv?${new URLSearchParams({ ...Object.fromEntries(new URLSearchParams(query)), by: "institution" })}`}>
          {t("stats.exportByInstitution")}
        </a>
      </p>
      <div className="figures">
        <Figure label={t("stats.total")} value={d.total} id="stat-total" />
        <Figure label={t("stats.timelyResponses")} value={d.timelyResponses} id="stat-timely" />
        <Figure label={t("stats.answeredInTime")} value={formatShare(d.rates.answeredInTime, locale)} />
        <Figure label={t("stats.escalationRate")} value={formatShare(d.rates.escalation, locale)} />
        <Figure label={t("stats.disputeRate")} value={formatShare(d.rates.dispute, locale)} />
      </div>
      <h2>{t("stats.byCategory")}</h2>
      <p className="hint">
        {t("stats.allegedVsSubstantiated")} {t("stats.foundByReviewerHint")}
      </p>
      <HorizontalBars title={t("stats.byCategory")} data={categories} />
      <NumbersTable
        id="table-category"
        headers={[t("field.categories"), t("stats.alleged"), t("stats.substantiated"), t("stats.foundByReviewer")]}
        rows={d.byCategory.map((c) => [t(`category.${c.category}.label`), c.alleged, c.substantiated, c.foundByReviewer])}
      />
      <h2>{t("stats.byInstitution")}</h2>
      <NumbersTable
        id="table-institution"
        open
        headers={["#", t("field.institution"), t("stats.complaints"), t("stats.answeredInTime")]}
        rows={d.byInstitution.map((r) => [r.rank, r.name, r.count, formatShare(r.share, locale)])}
      />
      <h2>{t("stats.byMonth")}</h2>
      <Trend title={t("stats.byMonth")} points={d.byMonth.map((m) => ({ label: m.month, value: m.count }))} />
      <NumbersTable id="table-month" headers={[t("stats.month"), t("stats.complaints")]} rows={d.byMonth.map((m) => [m.month, m.count])} />
      <div className="stats-grid">
        <section>
          <h2>{t("stats.byProduct")}</h2>
          <HorizontalBars title={t("stats.byProduct")} data={d.byProduct.map((p) => ({ label: t(`form.product.${p.key}`), value: p.count }))} />
          <NumbersTable
            id="table-product"
            headers={[t("field.product"), t("stats.complaints")]}
            rows={d.byProduct.map((p) => [t(`form.product.${p.key}`), p.count])}
          />
        </section>
        <section>
          <h2>{t("stats.outcomes")}</h2>
          <HorizontalBars title={t("stats.outcomes")} data={d.outcomes.map((o) => ({ label: t(`outcome.${o.key}`), value: o.count }))} />
          <NumbersTable
            id="table-outcome"
            headers={[t("field.outcome"), t("stats.complaints")]}
            rows={d.outcomes.map((o) => [t(`outcome.${o.key}`), o.count])}
          />
        </section>
      </div>
      <CallLogStats stats={d.callLogs} />
      <h2>{t("stats.byRegion")}</h2>
      <HorizontalBars title={t("stats.byRegion")} data={d.byRegion.map((r) => ({ label: regionName(r.key, locale), value: r.count }))} />
      <NumbersTable id="table-region" headers={[t("field.region"), t("stats.complaints")]} rows={d.byRegion.map((r) => [regionName(r.key, locale), r.count])} />
    </div>
  );
}
