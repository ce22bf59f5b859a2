import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useLocation, useRouteError } from "@remix-run/react";
import type { ReactNode } from "react";
import { I18nextProvider } from "react-i18next";
import { useTranslation } from "~/i18n/use-translation";
import { useNonce } from "./components/nonce";
import { useLocale, useRootData } from "./components/root-data";
import type { Locale } from "./i18n/catalogue";
import { i18nFor } from "./i18n/i18n";
import { canSeePage } from "./domain/permissions";
import { isRequestRefusal } from "./domain/refusal";
import { getReviewer } from "./server/auth.server";
import { csrfToken } from "./server/csrf.server";
import { limits } from "./server/env.server";
import { resolveLocale } from "./server/locale.server";
import styles from "./styles.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const { locale, setCookie } = await resolveLocale(request);
  const csrf = await csrfToken(request);
  const reviewer = await getReviewer(request);
  const headers = new Headers();
  if (setCookie) headers.append("Set-Cookie", setCookie);
  if (csrf.setCookie) headers.append("Set-Cookie", csrf.setCookie);
  return json(
    {
      locale,
      csrf: csrf.token,
      reviewer: reviewer ? { email: reviewer.email, role: reviewer.role } : null,
      requestId: request.headers.get("x-request-id"),
      limits: { maxFileMb: limits.maxFileMb, maxFiles: limits.maxFiles },
    },
    { headers },
  );
}

function LanguageSwitch({ locale }: { locale: Locale }) {
  const { t } = useTranslation();
  const location = useLocation();
  const params = new URLSearchParams(location.search);
  params.set("lang", locale === "en" ? "zh-CN" : "en");
  // A plain link, so the language cookie is set by a full page load.
  return (
    <a href={`${location.pathname}?${params}`} lang={locale === "en" ? "zh-CN" : "en"} title={t("app.switchLabel")} className="lang-switch">
      {t("app.switchTo")}
    </a>
  );
}

function Chrome({ locale, children }: { locale: Locale; children: ReactNode }) {
  const { t } = useTranslation();
  const root = useRootData();
  const reviewer = root?.reviewer;
  return (
    <>
      <a href="#main" className="skip">
        {t("app.skip")}
      </a>
      <header className="site-header">
        <a href="/" className="brand">
          {t("app.name")}
        </a>
        <nav aria-label={t("app.name")}>
          {reviewer ? (
            <>
              {canSeePage(reviewer.role, "triage") ? <a href="/triage">{t("app.nav.queue")}</a> : null}
              {canSeePage(reviewer.role, "stats") ? <a href="/stats">{t("app.nav.stats")}</a> : null}
              <form method="post" action="/logout" className="inline">
                <input type="hidden" name="csrf" value={root?.csrf ?? ""} />
                <button type="submit" className="button link on-dark" title={reviewer.email}>
                  {t("app.nav.logout")}
                </button>
              </form>
            </>
          ) : (
            <>
              <a href="/complaints/new">{t("app.nav.file")}</a>
              <a href="/track">{t("app.nav.track")}</a>
            </>
          )}
          <LanguageSwitch locale={locale} />
        </nav>
      </header>
      <main id="main">{children}</main>
      <footer className="site-footer">
        <p>{t("app.emergency")}</p>
      </footer>
    </>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const locale = useLocale();
  const nonce = useNonce();
  const i18n = i18nFor(locale);
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <I18nextProvider i18n={i18n}>
          <Chrome locale={locale}>{children}</Chrome>
        </I18nextProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const requestId = useRootData()?.requestId;
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  // A refusal (app/server/refusal.server.ts) or a plain catalogue key says what was wrong; anything else is our fault.
  const refused = isRouteErrorResponse(error) && isRequestRefusal(error.data) ? error.data : null;
  const known = refused ?? (isRouteErrorResponse(error) && typeof error.data === "string" && error.data.startsWith("error.") ? { message: error.data } : null);
  const title = notFound ? t("page.notFound.title") : t("page.error.title");
  return (
    <div className="page narrow">
      <h1>{title}</h1>
      <p>{notFound ? t("page.notFound.text") : known ? t(known.message, refused?.values) : t("page.error.text")}</p>
      {!notFound && !known && requestId ? <p className="muted">{t("page.error.reference", { id: requestId })}</p> : null}
      <p>
        <a href="/">{t("page.back")}</a>
      </p>
    </div>
  );
}
