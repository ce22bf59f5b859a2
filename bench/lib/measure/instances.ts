// Read throughput with one instance and with two on the same database (issue 15): 20 readers, each
// asking for a queue page and then its own complaint's tracking page the moment the last answer
// arrives, against the suite's server alone, then spread over it and a second server started on the
// same DATA_DIR and DATABASE_URL. Pages served per second, the two beside the one.
import { setMaxListeners } from "node:events";
import { filingForm, validFiling } from "../../../test/support/filing";
import { EMAILS, PASSWORD } from "../data";
import { latencyFigures } from "../figures";
import type { BenchContext, Figure, Measurement } from "../measurement";
import { startServer } from "../server";
import { attempt, Session, type Outcome } from "../session";
import { queueFilters } from "./triage";

const READERS = 20;

type Reader = { consumer: Session; code: string; regulator: Session };

/** A consumer who has filed a complaint through the form, and its code (from the receipt's address). */
async function fileOne(base: string): Promise<{ consumer: Session; code: string }> {
  const consumer = new Session(base);
  const csrf = await consumer.csrf("/complaints/new");
  const response = await consumer.fetch("/complaints/new", { method: "POST", body: filingForm(csrf, validFiling()) });
  await response.arrayBuffer();
  const code = response.headers.get("location")?.match(/^\/complaints\/([^/]+)\/receipt/)?.[1];
  if (response.status !== 302 || !code) throw new Error(`filing for the throughput readers failed: ${response.status}`);
  return { consumer, code };
}

async function readFor(context: BenchContext, readers: Reader[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  const queue = Object.values(queueFilters(context));
  const read = async ({ consumer, code, regulator }: Reader, n: number) => {
    for (let round = n; !controller.signal.aborted; round++) {
      outcomes.push(await attempt(regulator, `/triage?${new URLSearchParams(queue[round % queue.length])}`, controller.signal));
      if (!controller.signal.aborted) outcomes.push(await attempt(consumer, `/track/${code}`, controller.signal));
    }
  };
  setTimeout(() => controller.abort(), context.loadSeconds * 1000);
  await Promise.all(readers.map(read));
  // A request cut off at the end was not served.
  return outcomes.filter((o) => !o.error && o.status === 200);
}

export const instances: Measurement = {
  area: "instances",
  database: "seeded",
  async run(context) {
    const base = context.server.base;
    const regulator = await context.login("regulator");
    const filed = [];
    for (let n = 0; n < READERS; n++) filed.push(await fileOne(base));
    const alone = await readFor(
      context,
      filed.map((f) => ({ ...f, regulator })),
    );

    const second = await startServer(context.dataDir);
    try {
      const regulatorThere = await new Session(second.base).login(EMAILS.regulator, PASSWORD);
      // Half the readers go to the second instance with the same cookies: sessions are the database's, not a server's.
      const spread = filed.map((f, n) => (n % 2 ? { consumer: f.consumer.at(second.base), code: f.code, regulator: regulatorThere } : { ...f, regulator }));
      const both = await readFor(context, spread);
      const rate = (served: Outcome[]) => served.length / context.loadSeconds;
      const figures: Figure[] = [
        {
          id: "instances.one.rate",
          label: "queue and tracking pages served, one instance",
          value: rate(alone),
          unit: "rows/s",
        },
        {
          id: "instances.two.rate",
          label: "queue and tracking pages served, two instances",
          value: rate(both),
          unit: "rows/s",
          baseline: { label: "one instance", value: rate(alone) },
        },
        ...latencyFigures(
          "instances.two",
          "a page with two instances",
          { samples: both.map((o) => o.ms), failures: [] },
          { label: "one instance", samples: alone.map((o) => o.ms) },
          {},
        ),
      ];
      return figures;
    } finally {
      await second.stop();
    }
  },
};
