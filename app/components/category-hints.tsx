import { useSyncExternalStore } from "react";
import { useTranslation } from "~/i18n/use-translation";
import { suggestCategories } from "~/domain/call-log/lexicon";
import { quotedPhrases } from "./narrative-highlights";

const noSubscription = () => () => {};

/**
 * While the consumer writes their account, the categories its words suggest (上门 →
 * threats, 单位 → employer) that they have not ticked, each with a button to tick it.
 * Only with JavaScript: without it the form is the same, minus the hints. A hint is
 * never applied by itself; the consumer decides.
 */
export function CategoryHints({ text, ticked, onAccept }: { text: string; ticked: string[]; onAccept: (category: string) => void }) {
  const { t } = useTranslation();
  // False on the server and while hydrating, true in the browser after: the hints need JavaScript.
  const hydrated = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  if (!hydrated) return null;
  const hints = suggestCategories(text).filter((s) => !ticked.includes(s.category));
  return (
    <div className="category-hints" aria-live="polite">
      {hints.length ? (
        <>
          <p>{t("lexicon.form")}</p>
          <ul>
            {hints.map(({ category, matches }) => (
              <li key={category}>
                <span>
                  {quotedPhrases(matches)} → <strong>{t(`category.${category}.label`)}</strong>
                </span>{" "}
                <button
                  type="button"
                  className="button small"
                  onClick={() => onAccept(category)}
                  data-category={category}
                  aria-label={t("lexicon.acceptLabel", { category: t(`category.${category}.label`) })}
                >
                  {t("lexicon.accept")}
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
