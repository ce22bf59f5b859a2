// How fast /stats answers with every combination of its filters (issue 12: p50 under 300 ms, p99
// under 1 s at a million complaints), and whether a light page stays fast while it works: the
// baseline in the same run is /healthz, asked alongside.
// Usage: npm run build && DATA_DIR=/path/to/data npx tsx bench/stats.ts [rounds]
// (the data directory is used as it is: seed it first with `npm run seed:demo -- --count N`).
// bench/ suites call benchStats({ baseUrl, cookie }) against a server they started.
import { execFileSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import { filterCombinations, type FilterValues } from "~/domain/stats/filter-combinations";
import { statsFilterToSearchParams, type StatsFilter } from "~/domain/stats/shape";
import { startBenchServer } from "./server.mjs";

export interface StatsBenchRow {
  query: string;
  p50: number;
  p99: number;
  total: number;
}

export interface StatsBenchResult {
  rows: StatsBenchRow[];
  /** Over every request of every combination, ms. */
  stats: { requests: number; p50: number; p99: number; max: number };
  /** /healthz asked while /stats was being asked, ms. */
  light: { requests: number; p50: number; p99: number; max: number };
}

const DATA_ROUTE = "routes/stats._index";
type DashboardData = {
  dashboard: {
    total: number;
    byInstitution: { id: string | null; name: string; count: number }[];
    byProduct: { key: string }[];
    byRegion: { key: string }[];
    byStatus: { key: string }[];
    byCategory: { category: string }[];
    byMonth: { month: string; count: number }[];
  };
};

function quantile(sorted: number[], q: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : NaN;
}
const summary = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  return { requests: sorted.length, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), max: sorted.at(-1) ?? NaN };
};

/** Filter combinations from what the unfiltered dashboard shows, and an agency from the by-agency table. */
async function filtersFromServer(get: (path: string) => Promise<Response>): Promise<StatsFilter[]> {
  const { dashboard: d } = (await (await get(`/stats?_data=${encodeURIComponent(DATA_ROUTE)}`)).json()) as DashboardData;
  const directory = d.byInstitution.filter((i) => i.id);
  const typed = d.byInstitution.filter((i) => !i.id);
  let agencies: string[] = [];
  try {
    const rows = (await (await get("/stats/export.json?by=agency")).json()) as { agency: string; complaints: number | string }[];
    agencies = rows
      .filter((r) => r.agency && typeof r.complaints === "number")
      .sort((a, b) => Number(b.complaints) - Number(a.complaints))
      .map((r) => r.agency);
  } catch {
    // The table's shape changed: the combinations go without an agency.
  }
  const values: FilterValues = {
    institutions: [directory[0]?.id, typed[0]?.name, directory[1]?.id].filter((v): v is string => Boolean(v)),
    agencies,
    products: d.byProduct.map((r) => r.key),
    regions: d.byRegion.map((r) => r.key),
    statuses: d.byStatus.map((r) => r.key),
    categories: d.byCategory.map((r) => r.category),
    months: d.byMonth.filter((m) => m.count > 0).map((m) => m.month),
  };
  return filterCombinations(values);
}

