// The HTTP server: security headers, request ids and logs, static assets, then Remix.
import { createRequestHandler } from "@remix-run/express";
import express from "express";
import crypto from "node:crypto";
import onHeaders from "on-headers";
import * as build from "./build/index.js";

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

app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
app.use(express.static("public", { maxAge: "1h" }));
app.all(
  "*",
  createRequestHandler({
    build,
    mode: build.mode,
    getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce, clientAddress: req.ip ?? "unknown" }),
  }),
);

await build.entry.module.onServerStart();
const server = app.listen(port, host, () => {
  const address = server.address();
  console.log(`Collection Watch listening on http://${host}:${typeof address === "object" ? address.port : port}`);
});
// Longer than a reverse proxy's idle timeout (often 60 s), so the proxy, not this server, closes an
// idle connection: otherwise a request sent on it as the server closes it is lost.
server.keepAliveTimeout = 65_000;

for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
