import { findRedactions, type KnownIdentifiers, type Redaction, type RedactionKind } from "./redact";

/**
 * Scoring redaction against a labelled corpus (redaction-corpus.json). A narrative marks each
 * span that must go as `{kind:text}`. Recall: a labelled span counts as found when every one of
 * its characters is removed (by any pattern: a phone taken for a card number still does not
 * leak). Precision: a removal counts as right when every character it takes lies inside some
 * labelled span (a removal that also eats the words around a name is wrong).
 */

export type LabelledNarrative = { id: number; text: string; known?: KnownIdentifiers };
export type Label = { start: number; end: number; kind: RedactionKind; text: string };
export type KindScore = { kind: RedactionKind; labelled: number; found: number; removed: number; right: number; recall: number; precision: number };
export type CorpusScore = {
  kinds: KindScore[];
  /** Labelled spans not (wholly) removed: each is a leak. */
  missed: (Label & { id: number })[];
  /** Removals that took text no label covers. */
  wrong: (Redaction & { id: number; text: string })[];
};

const LABEL = /\{(\w+):([^{}]*)\}/g;
// Spaces and punctuation at a span's edge are not held against either side.
const EDGE = /[\s,，.。:：、()（）“”"'·-]/;

export function parseLabels(marked: string): { text: string; labels: Label[] } {
  let text = "";
  let last = 0;
  const labels: Label[] = [];
  for (const match of marked.matchAll(LABEL)) {
    text += marked.slice(last, match.index);
    labels.push({ start: text.length, end: text.length + match[2].length, kind: match[1] as RedactionKind, text: match[2] });
    text += match[2];
    last = match.index + match[0].length;
  }
  return { text: text + marked.slice(last), labels };
}

function covered(text: string, start: number, end: number, spans: readonly { start: number; end: number }[]): boolean {
  for (let i = start; i < end; i++) {
    if (EDGE.test(text[i])) continue;
    if (!spans.some((s) => s.start <= i && i < s.end)) return false;
  }
  return true;
}

export function scoreCorpus(narratives: readonly LabelledNarrative[]): CorpusScore {
  const tally = new Map<RedactionKind, { labelled: number; found: number; removed: number; right: number }>();
  const count = (kind: RedactionKind) => tally.get(kind) ?? (tally.set(kind, { labelled: 0, found: 0, removed: 0, right: 0 }), tally.get(kind)!);
  const missed: CorpusScore["missed"] = [];
  const wrong: CorpusScore["wrong"] = [];
  for (const { id, text: marked, known } of narratives) {
    const { text, labels } = parseLabels(marked);
    const removals = findRedactions(text, known);
    for (const label of labels) {
      count(label.kind).labelled++;
      if (covered(text, label.start, label.end, removals)) count(label.kind).found++;
      else missed.push({ ...label, id });
    }
    for (const removal of removals) {
      count(removal.kind).removed++;
      if (covered(text, removal.start, removal.end, labels)) count(removal.kind).right++;
      else wrong.push({ ...removal, id, text: text.slice(removal.start, removal.end) });
    }
  }
  const kinds = [...tally].map(([kind, t]) => ({
    kind,
    ...t,
    recall: t.labelled ? t.found / t.labelled : 1,
    precision: t.removed ? t.right / t.removed : 1,
  }));
  return { kinds: kinds.sort((a, b) => b.labelled - a.labelled), missed, wrong };
}

export function formatScore({ kinds }: CorpusScore): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const rows = kinds.map((k) => `| ${k.kind} | ${k.labelled} | ${k.found} | ${pct(k.recall)} | ${k.removed} | ${k.right} | ${pct(k.precision)} |`);
  return ["| kind | labelled | found | recall | removals | right | precision |", "| --- | --- | --- | --- | --- | --- | --- |", ...rows].join("\n");
}
