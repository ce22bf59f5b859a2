// Writes planned demo complaints (demo-complaints.ts) with their costly parts done
// (demo-costly-parts.ts): one short transaction per batch through a bulk writer (either engine),
// ids, codes and the chain's end taken inside it, so servers running on the same database stay
// consistent.
import { createHash, randomBytes } from "node:crypto";
import { complaintStateDigest, type AuditContent } from "~/domain/audit-chain";
import { collectorPhoneKey } from "~/domain/phone";
import { filingYear, formatComplaintCode } from "~/domain/receipt";
import { appendEvents } from "~/server/audit-batch.server";
import { openBulkWriter, takeComplaintNumbers, type BulkRow } from "~/server/bulk-connection.server";
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

const COMPLAINT_COLUMNS = [
  "id",
  "code",
  "keyHash",
  "status",
  "locale",
  "institutionId",
  "institutionName",
  "agency",
  "product",
  "incidentStart",
  "narrative",
  "publicNarrative",
  "desiredResolution",
  "priorComplaint",
  "consumerName",
  "consumerPhone",
  "consumerEmail",
  "region",
  "consent",
  "routedTo",
  "routedAt",
  "dueAt",
  "responseDueAt",
  "extensionLevel",
  "outcome",
  "respondedAt",
  "finding",
  "closedAt",
  "callLogFindings",
  "source",
  "createdAt",
  "updatedAt",
] as const;
const EVIDENCE_COLUMNS = ["complaintId", "sha256", "name", "mime", "kind", "size", "addedBy", "createdAt"] as const;

export async function demoWriter() {
  const writer = await openBulkWriter();
  // The pool holds a few thousand numbers: each is read by the phone library once.
  const keys = new Map<string, string>();
  const keyOf = (typed: string) => keys.get(typed) ?? keys.set(typed, collectorPhoneKey(typed)).get(typed)!;
  const yearOf = yearCache();
  // Nobody can open a demo complaint: no one holds a key of this hash.
  const keyHash = createHash("sha256").update(randomBytes(16)).digest("hex");

  /** Writes one batch in one transaction. */
  const write = (complaints: DemoComplaint[], costly: CostlyOutput[]) =>
    writer.transaction(async (tx) => {
      const years = complaints.map((c) => yearOf(c.created));
      const numbers = await takeComplaintNumbers(tx, years);
      const ids = await tx.newIds("Complaint", complaints.length);
      const updatedAt = new Date();
      const rows: BulkRow[] = [];
      const categories: BulkRow[] = [];
      const phones: BulkRow[] = [];
      const evidence: BulkRow[] = [];
      const events: AuditContent[] = [];
      complaints.forEach((c, i) => {
        const { publicNarrative, sealed: contact, callLog } = costly[i];
        const id = ids[i];
        const code = formatComplaintCode(years[i], numbers[i]);
        rows.push([
          id,
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
          c.priorComplaint,
          contact.consumerName,
          contact.consumerPhone,
          contact.consumerEmail,
          c.region,
          c.consent,
          c.routedTo,
          c.routedAt,
          c.dueAt,
          c.responseDueAt,
          c.extensionLevel,
          c.outcome,
          c.respondedAt,
          c.finding,
          c.closedAt,
          callLog?.findings ?? null,
          "demo",
          c.created,
          updatedAt,
        ]);
        for (const { category, substantiated } of c.categories) categories.push([id, category, substantiated]);
        for (const typed of c.collectors) phones.push([id, keyOf(typed), typed]);
        if (callLog) evidence.push([id, callLog.sha256, "通话记录.csv", "text/csv", "call_log", callLog.size, "consumer", c.created]);
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
          events.push({ complaintId: id, actorId: null, ...event, stateDigest: index === c.events.length - 1 ? finalState : null });
        });
      });
      await tx.insert("Complaint", COMPLAINT_COLUMNS, rows);
      await tx.insert("ComplaintCategory", ["complaintId", "category", "substantiated"], categories);
      await tx.insert("CollectorPhone", ["complaintId", "number", "typed"], phones);
      await tx.insert("Evidence", EVIDENCE_COLUMNS, evidence);
      await appendEvents(tx, events);
    });

  return { write, sqlite: writer.sqlite, close: () => writer.close() };
}
