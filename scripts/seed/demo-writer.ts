// Writes planned demo complaints (demo-complaints.ts) with their costly parts done
// (demo-costly-parts.ts): one short transaction per batch through a bulk connection, ids, codes
// and the chain's end read inside it, so a server running on the same DATA_DIR stays consistent.
import { createHash, randomBytes } from "node:crypto";
import { complaintStateDigest } from "~/domain/audit-chain";
import { collectorPhoneKey } from "~/domain/phone";
import { filingYear, formatComplaintCode } from "~/domain/receipt";
import { chainAppender } from "~/server/audit-batch.server";
import { openBulkConnection, sqlBool, sqlDate } from "~/server/bulk-connection.server";
import type { CostlyOutput } from "./demo-costly-parts";
import type { DemoComplaint } from "./demo-complaints";

const DESIRED_RESOLUTION = "停止骚扰";
const QUARTER_HOUR = 15 * 60 * 1000;

/**
 * filingYear, remembered per quarter hour: the year changes only at a local midnight, which falls
 * on a quarter hour in every time zone, and Intl costs more than the rest of a row.
 */
function yearCache() {
  const years = new Map<number, number>();
  return (date: Date) => {
    const quarter = Math.floor(date.getTime() / QUARTER_HOUR);
    let year = years.get(quarter);
    if (year === undefined) years.set(quarter, (year = filingYear(new Date(quarter * QUARTER_HOUR))));
    return year;
  };
}

export function demoWriter() {
  const connection = openBulkConnection();
  const insertComplaint = connection.prepare(
    `INSERT INTO Complaint (code, keyHash, status, locale, institutionId, institutionName, agency, product, incidentStart, narrative, publicNarrative,
       desiredResolution, priorComplaint, consumerName, consumerPhone, consumerEmail, region, consent, routedTo, routedAt, dueAt, responseDueAt,
       extensionLevel, outcome, respondedAt, finding, closedAt, callLogFindings, source, createdAt, updatedAt)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'demo', ?, ?)`,
  );
  const insertCategory = connection.prepare("INSERT INTO ComplaintCategory (complaintId, category, substantiated) VALUES (?, ?, ?)");
  const insertPhone = connection.prepare("INSERT INTO CollectorPhone (complaintId, number, typed) VALUES (?, ?, ?)");
  // The pool holds a few thousand numbers: each is read by the phone library once.
  const keys = new Map<string, string>();
  const keyOf = (typed: string) => keys.get(typed) ?? keys.set(typed, collectorPhoneKey(typed)).get(typed)!;
  const insertEvidence = connection.prepare(
    "INSERT INTO Evidence (complaintId, sha256, name, mime, kind, size, addedBy, createdAt) VALUES (?, ?, '通话记录.csv', 'text/csv', 'call_log', ?, 'consumer', ?)",
  );
  const sequences = connection.prepare("SELECT year, last FROM ComplaintSequence");
  const upsertSequence = connection.prepare("INSERT INTO ComplaintSequence (year, last) VALUES (?, ?) ON CONFLICT (year) DO UPDATE SET last = excluded.last");
  const chain = chainAppender(connection);
  const yearOf = yearCache();
  // Nobody can open a demo complaint: no one holds a key of this hash.
  const keyHash = createHash("sha256").update(randomBytes(16)).digest("hex");

  const write = connection.transaction((complaints: DemoComplaint[], costly: CostlyOutput[]) => {
    const last = new Map((sequences.all() as { year: number; last: number }[]).map((s) => [s.year, s.last]));
    const events = chain();
    const updatedAt = sqlDate(new Date());
    complaints.forEach((c, i) => {
      const { publicNarrative, sealed: contact, callLog } = costly[i];
      const year = yearOf(c.created);
      const sequence = (last.get(year) ?? 0) + 1;
      last.set(year, sequence);
      const code = formatComplaintCode(year, sequence);
      const { lastInsertRowid } = insertComplaint.run(
        code,
        keyHash,
        c.status,
        c.locale,
        c.institutionId,
        c.institutionName,
        c.agency,
        c.product,
        c.incidentStart,
        c.narrative,
        publicNarrative,
        DESIRED_RESOLUTION,
        sqlBool(c.priorComplaint),
        contact.consumerName,
        contact.consumerPhone,
        contact.consumerEmail,
        c.region,
        sqlBool(c.consent),
        c.routedTo,
        sqlDate(c.routedAt),
        sqlDate(c.dueAt),
        sqlDate(c.responseDueAt),
        c.extensionLevel,
        c.outcome,
        sqlDate(c.respondedAt),
        c.finding,
        sqlDate(c.closedAt),
        callLog?.findings ?? null,
        sqlDate(c.created),
        updatedAt,
      );
      const id = Number(lastInsertRowid);
      for (const { category, substantiated } of c.categories) insertCategory.run(id, category, sqlBool(substantiated));
      for (const typed of c.collectors) insertPhone.run(id, keyOf(typed), typed);
      if (callLog) insertEvidence.run(id, callLog.sha256, callLog.size, sqlDate(c.created));
      // Only the last event records the state: the seed does not model the states in between.
      const finalState = complaintStateDigest({
        ...c,
        code,
        createdAt: c.created,
        source: "demo",
        externalId: null,
        incidentEnd: null,
        desiredResolution: DESIRED_RESOLUTION,
        extensionReason: null,
        awaitingInfo: false,
        duplicateOfId: null,
        collectorPhones: c.collectors,
        evidence: callLog ? [callLog.sha256] : [],
      });
      c.events.forEach((event, index) => {
        events.append({ complaintId: id, actorId: null, ...event, stateDigest: index === c.events.length - 1 ? finalState : null });
      });
    });
    for (const [year, sequence] of last) upsertSequence.run(year, sequence);
    events.sign();
  });

  return {
    /** Writes one batch in one transaction (BEGIN IMMEDIATE: it waits for another writer rather than failing halfway). */
    write: (complaints: DemoComplaint[], costly: CostlyOutput[]) => write.immediate(complaints, costly),
    /** Nothing seeded or filed yet: the indexes may be dropped while seeding (seed-indexes.ts). */
    empty: () => !connection.prepare("SELECT EXISTS (SELECT 1 FROM Complaint) OR EXISTS (SELECT 1 FROM Event)").pluck().get(),
    connection,
    close: () => connection.close(),
  };
}
