/** The q-th quantile (0–1) of the samples by the nearest-rank method; null for none. */
export function quantile(samples: readonly number[], q: number): number | null {
  if (!samples.length) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export const p50 = (samples: readonly number[]) => quantile(samples, 0.5);
export const median = (samples: readonly number[]) => quantile(samples, 0.5)!;
export const p99 = (samples: readonly number[]) => quantile(samples, 0.99);

/**
 * Runs `once` up to `times` times, stopping early when `budgetSeconds` have passed (at least one
 * run): on today's code one /stats at a million rows takes most of a minute. The first run is a
 * warm-up (compiling the route, filling caches) and is not counted when there is time for more.
 */
export async function repeat(times: number, budgetSeconds: number, once: (i: number) => Promise<number>): Promise<number[]> {
  const started = performance.now();
  const samples: number[] = [];
  for (let i = 0; i <= times; i++) {
    samples.push(await once(i));
    if ((performance.now() - started) / 1000 > budgetSeconds) break;
  }
  return samples.length > 1 ? samples.slice(1) : samples;
}

export const round = (value: number | null, digits = 1) => (value === null ? null : Number(value.toFixed(digits)));

/** How long a synchronous call (a bare SQL query) takes, in ms. */
export function msOf(work: () => unknown): number {
  const started = performance.now();
  work();
  return performance.now() - started;
}
