import { useTranslation } from "~/i18n/use-translation";
import { formatDateTime } from "~/domain/format";
import type { Locale } from "~/i18n/catalogue";

type TimelineEvent = {
  id: number;
  type: string;
  actorRole: string;
  actorId?: string | null;
  fromStatus: string | null;
  toStatus: string | null;
  note: string | null;
  public: boolean;
  createdAt: string;
};

/**
 * The history of a complaint, oldest first: the consumer gets only public events and each actor's
 * role; reviewers see internal ones marked, and the e-mail of the person who acted (`actorEmails`,
 * by user id).
 */
export function Timeline({
  events,
  locale,
  showInternal = false,
  actorEmails = {},
}: {
  events: TimelineEvent[];
  locale: Locale;
  showInternal?: boolean;
  actorEmails?: Record<string, string>;
}) {
  const { t } = useTranslation();
  return (
    <ol className="timeline" id="timeline">
      {events.map((event) => (
        <li key={event.id} className={event.public ? undefined : "internal"} data-event-type={event.type}>
          <time dateTime={event.createdAt}>{formatDateTime(event.createdAt, locale)}</time>
          <div>
            <strong>{t(`event.${event.type}`, { defaultValue: t("event.status_changed") })}</strong>
            <span className="muted"> · {t(showInternal && event.actorRole === "consumer" ? "actor.consumerToStaff" : `actor.${event.actorRole}`)}</span>
            {event.actorId && actorEmails[event.actorId] ? <span className="muted actor-email"> · {actorEmails[event.actorId]}</span> : null}
            {showInternal && !event.public ? <span className="tag">{t("triage.internal")}</span> : null}
            {event.toStatus && event.fromStatus !== event.toStatus ? <p>→ {t(`status.${event.toStatus}.label`)}</p> : null}
            {event.note ? <p className="narrative">{event.note}</p> : null}
          </div>
        </li>
      ))}
    </ol>
  );
}
