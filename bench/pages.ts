// What a reviewer's and a consumer's pages cost: /triage with each filter at page 1 and page 50
// (by keyset), as a regulator and as a bank reviewer; /triage/:code (one complaint whose collector
// number is the most shared); /track and /; and the framework's floor (a bare Remix page, served
// with BENCH_FLOOR=1). Each triage page is set against the bare indexed query for the same rows,
// run directly on better-sqlite3 in the same run; the page's own SQL time comes from its
// Server-Timing header (SERVER_TIMING=1).
//
// Usage: npm run build && npx tsx bench/pages.ts --data-dir DIR [--samples 200] [--base-url URL]
// Without --base-url it migrates DIR (an empty database if DIR is new) and starts the built server
// as `npm start` runs it. Another script can call measurePages() with its own server.
import Database from "better-sqlite3";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { OPEN_STATUSES, STATUSES } from "~/domain/status";
import { startBenchServer } from "./server.mjs";

const PASSWORD = "bench pages pass phrase";
const PAGE = 26; // the queue's 25 rows and one more to know there is a next page
const DEEP_PAGE = 50;

type Who = "regulator" | "bank";
export type Cookies = Record<Who, string>;
type Stats = { p50: number; p99: number };
export type PageFigure = {
  page: string;
  who: Who | "anonymous";
  url: string;
  /** Which page of the queue this is (page 50 asked; fewer when the filter has fewer pages). */
  depth?: number;
  ms: Stats;
  /** The floor page's times, each request just before one of this page's. */
  floorMs?: Stats;
  /** SQL time the server reported for the request (all its statements), when it reports it. */
  dbMs: Stats | null;
  /** The same rows from the bare indexed query, straight on better-sqlite3. */
  bareMs?: Stats;
  /** Page SQL p99 / bare query p99. */
  dbRatio?: number | null;
};
export type PageFigures = { floor: Stats | null; pages: PageFigure[] };

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
const stats = (xs: number[]): Stats => {
  const sorted = [...xs].sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) };
};

const databaseFile = (dataDir: string) => path.join(dataDir, "collection-watch.db");

/** Creates a regulator and a bank reviewer (of the institution with most complaints routed to it) with `npm run user`, and signs both in. */
export async function signInReviewers(baseUrl: string, dataDir: string): Promise<Cookies> {
  const db = new Database(databaseFile(dataDir), { readonly: true });
  const busiest = db
    .prepare("SELECT institutionId FROM Complaint WHERE routedTo = 'bank' GROUP BY institutionId ORDER BY COUNT(*) DESC LIMIT 1")
    .pluck()
    .get() as string | undefined;
  const users: [Who, string, string[]][] = [
    ["regulator", "bench-regulator@example.cn", ["--role", "regulator"]],
    ["bank", "bench-bank@example.cn", ["--role", "bank", "--institution", busiest ?? "icbc"]],
  ];
  const cookies = {} as Cookies;
  for (const [who, email, role] of users) {
    // A second run over the same data finds the users there already.
    if (!db.prepare("SELECT 1 FROM User WHERE email = ?").get(email)) {
      execFileSync("npx", ["tsx", "scripts/user.ts", "create", "--email", email, ...role, "--password-stdin"], {
        env: { ...process.env, DATA_DIR: dataDir },
        input: `${PASSWORD}\n`,
        stdio: ["pipe", "ignore", "inherit"],
      });
    }
    cookies[who] = await signIn(baseUrl, email);
  }
  db.close();
  return cookies;
}

async function signIn(baseUrl: string, email: string): Promise<string> {
  const form = await fetch(`${baseUrl}/login`);
  const csrfCookie = form.headers.getSetCookie().map((c) => c.split(";")[0]);
  const csrf = (await form.text()).match(/name="csrf" value="([^"]+)"/)![1];
  const response = await fetch(`${baseUrl}/login`, {
    method: "POST",
    body: new URLSearchParams({ csrf, email, password: PASSWORD }),
    headers: { cookie: csrfCookie.join("; "), origin: baseUrl },
    redirect: "manual",
  });
  if (response.status !== 302) throw new Error(`sign-in as ${email} failed: ${response.status}`);
  return [...csrfCookie, ...response.headers.getSetCookie().map((c) => c.split(";")[0])].join("; ");
}

