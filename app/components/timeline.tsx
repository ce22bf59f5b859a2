import { useTranslation } from "react-i18next";
import { CONSUMER_TIME_ZONE } from "~/domain/dates";
import type { Locale } from "~/i18n/catalogue";

type TimelineEvent = { id: number; type: string; actorRole: string; fromStatus: string | null; toStatus: string | null; note: string | null; createdAt: string };

export function formatDateTime(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: CONSUMER_TIME_ZONE }).format(new Date(iso));
}

/** The public history of a complaint, oldest first, as the consumer sees it. */
export function Timeline({ events, locale }: { events: TimelineEvent[]; locale: Locale }) {
  const { t } = useTranslation();
  return (
    <ol className="timeline" id="timeline">
      {events.map((event) => (
        <li key={event.id}>
          <time dateTime={event.createdAt}>{formatDateTime(event.createdAt, locale)}</time>
          <div>
            <strong>{t(`event.${event.type}`, { defaultValue: t("event.status_changed") })}</strong>
            <span className="muted"> · {t(`actor.${event.actorRole}`)}</span>
            {event.toStatus && event.fromStatus !== event.toStatus ? <p>→ {t(`status.${event.toStatus}.label`)}</p> : null}
            {event.note ? <p className="narrative">{event.note}</p> : null}
          </div>
        </li>
      ))}
    </ol>
  );
}
