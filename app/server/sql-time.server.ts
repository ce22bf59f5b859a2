import { AsyncLocalStorage } from "node:async_hooks";

const sqlTime = new AsyncLocalStorage<{ ms: number }>();

/**
 * Runs `handle` adding up the time its queries spend in SQLite (not waiting for the lock, not in
 * Prisma), for the Server-Timing header server.js sends with SERVER_TIMING=1: bench/pages.ts
 * compares it with the bare query.
 */
export function timeSql<T>(handle: (total: { ms: number }) => T): T {
  const total = { ms: 0 };
  return sqlTime.run(total, () => handle(total));
}

export function timedSync<T>(run: () => T): T {
  const total = sqlTime.getStore();
  if (!total) return run();
  const started = performance.now();
  try {
    return run();
  } finally {
    total.ms += performance.now() - started;
  }
}

export async function timed<T>(run: () => Promise<T>): Promise<T> {
  const total = sqlTime.getStore();
  if (!total) return run();
  const started = performance.now();
  try {
    return await run();
  } finally {
    total.ms += performance.now() - started;
  }
}

/** Runs `run` outside any page's timing: work the page does not wait for. */
export function untimed<T>(run: () => T): T {
  return sqlTime.exit(run);
}
