import { repeat } from "./timing";

/** A browser-like client for benchmarks: keeps cookies, reads CSRF tokens, never follows redirects, can be aborted. */
export class Session {
  private jar = new Map<string, string>();

  constructor(readonly base: string) {}

  private lastAt = 0;

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join("; ");
    const send = () => fetch(this.base + path, { ...init, headers: { ...init.headers, cookie }, redirect: "manual" });
    const idleMs = performance.now() - this.lastAt;
    let response: Response;
    try {
      response = await send();
    } catch (error) {
      // A GET sent on a kept-alive connection the server is closing as idle (after its 65 s keepAliveTimeout,
      // e.g. while a from-scratch baseline ran) fails before the server has seen it; browsers send it again, and so do we.
      if ((init.method ?? "GET") !== "GET" || idleMs < 5_000 || init.signal?.aborted) throw error;
      response = await send();
    }
    this.lastAt = performance.now();
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair.indexOf("=");
      this.jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return response;
  }

  /** The same browser (its cookies) talking to another server: another instance of the app on the same database. */
  at(base: string): Session {
    const other = new Session(base);
    other.jar = new Map(this.jar);
    return other;
  }

  /** Loads a page and returns the CSRF token its forms carry. */
  async csrf(path: string): Promise<string> {
    const html = await (await this.fetch(path)).text();
    const match = html.match(/name="csrf" value="([^"]+)"/);
    if (!match) throw new Error(`no CSRF token on ${path}`);
    return match[1];
  }

  async login(email: string, password: string): Promise<this> {
    const csrf = await this.csrf("/login");
    const response = await this.fetch("/login", { method: "POST", body: new URLSearchParams({ csrf, email, password }) });
    if (response.status !== 302) throw new Error(`sign-in as ${email} failed: ${response.status}`);
    return this;
  }
}

/** `sqlMs`: the time the page's own queries took in SQLite, from its Server-Timing header (the suite's server sends it); null without one. */
export type Timed = { ms: number; firstByteMs: number; sqlMs: number | null; status: number; bytes: number; body: string };

/** One request, its body read to the end: time to the headers and to the last byte. */
export async function timedGet(session: Session, path: string, signal?: AbortSignal): Promise<Timed> {
  const started = performance.now();
  const response = await session.fetch(path, { signal });
  const firstByteMs = performance.now() - started;
  const body = await response.text();
  const sql = response.headers.get("server-timing")?.match(/db;dur=([\d.]+)/)?.[1];
  return { ms: performance.now() - started, firstByteMs, sqlMs: sql === undefined ? null : Number(sql), status: response.status, bytes: body.length, body };
}

/**
 * A page requested again and again (see `repeat`): the times of the answers, the statuses that were
 * not 200, and the SQL time inside each answer (where the server said it). `path` may change with
 * the request's number; `beside(i)`, when given, runs after each answer and its numbers are kept in
 * `beside` (a bare query timed in the same moments as the page).
 */
export async function timePage(session: Session, path: string | ((i: number) => string), times: number, budgetSeconds: number, beside?: (i: number) => number) {
  const failures: number[] = [];
  const sql: number[] = [];
  const besides: number[] = [];
  const samples = await repeat(times, budgetSeconds, async (i) => {
    const answer = await timedGet(session, typeof path === "string" ? path : path(i));
    if (answer.status !== 200) failures.push(answer.status);
    if (answer.sqlMs !== null) sql.push(answer.sqlMs);
    if (beside) besides.push(beside(i));
    return answer.ms;
  });
  // `repeat` drops the warm-up's time; its SQL time, and what ran beside it, go too.
  const measured = (all: number[]) => all.slice(Math.max(0, all.length - samples.length));
  return { samples, failures, sql: measured(sql), beside: measured(besides) };
}

/** The href of the page's rel="next" link (the queue's keyset pagination), HTML entities undone. */
export function nextLink(html: string): string | null {
  const match = html.match(/<a href="([^"]+)" rel="next"/);
  return match ? match[1].replace(/&amp;/g, "&") : null;
}

/** How a request under load ended: its status (0 when none), or reset, or cut off by us at the end ("unfinished"). */
export type Outcome = { ms: number; status: number; error?: "reset" | "unfinished"; body: string };

/**
 * A request read to its last byte (streamed: an export is not held), its text kept when `keep`;
 * when `signal` aborts it, it still counts the time it had waited.
 */
export async function attempt(session: Session, path: string, signal: AbortSignal, init: RequestInit = {}, keep = false): Promise<Outcome> {
  const started = performance.now();
  let body = "";
  try {
    const response = await session.fetch(path, { ...init, signal });
    const decoder = new TextDecoder();
    const chunks = (response.body ?? []) as unknown as AsyncIterable<Uint8Array>;
    for await (const chunk of chunks) if (keep) body += decoder.decode(chunk, { stream: true });
    return { ms: performance.now() - started, status: response.status, body };
  } catch {
    return { ms: performance.now() - started, status: 0, error: signal.aborted ? "unfinished" : "reset", body };
  }
}