type TriageCase = { name: string; who: Who; query: Record<string, string> };

/** Every filter of the queue alone, the default (open) and every status, and one combination. */
function triageCases(db: Database.Database): TriageCase[] {
  const one = (sql: string) => db.prepare(sql).pluck().get() as string;
  const institution =
    one("SELECT institutionId FROM Complaint WHERE institutionId IS NOT NULL GROUP BY institutionId ORDER BY COUNT(*) DESC LIMIT 1") ?? "icbc";
  const region = one("SELECT region FROM Complaint GROUP BY region ORDER BY COUNT(*) LIMIT 1") ?? "440000";
  // The search box at its widest: the most named agency, the most shared collector number.
  const agency = one("SELECT agency FROM Complaint WHERE agency IS NOT NULL GROUP BY agency ORDER BY COUNT(*) DESC LIMIT 1") ?? "某某资产管理有限公司";
  const number = one("SELECT number FROM CollectorPhone GROUP BY number ORDER BY COUNT(*) DESC LIMIT 1") ?? "13800138000";
  return [
    { name: "open (default)", who: "regulator", query: {} },
    { name: "status=all", who: "regulator", query: { status: "all" } },
    { name: "status=closed", who: "regulator", query: { status: "closed" } },
    { name: "status=escalated", who: "regulator", query: { status: "escalated" } },
    { name: "category", who: "regulator", query: { category: "harassment.threats" } },
    { name: "institution", who: "regulator", query: { institution } },
    { name: "institution, all", who: "regulator", query: { institution, status: "all" } },
    { name: "product", who: "regulator", query: { product: "online_loan" } },
    { name: "region (smallest)", who: "regulator", query: { region } },
    { name: "overdue", who: "regulator", query: { overdue: "1" } },
    { name: "region+category+product", who: "regulator", query: { region, category: "harassment.threats", product: "online_loan" } },
    { name: "search: agency, all", who: "regulator", query: { q: agency, status: "all" } },
    { name: "search: collector number, all", who: "regulator", query: { q: number, status: "all" } },
    { name: "bank: open", who: "bank", query: {} },
    { name: "bank: status=all", who: "bank", query: { status: "all" } },
    { name: "bank: category", who: "bank", query: { category: "harassment.threats" } },
  ];
}

/** The bare indexed query for a queue page: the page's complaint rows by keyset, nothing else. */
function bareQuery(db: Database.Database, query: Record<string, string>, bankInstitution: string | null, after: string | null, now: Date) {
  const where: string[] = [];
  const args: unknown[] = [];
  const add = (sql: string, ...values: unknown[]) => {
    where.push(sql);
    args.push(...values);
  };
  const iso = (d: Date) => d.toISOString().replace("Z", "+00:00");
  if (bankInstitution) add("institutionId = ? AND routedTo = 'bank'", bankInstitution);
  const status = query.status ?? "open";
  const statuses: readonly string[] = status === "open" || query.overdue ? OPEN_STATUSES : status === "all" ? STATUSES : [status];
  add(`status IN (${statuses.map(() => "?").join(",")})`, ...statuses);
  if (query.category) add("EXISTS (SELECT 1 FROM ComplaintCategory cc WHERE cc.complaintId = Complaint.id AND cc.category = ?)", query.category);
  if (query.institution) add("institutionId = ?", query.institution);
  if (query.product) add("product = ?", query.product);
  if (query.region) add("region = ?", query.region);
  if (query.overdue) add("dueAt < ?", iso(now));
  // The bench's search terms are an agency's name or a collector number's key exactly as stored.
  if (query.q && /^(?:\+|short:|sms:)?\d+$/.test(query.q)) add("id IN (SELECT complaintId FROM CollectorPhone WHERE number = ?)", query.q);
  else if (query.q) add("agency = ?", query.q);
  if (after) {
    const [ms, id] = after.split("_").map(Number);
    add("(dueAt, id) > (?, ?)", iso(new Date(ms)), id);
  }
  const statement = db.prepare(`SELECT * FROM Complaint WHERE ${where.join(" AND ")} ORDER BY dueAt, id LIMIT ${PAGE}`);
  return () => statement.all(...args);
}

