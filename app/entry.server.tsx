import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse } from "@remix-run/react";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { NonceContext } from "./components/nonce";

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
          const body = new PassThrough();
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
 * Run once by server.js before it listens: the institution directory, no half-received
 * uploads, and the deadline check on a timer, so nothing depends on someone running it.
 */
export async function onServerStart() {
  const { loadInstitutionDirectory } = await import("./server/institutions.server");
  const { clearUploads } = await import("./server/evidence.server");
  const { runDeadlines } = await import("./server/lifecycle.server");
  const { env } = await import("./server/env.server");
  const count = await loadInstitutionDirectory();
  await clearUploads();
  console.log(`Institution directory: ${count} entries`);
  const check = () =>
    runDeadlines(new Date()).then(
      (done) => done.forEach((c) => console.log(`deadline: ${c.code} ${c.from} → ${c.to}`)),
      (error: unknown) => console.error(`deadline check failed: ${error instanceof Error ? error.stack : String(error)}`),
    );
  await check();
  setInterval(() => void check(), env.DEADLINE_CHECK_MINUTES * 60 * 1000).unref();
}
