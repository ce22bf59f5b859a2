import { Worker } from "node:worker_threads";
import type { Dashboard } from "~/domain/stats/dashboard";
import type { StatsDimension, StatsFilter } from "~/domain/stats/shape";
import { db } from "./db.server";
import { engine } from "./engine.server";
import { dialectOf } from "./sql-dialect.server";
import type { StatsReply, StatsRequest } from "./stats.worker";

export type { Dashboard } from "~/domain/stats/dashboard";
export { statsWhere } from "./stats-where.server";

/**
 * Violation statistics, counted by the statistics index in a worker thread (stats.worker.ts,
 * docs/decisions/012-statistics-at-scale.md): one per server process, started with the server,
 * or by the first dashboard asked for. The server deletes the change-journal rows the worker has read.
 */

const WORKER_FILE = new URL("./stats.worker.js", import.meta.url);
/** How often the index reads the journal when no one asks, and the journal is trimmed. */
const SYNC_EVERY_MS = 60_000;
const PRUNE_BATCH = 5_000;

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

let worker: Worker | null = null;
let nextId = 1;
const waiting = new Map<number, { resolve: (reply: Extract<StatsReply, { ok: true }>) => void; reject: (error: Error) => void }>();

function statsWorker(): Worker {
  if (worker) return worker;
  const started = new Worker(WORKER_FILE, {
    // The columns are outside the heap; the heap holds the dictionaries and what a load reads in passing.
    resourceLimits: { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 16 },
  });
  const failAll = (error: Error) => {
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  };
  started.on("message", (reply: StatsReply) => {
    if (reply.kind === "progress") console.log(`statistics index: ${reply.complaints} complaints loaded`);
    else if (reply.kind === "ready")
      console.log(
        `statistics index: ${reply.complaints} complaints in ${(reply.ms / 1000).toFixed(1)} s, columns ${mb(reply.bytes)} MB, worker heap ${mb(reply.heapBytes)} MB`,
      );
    else {
      const asked = waiting.get(reply.id);
      waiting.delete(reply.id);
      if (reply.ok) asked?.resolve(reply);
      else asked?.reject(new Error(`statistics index: ${reply.error}`));
    }
  });
  // A worker that failed is started again by the next request, which then builds afresh.
  started.on("error", (error) => {
    console.error(`statistics index failed: ${error.stack ?? error.message}`);
    if (worker === started) worker = null;
    failAll(error);
  });
  started.on("exit", (code) => {
    if (worker === started) worker = null;
    failAll(new Error(`the statistics worker exited with code ${code}`));
  });
  // The HTTP server keeps the process alive; the worker must not keep it from stopping.
  started.unref();
  worker = started;
  return started;
}

// Omit over the union, each kind apart.
type Request<T = StatsRequest> = T extends StatsRequest ? Omit<T, "id"> : never;

function ask(request: Request) {
  const id = nextId++;
  return new Promise<Extract<StatsReply, { ok: true }>>((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    statsWorker().postMessage({ ...request, id });
  });
}

export async function getDashboard(filter: StatsFilter, locale: string, now = new Date()): Promise<Dashboard> {
  const reply = await ask({ kind: "dashboard", filter, locale, now: now.getTime() });
  return reply.dashboard!;
}

/** A `?by=` table from the index: [key, complaints] in the keys' byte order, not yet suppressed. */
export async function getCounts(filter: StatsFilter, by: StatsDimension): Promise<[string, number][]> {
  const reply = await ask({ kind: "counts", filter, by });
  return reply.counts!;
}

/** Deletes the journal rows the index has applied, a batch per transaction so no writer waits long. */
async function trimJournal(through: number) {
  for (;;) {
    const deleted = await db.$executeRawUnsafe(
      dialectOf(engine()).numbered(`DELETE FROM "StatsChange" WHERE "seq" IN (SELECT "seq" FROM "StatsChange" WHERE "seq" <= ? ORDER BY "seq" LIMIT ?)`),
      through,
      PRUNE_BATCH,
    );
    if (deleted < PRUNE_BATCH) return;
  }
}

/**
 * How far the journal may be trimmed. On SQLite one server reads it: as far as its index has applied.
 * On PostgreSQL several servers share it, each index reading it at least every SYNC_EVERY_MS (or
 * loading afresh, which at millions of complaints takes minutes): only what this one had applied
 * TRIM_LAG_MS ago, which every other running server has read since. Trimming sooner made the other
 * servers' indexes load afresh every minute under writes (pg-instances' test).
 */
const TRIM_LAG_MS = 10 * 60_000;
const trimmable = (() => {
  const applied: { at: number; seq: number }[] = [];
  return (seq: number, now = Date.now()) => {
    if (engine() === "sqlite") return seq;
    applied.push({ at: now, seq });
    let through = 0;
    while (applied.length && applied[0].at <= now - TRIM_LAG_MS) through = applied.shift()!.seq;
    return through;
  };
})();

/** Run once by the server before it listens: the index loads while the server starts serving. */
export function startStatsIndex() {
  statsWorker();
  const keepCurrent = () =>
    ask({ kind: "sync" })
      .then((reply) => trimJournal(trimmable(reply.seq)))
      .catch((error: unknown) => console.error(`statistics index sync failed: ${error instanceof Error ? error.stack : String(error)}`));
  void keepCurrent();
  setInterval(() => void keepCurrent(), SYNC_EVERY_MS).unref();
}