function timeBare(run: () => unknown, samples: number): Stats {
  for (let i = 0; i < Math.min(10, samples); i++) run();
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    run();
    times.push(performance.now() - started);
  }
  return stats(times);
}

async function timeOnce(baseUrl: string, url: string, cookie: string | undefined) {
  const started = performance.now();
  const response = await fetch(baseUrl + url, { headers: cookie ? { cookie } : {}, redirect: "manual" });
  await response.text();
  const ms = performance.now() - started;
  if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
  const db = response.headers.get("server-timing")?.match(/db;dur=([\d.]+)/)?.[1];
  return { ms, db: db === undefined ? null : Number(db) };
}

/**
 * A page's times, and (with `floor`) the floor's, each page request following a floor request so
 * that both see the same machine: on a busy machine the floor drifts as much as the pages do.
 */
async function timePage(baseUrl: string, url: string, cookie: string | undefined, samples: number, floor: string | null = null) {
  for (let i = 0; i < Math.min(10, samples); i++) await timeOnce(baseUrl, url, cookie);
  const ms: number[] = [];
  const db: number[] = [];
  const floorMs: number[] = [];
  for (let i = 0; i < samples; i++) {
    if (floor) floorMs.push((await timeOnce(baseUrl, floor, undefined)).ms);
    const answer = await timeOnce(baseUrl, url, cookie);
    ms.push(answer.ms);
    if (answer.db !== null) db.push(answer.db);
  }
  return { ms: stats(ms), dbMs: db.length ? stats(db) : null, ...(floor ? { floorMs: stats(floorMs) } : {}) };
}

