import { useTranslation } from "~/i18n/use-translation";
import { regionName } from "~/domain/regions";
import type { Locale } from "~/i18n/catalogue";
import { NarrativeHighlights } from "./narrative-highlights";
import { PhoneNumbers } from "./phone-number";

type Summary = {
  institutionName: string;
  institution: { nameZh: string; nameEn: string } | null;
  agency: string | null;
  product: string;
  categories: { category: string; alleged?: boolean }[];
  collectorPhones: { number: string; typed?: string | null }[];
  incidentStart: string;
  incidentEnd: string | null;
  narrative: string;
  desiredResolution: string | null;
  priorComplaint: boolean;
  region: string;
  consent: boolean;
};

/**
 * What the consumer filed, in their language: on the receipt, the tracking page and the
 * triage page, where `highlight` marks the words of the account that suggest a category.
 */
export function ComplaintSummary({ complaint, locale, highlight = false }: { complaint: Summary; locale: Locale; highlight?: boolean }) {
  const { t } = useTranslation();
  const institution = complaint.institution ? (locale === "en" ? complaint.institution.nameEn : complaint.institution.nameZh) : complaint.institutionName;
  const rows: [string, React.ReactNode][] = [
    [t("field.institution"), institution],
    [t("field.agency"), complaint.agency ?? "—"],
    [t("field.product"), t(`form.product.${complaint.product}`)],
    [
      t("field.categories"),
      <ul key="c" className="plain">
        {complaint.categories.map((c) => (
          <li key={c.category} className={c.alleged === false ? "found-by-reviewer" : undefined}>
            {t(`category.${c.category}.label`)}
            {c.alleged === false ? <span className="muted"> ({t("field.foundByReviewer")})</span> : null}
          </li>
        ))}
      </ul>,
    ],
    [t("field.collectorPhones"), <PhoneNumbers key="p" phones={complaint.collectorPhones} />],
    [t("field.incident"), `${complaint.incidentStart} – ${complaint.incidentEnd ?? t("field.ongoing")}`],
    [
      t("field.narrative"),
      highlight ? (
        <NarrativeHighlights key="n" text={complaint.narrative} alleged={complaint.categories.filter((c) => c.alleged !== false).map((c) => c.category)} />
      ) : (
        <p key="n" className="narrative">
          {complaint.narrative}
        </p>
      ),
    ],
    [t("field.desiredResolution"), complaint.desiredResolution ?? "—"],
    [t("field.priorComplaint"), complaint.priorComplaint ? t("field.yes") : t("field.no")],
    [t("field.region"), regionName(complaint.region, locale)],
    [t("field.consent"), complaint.consent ? t("field.yes") : t("field.no")],
  ];
  return (
    <dl className="summary">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
