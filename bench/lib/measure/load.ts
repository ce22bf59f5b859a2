// "No request waits behind another's work": 20 readers on the queue, 5 consumers filing, an analyst
// on /stats and a full export, all at once; the same readers alone, in the same run, as the baseline.
// Twice: readers that ask for the next page the moment the last arrives (a closed loop: it measures
// how many pages the server can serve, as each waits behind the other readers' pages), and readers
// that look at each page for 1 to 3 s first, as people do (bench/README.md says which the issue means).
import { setMaxListeners } from "node:events";
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
/** A person's look at a queue page before the next: 1 to 3 s (short, so the load is heavier than people make). */
const THINK_MS = { min: 1000, max: 3000 };

type Readers = "closed" | "people";

type Kind = "queue" | "filing" | "form" | "stats" | "export";
type Log = Record<Kind, Outcome[]>;

/** Answers that count as errors: resets, and any status the request should not get. */
const EXPECTED: Record<Kind, number> = { queue: 200, filing: 302, form: 200, stats: 200, export: 200 };
const failed = (kind: Kind, o: Outcome) => o.error === "reset" || (!o.error && o.status !== EXPECTED[kind]);

/** Waits `ms`, or less if the run ends meanwhile. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

async function runFor(context: BenchContext, everyone: boolean, readers: Readers): Promise<Log> {
  const log: Log = { queue: [], filing: [], form: [], stats: [], export: [] };
  const controller = new AbortController();
  const { signal } = controller;
  // Every request of the run and every reader's pause listens to this one signal until the run ends: no limit.
  setMaxListeners(0, signal);
  const regulator = await context.login("regulator");
  const analyst = await context.login("analyst");
  const queue = Object.values(queueFilters(context));
  const dashboards = Object.values(statsFilters(context));

  // The think times are the same from run to run: reader n's k-th pause is fixed by n and k.
  const thinkMs = (n: number, k: number) => THINK_MS.min + (((n * 7919 + k * 104729) % 1000) / 1000) * (THINK_MS.max - THINK_MS.min);
  const reader = async (n: number) => {
    let pages = 0;
    // People do not all arrive at the same instant.
    if (readers === "people") await pause(thinkMs(n, 0) - THINK_MS.min, signal);
    for (let round = n; !signal.aborted; round++) {
      let path: string | null = `/triage?${new URLSearchParams(queue[round % queue.length])}`;
      for (let depth = 0; path && depth < READER_DEPTH && !signal.aborted; depth++) {
        const outcome = await attempt(regulator, path, signal, {}, true);
        log.queue.push(outcome);
        path = nextLink(outcome.body);
        if (readers === "people") await pause(thinkMs(n, ++pages), signal);
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
      `load (${everyone ? "everyone" : "readers alone"}, ${readers === "people" ? "readers reading" : "readers without pause"}): ${seconds}/${context.loadSeconds} s, ${log.queue.length} queue pages, ${log.filing.length} filings`,
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
    const alone = await runFor(context, false, "closed");
    const mixed = await runFor(context, true, "closed");
    const peopleAlone = await runFor(context, false, "people");
    const people = await runFor(context, true, "people");
    const errors = [mixed, people].flatMap((log) =>
      (Object.keys(log) as Kind[]).flatMap((kind) => log[kind].filter((o) => failed(kind, o)).map((o) => `${kind} ${o.error ?? o.status}`)),
    );
    const unfinished = (Object.keys(mixed) as Kind[]).flatMap((kind) => mixed[kind].filter((o) => o.error === "unfinished").map(() => kind));
    // The five consumers' filings in both runs; beside the reading readers it is the load the issue describes (bench/README.md).
    const filings = (id: string, label: string, log: Log) =>
      latencyFigures(id, label, { samples: times(log.filing), failures: statuses("filing", log.filing) }, undefined, { p99: under(500) });
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
      ...filings("load.filing", "filing under mixed load", mixed),
      ...latencyFigures(
        "load.queue",
        "/triage under mixed load",
        { samples: times(mixed.queue), failures: statuses("queue", mixed.queue) },
        { label: "the same readers alone", samples: times(alone.queue) },
        { p99: under(200) },
      ),
      ...latencyFigures(
        "load.queue.people",
        "/triage under mixed load, readers reading each page 1–3 s",
        { samples: times(people.queue), failures: statuses("queue", people.queue) },
        { label: "the same reading readers alone", samples: times(peopleAlone.queue) },
        { p99: under(200) },
      ),
      ...filings("load.filing.people", "filing under mixed load, readers reading each page 1–3 s", people),
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
      {
        id: "load.filings.people",
        label: "complaints filed under mixed load, readers reading each page 1–3 s",
        value: people.filing.filter((o) => o.status === 302).length,
        unit: "count",
      },
    ];
    return figures;
  },
};
