import { useTranslation } from "~/i18n/use-translation";
import type { PhotoView } from "~/server/evidence.server";

/** What a photo's metadata said, as facts; the position itself only when the page was given it (the regulator's). */
export function PhotoFacts({ photo }: { photo: PhotoView }) {
  const { t } = useTranslation();
  return (
    <ul className="photo-facts">
      {!photo.read ? <li className="muted">{t("evidence.photo.notRead")}</li> : null}
      {photo.takenAt ? <li>{t("evidence.photo.takenAt", { value: photo.takenAt })}</li> : null}
      {photo.device ? <li>{t("evidence.photo.device", { value: photo.device })}</li> : null}
      {photo.read ? <li>{t(photo.hadPosition ? "evidence.photo.position" : "evidence.photo.noPosition")}</li> : null}
      {photo.position ? (
        <li className="photo-position">
          {t("evidence.photo.positionAt", { latitude: photo.position.latitude.toFixed(5), longitude: photo.position.longitude.toFixed(5) })}
        </li>
      ) : null}
      {photo.servedMime === null ? (
        <li className="muted">{t("evidence.photo.withheld")}</li>
      ) : !photo.position && photo.hadPosition ? (
        <li className="muted">{t("evidence.photo.cleaned")}</li>
      ) : null}
    </ul>
  );
}
