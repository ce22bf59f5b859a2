// "No request waits behind another's work": 20 readers on the queue, 5 consumers filing, an analyst
// on /stats and a full export, all at once; the same readers alone, in the same run, as the baseline.
import { filingForm, validFiling } from "../../../test/support/filing";
import { latencyFigures, tally, under } from "../figures";
import type { BenchContext, Figure, Measurement } from "../measurement";
import { attempt, nextLink, Session, type Outcome } from "../session";
import { statsFilters } from "./stats";
import { queueFilters } from "./triage";

const READERS = 20;
const CONSUMERS = 5;
/** Pages a reader follows before it starts again with another filter. */
const READER_DEPTH = 5;

type Kind = "queue" | "filing" | "form" | "stats" | "export";
type Log = Record<Kind, Outcome[]>;

/** Answers that count as errors: resets, and any status the request should not get. */
const EXPECTED: Record<Kind, number> = { queue: 200, filing: 302, form: 200, stats: 200, export: 200 };
const failed = (kind: Kind, o: Outcome) => o.error === "reset" || (!o.error && o.status !== EXPECTED[kind]);

async function runFor(context: BenchContext, everyone: boolean): Promise<Log> {
  const log: Log = { queue: [], filing: [], form: [], stats: [], export: [] };
  const controller = new AbortController();
  const { signal } = controller;
  const regulator = await context.login("regulator");
  const analyst = await context.login("analyst");
  const queue = Object.values(queueFilters(context));
  const dashboards = Object.values(statsFilters(context));

  const reader = async (n: number) => {
    for (let round = n; !signal.aborted; round++) {
      let path: string | null = `/triage?${new URLSearchParams(queue[round % queue.length])}`;
      for (let depth = 0; path && depth < READER_DEPTH && !signal.aborted; depth++) {
        const outcome = await attempt(regulator, path, signal, {}, true);
        log.queue.push(outcome);
        path = nextLink(outcome.body);
      }
    }
  };
  // Each consumer has the form open before the clock starts, so every one of them posts at least once.
  const consumers = await Promise.all(
    Array.from({ length: everyone ? CONSUMERS : 0 }, async () => {
      const session = new Session(context.server.base);
      return { session, csrf: await session.csrf("/complaints/new") };
    }),
  );
  const consumer = async ({ session, csrf }: { session: Session; csrf: string }) => {
    let token: string | undefined = csrf;
    while (!signal.aborted) {
      if (token) log.filing.push(await attempt(session, "/complaints/new", signal, { method: "POST", body: filingForm(token, validFiling()) }));
      // The next complaint starts from the form again, as a person filing another would.
      const form = await attempt(session, "/complaints/new", signal, {}, true);
      log.form.push(form);
      token = form.body.match(/name="csrf" value="([^"]+)"/)?.[1];
    }
  };
  const dashboard = async () => {
    for (let i = 0; !signal.aborted; i++) log.stats.push(await attempt(analyst, `/stats?${new URLSearchParams(dashboards[i % dashboards.length])}`, signal));
  };
  const exporter = async () => {
    while (!signal.aborted) log.export.push(await attempt(analyst, "/stats/export.csv", signal));
  };

  const workers = [...Array.from({ length: READERS }, (_, n) => reader(n)), ...(everyone ? [...consumers.map(consumer), dashboard(), exporter()] : [])];
  const started = performance.now();
  const ticker = setInterval(() => {
    const seconds = Math.round((performance.now() - started) / 1000);
    context.progress(
      `load (${everyone ? "everyone" : "readers alone"}): ${seconds}/${context.loadSeconds} s, ${log.queue.length} queue pages, ${log.filing.length} filings`,
    );
  }, 1000);
  setTimeout(() => controller.abort(), context.loadSeconds * 1000);
  await Promise.all(workers);
  clearInterval(ticker);
  return log;
}

const times = (outcomes: Outcome[]) => outcomes.map((o) => o.ms);
const statuses = (kind: Kind, outcomes: Outcome[]) => outcomes.filter((o) => failed(kind, o)).map((o) => o.status);

export const load: Measurement = {
  area: "mixed load",
  database: "seeded",
  async run(context) {
    const alone = await runFor(context, false);
    const mixed = await runFor(context, true);
    const errors = (Object.keys(mixed) as Kind[]).flatMap((kind) => mixed[kind].filter((o) => failed(kind, o)).map((o) => `${kind} ${o.error ?? o.status}`));
    const unfinished = (Object.keys(mixed) as Kind[]).flatMap((kind) => mixed[kind].filter((o) => o.error === "unfinished").map(() => kind));
    const filing = latencyFigures(
      "load.filing",
      "filing under mixed load",
      { samples: times(mixed.filing), failures: statuses("filing", mixed.filing) },
      undefined,
      {
        p99: under(500),
      },
    );
    const figures: Figure[] = [
      {
        id: "load.errors",
        label: "errors under mixed load (answers not expected, resets)",
        value: errors.length,
        unit: "count",
        target: "0",
        meets: errors.length === 0,
        note: tally(errors) || undefined,
      },
      ...filing,
      ...latencyFigures(
        "load.queue",
        "/triage under mixed load",
        { samples: times(mixed.queue), failures: statuses("queue", mixed.queue) },
        { label: "the same readers alone", samples: times(alone.queue) },
        { p99: under(200) },
      ),
      ...latencyFigures("load.stats", "/stats under mixed load", { samples: times(mixed.stats), failures: statuses("stats", mixed.stats) }),
      {
        id: "load.served",
        label: "queue pages served under mixed load",
        value: mixed.queue.length,
        unit: "count",
        baseline: { label: "queue pages the readers alone were served", value: alone.queue.length },
      },
      {
        id: "load.filings",
        label: "complaints filed under mixed load",
        value: mixed.filing.filter((o) => o.status === 302).length,
        unit: "count",
        note: `${context.loadSeconds} s; ${mixed.export.filter((o) => !o.error).length} full exports finished; cut off at the end (their wait so far counted): ${tally(unfinished) || "none"}`,
      },
    ];
    return figures;
  },
};
