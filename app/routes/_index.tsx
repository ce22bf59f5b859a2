import type { MetaFunction } from "@remix-run/node";
import { useTranslation } from "~/i18n/use-translation";
import { pageTitle } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "app.tagline");

export default function Home() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <h1>{t("home.title")}</h1>
      <p className="lead">{t("home.intro")}</p>
      <div className="cards">
        <section className="card">
          <h2>{t("home.fileTitle")}</h2>
          <p>{t("home.fileText")}</p>
          <a className="button primary" href="/complaints/new">
            {t("home.fileAction")}
          </a>
        </section>
        <section className="card">
          <h2>{t("home.trackTitle")}</h2>
          <p>{t("home.trackText")}</p>
          <a className="button" href="/track">
            {t("home.trackAction")}
          </a>
        </section>
      </div>
      <p className="muted">{t("home.privacy")}</p>
    </div>
  );
}
