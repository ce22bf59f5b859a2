import { useTranslation } from "~/i18n/use-translation";
import { suggestCategories, type LexiconMatch } from "~/domain/call-log/lexicon";

/** The phrases that matched, each once, quoted: “上门”、“单位”. */
export function quotedPhrases(matches: LexiconMatch[]): string {
  return [...new Set(matches.map((m) => `“${m.phrase}”`))].join("、");
}

/**
 * The consumer's account with the words that suggest a category marked, and below it
 * the categories they suggest that the consumer did not tick. For reviewers: a hint of
 * where to look, never a change to what the consumer alleged.
 */
export function NarrativeHighlights({ text, alleged }: { text: string; alleged: string[] }) {
  const { t } = useTranslation();
  const suggestions = suggestCategories(text);
  const spans = new Map<number, { end: number; categories: string[] }>();
  for (const { category, matches } of suggestions) {
    for (const match of matches) {
      const span = spans.get(match.index) ?? { end: match.index + match.phrase.length, categories: [] };
      span.categories.push(category);
      spans.set(match.index, span);
    }
  }
  const parts: React.ReactNode[] = [];
  let cursor = 0;
  for (const [index, span] of [...spans].sort(([a], [b]) => a - b)) {
    // Two phrases may overlap without one holding the other; the first one marked wins.
    if (index < cursor) continue;
    parts.push(text.slice(cursor, index));
    parts.push(
      <mark key={index} className="lexicon" title={span.categories.map((c) => t(`category.${c}.label`)).join("；")}>
        {text.slice(index, span.end)}
      </mark>,
    );
    cursor = span.end;
  }
  parts.push(text.slice(cursor));
  const unticked = suggestions.filter((s) => !alleged.includes(s.category));
  return (
    <>
      <p className="narrative">{parts}</p>
      {unticked.length ? (
        <div className="suggested-categories">
          <p>{t("lexicon.reviewer")}</p>
          <ul>
            {unticked.map(({ category, matches }) => (
              <li key={category}>{t("lexicon.match", { category: t(`category.${category}.label`), phrases: quotedPhrases(matches) })}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}
