import { useTranslation } from "~/i18n/use-translation";
import { formatBytes } from "~/domain/format";
import type { PhotoView } from "~/server/evidence.server";
import { PhotoFacts } from "./photo-facts";

type EvidenceRow = { id: number; name: string; kind: string; mime: string; size: number; sha256: string };

/**
 * Each file with what proves it later: name, type, size and SHA-256 (the original's, as filed).
 * With `photos` (a reviewer's page), a photo's metadata facts; a photo withheld from this reader has no link.
 */
export function EvidenceTable({
  evidence,
  hrefFor,
  photos,
}: {
  evidence: EvidenceRow[];
  hrefFor?: (row: EvidenceRow) => string;
  photos?: Record<number, PhotoView>;
}) {
  const { t } = useTranslation();
  if (!evidence.length) return <p className="muted">{t("evidence.none")}</p>;
  return (
    <div className="table-wrap">
      <table className="evidence">
        <thead>
          <tr>
            <th scope="col">{t("evidence.name")}</th>
            <th scope="col">{t("evidence.type")}</th>
            <th scope="col">{t("evidence.size")}</th>
            <th scope="col">{t("evidence.sha256")}</th>
          </tr>
        </thead>
        <tbody>
          {evidence.map((row) => {
            const size = formatBytes(row.size);
            const photo = photos?.[row.id];
            const linked = hrefFor && photo?.servedMime !== null;
            return (
              <tr key={row.id}>
                <td className="file-name">
                  {linked ? <a href={hrefFor(row)}>{row.name}</a> : row.name}
                  {photo ? <PhotoFacts photo={photo} /> : null}
                </td>
                <td>
                  {t(`evidence.kind.${row.kind}`)} <span className="muted">{row.mime}</span>
                </td>
                <td>{t("format.bytes", size)}</td>
                <td>
                  <code className="sha" title={row.sha256}>
                    <strong>{row.sha256.slice(0, 12)}</strong>
                    {row.sha256.slice(12)}
                  </code>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="hint">{t("evidence.shaHint")}</p>
    </div>
  );
}
