// npm run narratives:publish: writes Complaint.publicNarrative (the redacted account the exports
// publish, domain/stats/public-narrative.ts) for consented complaints that lack it: those filed
// before the column existed. `npm run setup` runs it, so an upgraded deployment exports its old
// narratives. With --all it recomputes every complaint, after the redaction rules have improved.
// Progress on stderr; safe to run again.
import { parseArgs } from "node:util";
import { publicNarrative } from "~/domain/stats/public-narrative";
import { db } from "~/server/db.server";
import { engine } from "~/server/engine.server";
import { openContact } from "~/server/personal-data.server";
import { progressLine } from "./progress";

const { values } = parseArgs({ options: { all: { type: "boolean", default: false } } });
const BATCH = 500;
// The one statement below runs on both engines: quoted names, typed values; only placeholders differ.
const slot = engine() === "postgres" ? (i: number) => `$${i + 1}` : () => "?";
const where = values.all ? {} : { consent: true, publicNarrative: null };
const total = await db.complaint.count({ where });
const progress = progressLine();
const started = Date.now();
let after = 0;
let done = 0;
for (;;) {
  const batch = await db.complaint.findMany({
    where: { ...where, id: { gt: after } },
    orderBy: { id: "asc" },
    take: BATCH,
    select: {
      id: true,
      narrative: true,
      consent: true,
      consumerName: true,
      consumerPhone: true,
      consumerEmail: true,
      collectorPhones: { select: { number: true } },
    },
  });
  if (!batch.length) break;
  const published = batch.map((sealed) => {
    const complaint = openContact(sealed);
    return [complaint.id, publicNarrative({ ...complaint, collectorPhones: complaint.collectorPhones.map((p) => p.number) })];
  });
  // One statement per batch: a million rows are not a million round trips through Prisma.
  const tuples = published.map((_, i) => `(CAST(${slot(2 * i)} AS INTEGER), CAST(${slot(2 * i + 1)} AS TEXT))`).join(", ");
  await db.$executeRawUnsafe(
    `UPDATE "Complaint" SET "publicNarrative" = v.column2 FROM (VALUES ${tuples}) AS v WHERE "Complaint"."id" = v.column1`,
    ...published.flat(),
  );
  done += batch.length;
  after = batch[batch.length - 1].id;
  progress.update(`publishing narratives ${done}/${total} (${Math.round((done / total) * 100)}%)`);
}
progress.done();
if (done || values.all) console.log(`${done} narrative(s) published in ${((Date.now() - started) / 1000).toFixed(1)} s`);
await db.$disconnect();
