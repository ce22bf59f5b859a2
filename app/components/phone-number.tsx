import { useTranslation } from "~/i18n/use-translation";
import { displayPhone } from "~/domain/phone";
import { useLocale } from "./root-data";

/**
 * A stored number as people read it (domain/phone.ts displayPhone): formatted by the library,
 * "unknown" for a withheld one, and what could not be verified shown as typed and marked so.
 */
export function PhoneNumber({ phone }: { phone: { number: string; typed?: string | null } }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const shown = displayPhone(phone.number, phone.typed ?? null, locale);
  if (shown.status === "withheld") return <>{t("phone.withheld")}</>;
  if (shown.status === "unverified") {
    return (
      <>
        {shown.text}
        <span className="tag">{t("phone.unverified")}</span>
      </>
    );
  }
  return <>{shown.text}</>;
}

export function PhoneNumbers({ phones }: { phones: { number: string; typed?: string | null }[] }) {
  if (!phones.length) return <>—</>;
  return (
    <ul className="plain">
      {phones.map((phone) => (
        <li key={phone.number}>
          <PhoneNumber phone={phone} />
        </li>
      ))}
    </ul>
  );
}
