import { Transform } from "node:stream";
import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse } from "@remix-run/react";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { NonceContext } from "./components/nonce";
import stylesheet from "./styles.css";

const ABORT_DELAY = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce;
  // Bots and no-JavaScript clients get the whole page at once; browsers get it streamed.
  const readyEvent = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        [readyEvent]() {
          shellRendered = true;
          const body = withoutPaddingBytes();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) logError(error, request);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

/**
 * React 18's streaming renderer can end a chunk with up to three NUL bytes: the unused tail of its
 * buffer when the next character (a 4-byte emoji, say) did not fit (facebook/react#24985, fixed
 * only in React 19). They would show as stray characters in the middle of a page. HTML never
 * carries a NUL of its own (the parser replaces it), so a chunk's trailing NULs are dropped.
 *
 * React also writes a page in 2 KB pieces, and each would be a write to the socket of its own (a
 * system call, and a turn of the streams between): what it writes in one turn of the event loop
 * goes on as one chunk, so a page rendered at once is sent at once, and a streamed one still
 * leaves as soon as React has written it.
 */
function withoutPaddingBytes() {
  let pending: Buffer[] = [];
  let scheduled: NodeJS.Immediate | null = null;
  const release = (stream: Transform) => {
    scheduled = null;
    if (pending.length) stream.push(pending.length === 1 ? pending[0] : Buffer.concat(pending));
    pending = [];
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      let end = chunk.length;
      while (end > 0 && chunk.length - end < 3 && chunk[end - 1] === 0) end--;
      if (end) pending.push(end === chunk.length ? chunk : chunk.subarray(0, end));
      scheduled ??= setImmediate(release, this);
      done();
    },
    flush(done) {
      if (scheduled) clearImmediate(scheduled);
      release(this);
      done();
    },
  });
}

/** Unexpected errors are logged with the request id and the stack: never the request's body or query. */
function logError(error: unknown, request: Request) {
  const id = request.headers.get("x-request-id") ?? "-";
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  console.error(`[${id}] ${detail}`);
}

export const handleError: HandleErrorFunction = (error, { request }) => {
  // Aborted requests and answered errors (a 404 for an unknown page) are not faults.
  if (request.signal.aborted || isRouteErrorResponse(error)) return;
  logError(error, request);
};

/**
 * Before the server listens, and then every 30 s: what dead processes left in uploads/ is finished
 * or removed (never another running server's), and this process's folder shows it is alive.
 */
async function settleUploads() {
  const { recoverUploads, sweepUnreferencedEvidence } = await import("./server/evidence.server");
  const { touchUploadDir } = await import("./server/paths.server");
  const report = (done: { published: number; removed: number }) => {
    if (done.published || done.removed) console.log(`uploads left by stopped processes: ${done.published} moved into evidence, ${done.removed} removed`);
  };
  const failed = (what: string) => (error: unknown) => console.error(`${what} failed: ${error instanceof Error ? error.stack : String(error)}`);
  // Neither keeps the server from serving: what fails now is tried again on the next round or start.
  touchUploadDir();
  await recoverUploads().then(report, failed("upload recovery"));
  await sweepUnreferencedEvidence().then((removed) => {
    if (removed) console.log(`evidence files no complaint refers to: ${removed} removed`);
  }, failed("the sweep of unreferenced evidence"));
  setInterval(() => {
    try {
      touchUploadDir();
    } catch (error) {
      failed("the upload folder's heartbeat")(error);
    }
    recoverUploads().then(report, failed("upload recovery"));
  }, 30_000).unref();
}

/**
 * Run once by server.js before it listens: the institution directory, no half-received
 * uploads, the deadline check on a timer, so nothing depends on someone running it, and the
 * statistics index loading in its worker.
 */
export async function onServerStart() {
  const { loadInstitutionDirectory } = await import("./server/institutions.server");
  const { runDeadlines } = await import("./server/lifecycle.server");
  const { remindDeadlines } = await import("./server/reminders.server");
  const { env } = await import("./server/env.server");
  const { startStatsIndex } = await import("./server/stats.server");
  startStatsIndex();
  const { oncePerTick } = await import("./server/concurrency.server");
  const { checkSharedSecrets } = await import("./server/shared-secrets.server");
  checkSharedSecrets();
  const count = await loadInstitutionDirectory();
  await settleUploads();
  console.log(`Institution directory: ${count} entries`);
  // With several instances on one PostgreSQL, the first whose timer fires in a tick runs the check, the others skip that tick.
  const periodMs = Math.max(1, Math.round(env.DEADLINE_CHECK_MINUTES * 60_000));
  const check = () =>
    oncePerTick("deadlines", periodMs, async (tickAt) => {
      const now = new Date();
      const changed = await runDeadlines(now);
      for (const c of changed) console.log(`deadline: ${c.code} ${c.from} → ${c.to}`);
      // Each complaint near its deadline is reminded of once per deadline (the outbox's dedupe key).
      const near = await remindDeadlines(now);
      console.log(`deadline check of the tick at ${tickAt.toISOString()}: ${changed.length} changed, ${near} near their deadline`);
    }).catch((error: unknown) => console.error(`deadline check failed: ${error instanceof Error ? error.stack : String(error)}`));
  await check();
  setInterval(() => void check(), periodMs).unref();
  // Messages left unsent by a mail server that was down, or by a stop, go on their next try.
  const { deliverSoon } = await import("./server/outbox.server");
  deliverSoon();
  setInterval(deliverSoon, env.OUTBOX_CHECK_SECONDS * 1000).unref();
}

// server.js reads the HTTP limits and its refusals from the build.
export { httpLimits } from "./server/env.server";
export { crossOrigin, unreadableRequestText } from "./server/refusal.server";
export { timeSql } from "./server/sql-time.server";
import { refusalDocument } from "./server/refusal.server";

/** The refusal page server.js sends for a cross-origin form post, before Remix would answer it with a 500. */
export function crossOriginPage(request: Request): Promise<string> {
  return refusalDocument(request, "error.http.crossOrigin", stylesheet);
}
