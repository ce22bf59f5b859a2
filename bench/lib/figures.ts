import type { Figure } from "./measurement";
import { quantile, round } from "./timing";

/** A requirement of the issue: its words, and the check of a value against it (and against the baseline). */
export type Target = { text: string; meets: (value: number, baseline: number | null) => boolean };

export const under = (limit: number, unit = "ms"): Target => ({ text: `< ${limit} ${unit}`, meets: (v) => v < limit });
export const withinRatio = (limit: number): Target => ({ text: `≤ ${limit}× the baseline`, meets: (v, b) => b !== null && v <= limit * b });

/**
 * p50 and p99 of a page's times, each beside the same quantile of its baseline (the bare SQL or the
 * floor page, same run). A page that answered anything but 200 meets no target.
 */
export function latencyFigures(
  id: string,
  label: string,
  page: { samples: number[]; failures: number[] },
  baseline?: { label: string; samples: number[] },
  targets: { p50?: Target; p99?: Target } = {},
): Figure[] {
  const note = page.failures.length ? `${page.failures.length} of ${page.samples.length} answered ${[...new Set(page.failures)].join(", ")}` : undefined;
  return (["p50", "p99"] as const).map((q) => {
    const at = q === "p50" ? 0.5 : 0.99;
    const value = round(quantile(page.samples, at));
    const base = baseline ? round(quantile(baseline.samples, at), 2) : null;
    const target = targets[q];
    return {
      id: `${id}.${q}`,
      label: `${label}: ${q}`,
      value,
      unit: "ms",
      ...(baseline ? { baseline: { label: `${baseline.label}: ${q}`, value: base } } : {}),
      ...(target ? { target: target.text, meets: value !== null && !note && target.meets(value, base) } : {}),
      ...(note ? { note } : {}),
    };
  });
}

/** A figure that could not be measured (the server died, a command failed): shown as "—" with the reason. */
export function failedFigure(id: string, label: string, error: unknown): Figure {
  const message = error instanceof Error ? error.message : String(error);
  return { id, label, value: null, unit: "ms", note: message.split("\n")[0].slice(0, 200) };
}

/** ["queue", "queue", "form"] → "queue×2, form×1". */
export function tally(items: string[]): string {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return [...counts].map(([item, n]) => `${item}×${n}`).join(", ");
}