/** Follows the queue's "next" link from page 1 to page `depth` (or its last page); returns that page's cursor and number. */
async function keysetTo(baseUrl: string, query: Record<string, string>, cookie: string, depth: number) {
  let after: string | null = null;
  let page = 1;
  while (page < depth) {
    const params = new URLSearchParams(query);
    if (after) params.set("after", after);
    const html = await (await fetch(`${baseUrl}/triage?${params}`, { headers: { cookie } })).text();
    const next = html.match(/[?&;]after=([\d_]+)"[^>]*rel="next"/)?.[1];
    if (!next) break;
    after = next;
    page++;
  }
  return { after, page };
}

export async function measurePages({
  baseUrl,
  cookies,
  dataDir,
  samples = 200,
}: {
  baseUrl: string;
  cookies: Cookies;
  dataDir: string;
  samples?: number;
}): Promise<PageFigures> {
  const db = new Database(databaseFile(dataDir), { readonly: true });
  const bankToken = cookies.bank.match(/cw_auth=([^;]+)/);
  // The bank reviewer's institution, for the bare query's scope: the newest bank reviewer's session.
  const bankInstitution =
    (db
      .prepare("SELECT u.institutionId FROM UserSession s JOIN User u ON u.id = s.userId WHERE u.role = 'bank' ORDER BY s.createdAt DESC LIMIT 1")
      .pluck()
      .get() as string | undefined) ?? null;
  if (!bankToken || !bankInstitution) throw new Error("the bank reviewer is not signed in");
  const pages: PageFigure[] = [];
  const now = new Date();

  const floorAnswer = await fetch(`${baseUrl}/__floor`);
  await floorAnswer.text();
  const floorUrl = floorAnswer.status === 200 ? "/__floor" : null;
  const floor = floorUrl ? (await timePage(baseUrl, floorUrl, undefined, samples)).ms : null;

  for (const c of triageCases(db)) {
    for (const depth of [1, DEEP_PAGE]) {
      const { after, page } = depth === 1 ? { after: null, page: 1 } : await keysetTo(baseUrl, c.query, cookies[c.who], depth);
      if (depth > 1 && page === 1) continue; // one page only: page 1 is measured already
      const params = new URLSearchParams(c.query);
      if (after) params.set("after", after);
      const url = `/triage?${params}`;
      const timed = await timePage(baseUrl, url, cookies[c.who], samples, floorUrl);
      const bareMs = timeBare(bareQuery(db, c.query, c.who === "bank" ? bankInstitution : null, after, now), samples);
      pages.push({ page: `/triage ${c.name}`, who: c.who, url, depth: page, ...timed, bareMs, dbRatio: timed.dbMs ? timed.dbMs.p99 / bareMs.p99 : null });
    }
  }

  const code = (sql: string, ...args: unknown[]) =>
    db
      .prepare(sql)
      .pluck()
      .get(...args) as string | undefined;
  const shared = code(`SELECT c.code FROM CollectorPhone p JOIN Complaint c ON c.id = p.complaintId
    WHERE p.number = (SELECT number FROM CollectorPhone GROUP BY number ORDER BY COUNT(*) DESC LIMIT 1) ORDER BY c.id DESC LIMIT 1`);
  const newest = code("SELECT code FROM Complaint ORDER BY id DESC LIMIT 1");
  const bankOwn = code("SELECT code FROM Complaint WHERE institutionId = ? AND routedTo = 'bank' ORDER BY id DESC LIMIT 1", bankInstitution);
  const details: [string, Who, string | undefined][] = [
    ["/triage/:code, most shared collector number", "regulator", shared],
    ["/triage/:code, newest", "regulator", newest],
    ["/triage/:code, bank's own", "bank", bankOwn],
  ];
  for (const [page, who, complaint] of details) {
    if (!complaint) continue;
    const url = `/triage/${complaint}`;
    pages.push({ page, who, url, ...(await timePage(baseUrl, url, cookies[who], samples, floorUrl)) });
  }
  // A consumer's browser keeps the cookies the first page set (language, CSRF token).
  const first = await fetch(`${baseUrl}/`);
  await first.text();
  const consumer = first.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  for (const url of ["/track", "/"]) pages.push({ page: url, who: "anonymous", url, ...(await timePage(baseUrl, url, consumer, samples, floorUrl)) });
  db.close();
  return { floor, pages };
}

const f = (n: number | undefined | null, digits = 2) => (n === undefined || n === null ? "" : n.toFixed(digits));

export function printPageFigures({ floor, pages }: PageFigures) {
  console.log(`floor (bare Remix page): ${floor ? `p50 ${f(floor.p50)} ms, p99 ${f(floor.p99)} ms` : "not served (start the server with BENCH_FLOOR=1)"}`);
  console.log("| page | as | depth | p50 ms | p99 ms | p50 − floor p50 (interleaved) | SQL p50 | SQL p99 | bare p50 | bare p99 | SQL p99 / bare p99 |");
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const p of pages) {
    const cells = [p.page, p.who, p.depth ?? "", f(p.ms.p50), f(p.ms.p99), p.floorMs ? f(p.ms.p50 - p.floorMs.p50) : "", f(p.dbMs?.p50, 3), f(p.dbMs?.p99, 3)];
    cells.push(f(p.bareMs?.p50, 3), f(p.bareMs?.p99, 3), f(p.dbRatio, 1));
    console.log(`| ${cells.join(" | ")} |`);
  }
}

async function main() {
  const { values } = parseArgs({ options: { "data-dir": { type: "string" }, "base-url": { type: "string" }, samples: { type: "string", default: "200" } } });
  const dataDir = path.resolve(values["data-dir"] ?? process.env.DATA_DIR ?? "");
  if (!values["data-dir"] && !process.env.DATA_DIR) throw new Error("--data-dir DIR (or DATA_DIR) is required");
  fs.mkdirSync(dataDir, { recursive: true });
  let server: Awaited<ReturnType<typeof startBenchServer>> | null = null;
  let baseUrl = values["base-url"];
  if (!baseUrl) {
    execFileSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env, DATA_DIR: dataDir }, stdio: "ignore" });
    server = await startBenchServer({ DATA_DIR: dataDir, BENCH_FLOOR: "1", SERVER_TIMING: "1" });
    baseUrl = server.base;
  }
  try {
    const cookies = await signInReviewers(baseUrl, dataDir);
    const count = new Database(databaseFile(dataDir), { readonly: true }).prepare("SELECT COUNT(*) FROM Complaint").pluck().get() as number;
    console.log(`${count} complaints in ${dataDir}; ${values.samples} requests per page, one at a time`);
    printPageFigures(await measurePages({ baseUrl, cookies, dataDir, samples: Number(values.samples) }));
  } finally {
    server?.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main();
