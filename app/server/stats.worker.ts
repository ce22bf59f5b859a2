// The worker thread that holds the statistics index for the web server (started by
// stats.server.ts, built to build/stats.worker.js by `npm run build`): it loads every complaint's
// facts once, then answers each dashboard after reading the change journal. Its own read-only
// connection; a slow count never holds up the event loop.
import { parentPort } from "node:worker_threads";
import type { Dashboard } from "~/domain/stats/dashboard";
import type { StatsDimension, StatsFilter } from "~/domain/stats/shape";
import { openReadConnection } from "./read-connection.server";
import { StatsIndex } from "./stats-index.server";

export type StatsRequest =
  | { id: number; kind: "dashboard"; filter: StatsFilter; locale: string; now: number }
  | { id: number; kind: "counts"; filter: StatsFilter; by: StatsDimension }
  | { id: number; kind: "sync" };
export type StatsReply =
  | { kind: "progress"; complaints: number }
  | { kind: "ready"; complaints: number; ms: number; bytes: number; heapBytes: number }
  | { kind: "answer"; id: number; ok: true; dashboard?: Dashboard; counts?: [string, number][]; seq: number }
  | { kind: "answer"; id: number; ok: false; error: string };

const port = parentPort!;
const post = (reply: StatsReply) => port.postMessage(reply);

const started = performance.now();
const index = new StatsIndex(openReadConnection(), (complaints) => post({ kind: "progress", complaints }));
await index.rebuild();
post({ kind: "ready", complaints: index.complaints, ms: performance.now() - started, bytes: index.bytes, heapBytes: process.memoryUsage().heapUsed });

// One request at a time: each syncs, then counts what it synced.
let queue: Promise<void> = Promise.resolve();
async function answer(request: StatsRequest) {
  try {
    await index.sync();
    const dashboard = request.kind === "dashboard" ? await index.dashboard(request.filter, request.locale, new Date(request.now)) : undefined;
    const counts = request.kind === "counts" ? index.countBy(request.filter, request.by) : undefined;
    post({ kind: "answer", id: request.id, ok: true, dashboard, counts, seq: index.appliedSeq });
  } catch (error) {
    post({ kind: "answer", id: request.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
}
port.on("message", (request: StatsRequest) => {
  queue = queue.then(() => answer(request));
});
