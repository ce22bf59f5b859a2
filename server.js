// The HTTP server: security headers, request ids and logs, static assets, then Remix.
import { createRequestHandler } from "@remix-run/express";
import express from "express";
import crypto from "node:crypto";
import http from "node:http";
import onHeaders from "on-headers";
import * as build from "./build/index.js";

const { httpLimits, unreadableRequestText, crossOrigin, crossOriginPage } = build.entry.module;

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";

// In production the site is served over HTTPS (secure cookies), so browsers may be told to use nothing else.
const hsts = process.env.NODE_ENV === "production" && process.env.COOKIE_SECURE !== "false";

const app = express();
app.disable("x-powered-by");
// Behind a reverse proxy, TRUST_PROXY tells express which X-Forwarded-For hop is the consumer.
if (process.env.TRUST_PROXY) app.set("trust proxy", process.env.TRUST_PROXY);

app.use((req, res, next) => {
  const requestId = crypto.randomBytes(6).toString("hex");
  const nonce = crypto.randomBytes(16).toString("base64");
  req.headers["x-request-id"] = requestId;
  res.locals.cspNonce = nonce;
  res.setHeader(
    "Content-Security-Policy",
    [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'`,
      "style-src 'self'",
      "img-src 'self' data: blob:",
      "media-src 'self' blob:",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join("; "),
  );
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("X-Frame-Options", "DENY");
  // same-origin, not no-referrer: with no-referrer browsers send "Origin: null" on form posts, which Remix refuses.
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  // Pages carry personal data: no browser or proxy keeps a copy unless the response says otherwise
  // (static assets set their own caching).
  onHeaders(res, () => {
    if (!res.hasHeader("Cache-Control")) res.setHeader("Cache-Control", "no-store");
  });
  if (hsts) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  const started = process.hrtime.bigint();
  const path = req.path; // read now: mounted middleware rewrites req.path
  res.on("finish", () => {
    if (path.startsWith("/build/")) return;
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    // Method, path and status only: query strings and bodies may carry personal data.
    console.log(`[${requestId}] ${req.method} ${path} ${res.statusCode} ${ms.toFixed(0)}ms`);
  });
  next();
});

// An answer sent before the body was read (a refusal: too large, not a form, no CSRF token) leaves
// the rest of the body on the wire. It is discarded, never stored, so the client gets to read the
// answer instead of a reset; a client that keeps sending past REFUSED_BODY_SECONDS is cut off.
app.use((req, res, next) => {
  res.on("finish", () => {
    if (req.complete) return;
    req.removeAllListeners("data");
    req.on("data", () => {});
    req.resume();
    const timer = setTimeout(() => req.socket?.destroy(), httpLimits.refusedBodyMs).unref();
    req.once("end", () => clearTimeout(timer));
  });
  next();
});

// Remix aborts a form post whose Origin is not this host with a 500; refuse it here with a 403 and a page.
app.use((req, res, next) => {
  if (!["POST", "PUT", "PATCH", "DELETE"].includes(req.method)) return next();
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
  if (!crossOrigin(headers)) return next();
  crossOriginPage(new Request(new URL(req.originalUrl, "http://localhost"), { headers })).then((html) => res.status(403).type("html").send(html), next);
});

// With SERVER_TIMING=1 (bench/pages.ts), each answer says how long its queries took in SQLite.
if (process.env.SERVER_TIMING === "1") {
  app.use((req, res, next) =>
    build.entry.module.timeSql((total) => {
      onHeaders(res, () => res.setHeader("Server-Timing", `db;dur=${total.ms.toFixed(3)}`));
      next();
    }),
  );
}

/**
 * For a long download (the exports): a signal that aborts when the client goes away, and a wait
 * until the response can take more (or nothing more). Not request.signal: that one reaches the
 * loader through Request objects whose abort controllers may be garbage-collected mid-download.
 */
function download(res) {
  const gone = new AbortController();
  res.on("close", () => res.writableFinished || gone.abort());
  const drained = () =>
    !res.writableNeedDrain || res.destroyed
      ? Promise.resolve()
      : new Promise((resolve) => {
          const done = () => {
            res.off("drain", done).off("close", done);
            resolve();
          };
          res.on("drain", done).on("close", done);
        });
  return { signal: gone.signal, drained };
}

app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
// Only a path that names a file (favicon.svg) is looked for in public/: a page's path would cost a stat() a request.
const publicFiles = express.static("public", { maxAge: "1h" });
app.use((req, res, next) => (/\.\w+$/.test(req.path) ? publicFiles(req, res, next) : next()));
const getLoadContext = (req, res) => ({ cspNonce: res.locals.cspNonce, clientAddress: req.ip ?? "unknown", download: download(res) });
// bench/pages.ts measures the framework's own cost of a page on a bare one; nobody else sees it.
if (process.env.BENCH_FLOOR === "1") {
  const { FLOOR_PATH, floorBuild } = await import("./bench/floor-build.mjs");
  app.get(FLOOR_PATH, createRequestHandler({ build: floorBuild(build), mode: build.mode, getLoadContext }));
}
app.all("*", createRequestHandler({ build, mode: build.mode, getLoadContext }));

await build.entry.module.onServerStart();
// Headers are bounded before express sees them: Node answers 431 past maxHeaderSize.
const server = http.createServer({ maxHeaderSize: httpLimits.maxHeaderBytes }, app);
server.maxHeadersCount = 100;
server.headersTimeout = 30_000;
// A request Node cannot parse (headers too large, broken HTTP) gets a short answer in both languages, not a bare reset.
server.on("clientError", (error, socket) => {
  if (!socket.writable || error.code === "ECONNRESET") return socket.destroy();
  const status = error.code === "HPE_HEADER_OVERFLOW" ? 431 : error.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : 400;
  const body = unreadableRequestText(status === 431 ? "headersTooLarge" : "badRequest");
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
});
server.listen(port, host, () => {
  const address = server.address();
  console.log(`Collection Watch listening on http://${host}:${typeof address === "object" ? address.port : port}`);
});
// Longer than a reverse proxy's idle timeout (often 60 s), so the proxy, not this server, closes an
// idle connection: otherwise a request sent on it as the server closes it is lost.
server.keepAliveTimeout = 65_000;

for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
