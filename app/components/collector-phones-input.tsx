import { useState, type TextareaHTMLAttributes } from "react";
import { useTranslation } from "~/i18n/use-translation";
import { displayPhone, readPhoneList, type PhoneReading } from "~/domain/phone";
import { useLocale } from "./root-data";

/**
 * The collector numbers field, with how each line will be recorded shown under it as the consumer
 * types: formatted, a service or SMS number named as such, and a number that cannot be verified
 * marked so (it is kept as typed, not refused).
 */
export function CollectorPhonesInput({ defaultValue, ...textarea }: TextareaHTMLAttributes<HTMLTextAreaElement> & { defaultValue?: string }) {
  const { t } = useTranslation();
  const [text, setText] = useState(defaultValue ?? "");
  // Each number once, as the complaint will hold it.
  const readings = readPhoneList(text)
    .filter((r) => r.status !== "refused")
    .filter((r, i, all) => all.findIndex((other) => other.key === r.key) === i);
  return (
    <>
      <textarea rows={Math.min(8, Math.max(3, text.split("\n").length))} defaultValue={defaultValue} {...textarea} onChange={(e) => setText(e.target.value)} />
      {readings.length ? (
        <div className="phone-readings" aria-live="polite">
          <p className="hint">{t("form.collectorPhones.readAs")}</p>
          <ul className="plain">
            {readings.map((reading) => (
              <li key={reading.key} data-status={reading.status}>
                <Reading reading={reading} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}

function Reading({ reading }: { reading: Exclude<PhoneReading, { status: "refused" }> }) {
  const { t } = useTranslation();
  const locale = useLocale();
  if (reading.status === "withheld") return <>{t("phone.withheld")}</>;
  const text = displayPhone(reading.key, reading.line, locale).text;
  if (reading.status === "unverified") {
    return (
      <>
        {text}
        <span className="tag">{t("phone.unverified")}</span> {t(`phone.why.${reading.why}`)} · {t("phone.unverifiedNote")}
      </>
    );
  }
  return (
    <>
      {text}
      {reading.kind === "number" ? null : <span className="muted"> ({t(`phone.kind.${reading.kind}`)})</span>}
    </>
  );
}