/** Asks /stats (the whole page) `rounds` times for each combination, one request at a time, and /healthz alongside. */
export async function benchStats({ baseUrl, cookie, rounds = 5 }: { baseUrl: string; cookie: string; rounds?: number }): Promise<StatsBenchResult> {
  const get = (path: string) => fetch(`${baseUrl}${path}`, { headers: { cookie }, redirect: "manual" });
  const filters = await filtersFromServer(get);
  let running = true;
  const lightTimes: number[] = [];
  const light = (async () => {
    while (running) {
      const started = performance.now();
      await (await fetch(`${baseUrl}/healthz`)).arrayBuffer();
      lightTimes.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  const rows: StatsBenchRow[] = [];
  const all: number[] = [];
  for (const filter of filters) {
    const query = statsFilterToSearchParams(filter).toString();
    const times: number[] = [];
    let total = NaN;
    for (let i = 0; i < rounds; i++) {
      const started = performance.now();
      const response = await get(`/stats${query ? `?${query}` : ""}`);
      const html = await response.text();
      times.push(performance.now() - started);
      if (response.status !== 200) throw new Error(`/stats?${query} answered ${response.status}`);
      total = Number(html.match(/id="stat-total">(\d+)</)?.[1]);
    }
    all.push(...times);
    const s = summary(times);
    rows.push({ query: query || "(none)", p50: s.p50, p99: s.p99, total });
  }
  running = false;
  await light;
  return { rows, stats: summary(all), light: summary(lightTimes) };
}

/** Logs in on a fresh session and returns its cookie. */
export async function logIn(baseUrl: string, email: string, password: string): Promise<string> {
  const page = await fetch(`${baseUrl}/login`);
  const cookies = page.headers.getSetCookie().map((c) => c.split(";")[0]);
  const csrf = (await page.text()).match(/name="csrf" value="([^"]+)"/)![1];
  const response = await fetch(`${baseUrl}/login`, {
    method: "POST",
    headers: { cookie: cookies.join("; ") },
    body: new URLSearchParams({ csrf, email, password }),
    redirect: "manual",
  });
  if (response.status !== 302) throw new Error(`login failed: ${response.status}`);
  const jar = new Map(cookies.map((c) => [c.slice(0, c.indexOf("=")), c]));
  for (const set of response.headers.getSetCookie()) {
    const pair = set.split(";")[0];
    jar.set(pair.slice(0, pair.indexOf("=")), pair);
  }
  return [...jar.values()].join("; ");
}

const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(1).padStart(8) : "       —");

async function main() {
  const dataDir = process.env.DATA_DIR;
  if (!dataDir) throw new Error("set DATA_DIR to a seeded data directory");
  const rounds = Number(process.argv[2] ?? 5);
  const env = { ...process.env, DATA_DIR: dataDir, SESSION_SECRET: process.env.SESSION_SECRET ?? "b".repeat(40) };
  const email = "stats-bench@example.cn";
  const password = "correct horse battery staple";
  execFileSync("npx", ["prisma", "migrate", "deploy"], { env, stdio: "ignore" });
  try {
    execFileSync("npx", ["tsx", "scripts/user.ts", "create", "--email", email, "--role", "analyst", "--password-stdin"], {
      env,
      input: `${password}\n`,
      stdio: ["pipe", "ignore", "pipe"],
    });
  } catch {
    // Made by an earlier run.
  }
  const server = await startBenchServer({ DATA_DIR: dataDir, SESSION_SECRET: env.SESSION_SECRET });
  try {
    const cookie = await logIn(server.base, email, password);
    // The first dashboard waits for the index to load.
    const started = performance.now();
    await (await fetch(`${server.base}/stats`, { headers: { cookie } })).text();
    console.log(`first /stats (waits for the index to load): ${(performance.now() - started).toFixed(0)} ms`);
    const result = await benchStats({ baseUrl: server.base, cookie, rounds });
    console.log(`\n| filters | complaints | p50 ms | p99 ms |\n| --- | ---: | ---: | ---: |`);
    for (const row of result.rows) console.log(`| ${row.query} | ${row.total} | ${ms(row.p50)} | ${ms(row.p99)} |`);
    const { stats, light } = result;
    console.log(
      `\n/stats, ${stats.requests} requests over ${result.rows.length} combinations: p50 ${ms(stats.p50)} ms, p99 ${ms(stats.p99)} ms, max ${ms(stats.max)} ms`,
    );
    console.log(`/healthz meanwhile, ${light.requests} requests: p50 ${ms(light.p50)} ms, p99 ${ms(light.p99)} ms, max ${ms(light.max)} ms`);
    console.log(`ratio /stats p50 to /healthz p50: ${(stats.p50 / light.p50).toFixed(1)}`);
    console.log(`server peak RSS: ${server.peakMb().toFixed(0)} MB`);
  } finally {
    server.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main();
