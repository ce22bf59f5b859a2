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

/**
 * Runs `write` once the page has gone on, outside its SQL time: for a write the page need not wait
 * for (a commit waits for the disk). A write that fails is logged as `what`, and nothing else.
 */
export function afterThePage(what: string, write: () => Promise<unknown>) {
  setImmediate(() => {
    sqlTime.exit(write).catch((error: unknown) => console.error(`${what}:`, error instanceof Error ? error.message : error));
  });
}
