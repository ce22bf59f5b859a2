import { useTranslation } from "~/i18n/use-translation";

/**
 * The hash of the complaint's latest event, so the consumer holds a piece of the audit chain
 * outside the database: a rewritten record no longer matches what they wrote down.
 */
export function AuditFingerprint({ hash }: { hash: string | null }) {
  const { t } = useTranslation();
  if (!hash) return null;
  return (
    <section className="fingerprint" aria-labelledby="fingerprint-label">
      <span className="label" id="fingerprint-label">
        {t("fingerprint.label")}
      </span>{" "}
      <code className="sha" id="audit-fingerprint" title={hash}>
        <strong>{hash.slice(0, 16)}</strong>
      </code>
      <p className="muted">{t("fingerprint.text")}</p>
    </section>
  );
}
