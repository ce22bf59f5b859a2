import { parse } from "csv-parse";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import { complaintStateDigest, type AuditContent } from "~/domain/audit-chain";
import { addDays } from "~/domain/deadlines";
import { formatComplaintCode } from "~/domain/receipt";
import { publicNarrative } from "~/domain/stats/public-narrative";
import { CFPB_COLUMNS, cfpbRowSchema, isDebtCollection, mapCfpbRecord, NO_REGION, type CfpbRecord } from "~/domain/stats/cfpb";
import { appendEvents } from "./audit-batch.server";
import { openBulkWriter, takeComplaintNumbers, type BulkRow } from "./bulk-connection.server";

export type ImportSummary = { read: number; imported: number; skipped: Record<string, number> };

/** A file that is not a CFPB export (or not one we can read): nothing was imported. */
export class NotACfpbExport extends Error {}

/** How far down the header may be: exports handed on often carry a line or two of other text first. */
const HEADER_SEARCH_LINES = 10;
/** Rows per transaction: a server on the same database waits at most one batch for its own writes. */
const BATCH = 500;

/** The CFPB's columns a line lacks, to be a CFPB export's header. */
function missingColumns(cells: string[]): string[] {
  const present = new Set(cells.map((cell) => cell.trim()));
  return CFPB_COLUMNS.filter((column) => !present.has(column));
}

type Candidate = { line: number; missing: string[] };

function notAnExport(closest: Candidate | null, lines: number): NotACfpbExport {
  const where = lines < HEADER_SEARCH_LINES ? `none of its ${lines} line(s)` : `none of its first ${HEADER_SEARCH_LINES} lines`;
  const lacks = closest ? `: the closest, line ${closest.line}, lacks ${closest.missing.join(", ")}` : "";
  return new NotACfpbExport(`not a CFPB complaint export: ${where} is a header with the CFPB's columns${lacks}`);
}

/** The complaint as imported: what its row holds and what its events' state digest covers. */
function importedComplaint(record: CfpbRecord, code: string) {
  const mapped = mapCfpbRecord(record);
  const received = new Date(`${record.dateReceived}T12:00:00Z`);
  const sent = record.dateSentToCompany ? new Date(`${record.dateSentToCompany}T12:00:00Z`) : null;
  const final = mapped.outcome !== null && mapped.outcome !== "in_progress";
  // The CFPB's own 15 calendar days, not China's calendar: its "Timely response?" is kept as given,
  // an untimely answer placed a day past the deadline (domain/timely.ts then says "No" as the CFPB did).
  const responseDueAt = sent ? addDays(sent, 15) : null;
  const respondedAt = final && sent ? (record.timely === false ? addDays(sent, 16) : sent) : null;
  const status = final ? (record.disputed ? "escalated" : "closed") : sent ? "routed_to_bank" : "submitted";
  const narrative = record.narrative ?? "";
  return {
    code,
    createdAt: received,
    source: "cfpb",
    externalId: `cfpb:${record.complaintId}`,
    status,
    institutionId: null,
    institutionName: record.company,
    agency: null,
    product: mapped.product,
    region: mapped.region ?? NO_REGION,
    incidentStart: record.dateReceived,
    incidentEnd: null,
    narrative,
    desiredResolution: null,
    priorComplaint: false,
    consent: record.consent,
    routedTo: sent ? "bank" : null,
    routedAt: sent,
    dueAt: responseDueAt ?? received,
    responseDueAt,
    extensionLevel: 0,
    extensionReason: null,
    awaitingInfo: false,
    outcome: mapped.outcome,
    respondedAt,
    finding: null,
    duplicateOfId: null,
    closedAt: status === "closed" ? respondedAt : null,
    categories: [{ category: mapped.category, substantiated: null }],
    collectorPhones: [],
    evidence: [],
  };
}

const COMPLAINT_COLUMNS = [
  "id",
  "code",
  "keyHash",
  "status",
  "locale",
  "institutionName",
  "product",
  "incidentStart",
  "narrative",
  "publicNarrative",
  "priorComplaint",
  "region",
  "consent",
  "routedTo",
  "routedAt",
  "dueAt",
  "responseDueAt",
  "outcome",
  "respondedAt",
  "closedAt",
  "source",
  "externalId",
  "createdAt",
  "updatedAt",
] as const;

/** Writes batches of parsed rows, each in one transaction, skipping what was imported before. */
async function importWriter() {
  const writer = await openBulkWriter();

  /** Writes the batch; returns how many were new (the others were imported before, or earlier in the batch). */
  const write = (records: CfpbRecord[]) =>
    writer.transaction(async (tx) => {
      // Two imports of one file at once on PostgreSQL: the second reads what the first committed,
      // rather than both seeing a row as new and the later failing on externalId. Taken before
      // the code numbers and the chain's lock, which a filing takes in that order too.
      await tx.lock("imports");
      const externalIds = records.map((record) => `cfpb:${record.complaintId}`);
      const known = await tx.all<{ externalId: string }>(
        `SELECT "externalId" FROM "Complaint" WHERE "externalId" IN (${externalIds.map(() => "?").join(", ")})`,
        externalIds,
      );
      const seen = new Set(known.map((row) => row.externalId));
      const fresh: CfpbRecord[] = [];
      records.forEach((record, i) => {
        if (seen.has(externalIds[i])) return;
        seen.add(externalIds[i]);
        fresh.push(record);
      });
      if (!fresh.length) return 0;
      // The year the CFPB received it, as codes of imported complaints always had.
      const years = fresh.map((record) => Number(record.dateReceived.slice(0, 4)));
      const numbers = await takeComplaintNumbers(tx, years);
      const ids = await tx.newIds("Complaint", fresh.length);
      const now = new Date();
      const rows: BulkRow[] = [];
      const categories: BulkRow[] = [];
      const events: AuditContent[] = [];
      fresh.forEach((record, i) => {
        const complaint = importedComplaint(record, formatComplaintCode(years[i], numbers[i]));
        const complaintId = ids[i];
        rows.push([
          complaintId,
          complaint.code,
          createHash("sha256").update(randomBytes(16)).digest("hex"),
          complaint.status,
          "en",
          complaint.institutionName,
          complaint.product,
          complaint.incidentStart,
          complaint.narrative,
          publicNarrative({ ...complaint, consumerName: null, consumerPhone: null, consumerEmail: null, collectorPhones: [] }),
          false,
          complaint.region,
          complaint.consent,
          complaint.routedTo,
          complaint.routedAt,
          complaint.dueAt,
          complaint.responseDueAt,
          complaint.outcome,
          complaint.respondedAt,
          complaint.closedAt,
          "cfpb",
          complaint.externalId,
          complaint.createdAt,
          now,
        ]);
        categories.push([complaintId, complaint.categories[0].category]);
        const stateDigest = complaintStateDigest(complaint);
        const base = { complaintId, actorId: null, public: false, createdAt: now, stateDigest };
        events.push({ ...base, type: "imported", actorRole: "system", fromStatus: null, toStatus: complaint.status, note: complaint.externalId });
        if (record.disputed) events.push({ ...base, type: "disputed", actorRole: "consumer", fromStatus: "responded", toStatus: "escalated", note: null });
      });
      await tx.insert("Complaint", COMPLAINT_COLUMNS, rows);
      await tx.insert("ComplaintCategory", ["complaintId", "category"], categories);
      await appendEvents(tx, events);
      return fresh.length;
    });
  return { write, close: () => writer.close() };
}

/** The line the header is on (1-based), or a refusal naming the columns the closest line lacks. */
async function findHeader(file: string): Promise<number> {
  const input = fs.createReadStream(file);
  const lines = input.pipe(
    parse({ bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, to_line: HEADER_SEARCH_LINES, info: true }),
  );
  let closest: Candidate | null = null;
  let read = 0;
  try {
    for await (const { record, info } of lines as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      read = info.lines;
      const missing = missingColumns(record);
      if (!missing.length) return info.lines;
      if (!closest || missing.length < closest.missing.length) closest = { line: info.lines, missing };
    }
  } catch {
    // Text that is not even CSV has no header: refused below.
  } finally {
    input.destroy();
  }
  throw notAnExport(closest, read);
}

/**
 * Imports the debt-collection rows of a CFPB export, streamed, a batch per transaction, so
 * analysts can compare. The header may follow a few lines of other text; a file without one
 * is refused (NotACfpbExport), naming the columns it lacks, before anything is written.
 * Idempotent on the CFPB Complaint ID (stored as externalId "cfpb:ID"). Imported rows carry
 * no consumer identity; the response date is not in the export, so a timely answer is
 * recorded on the day the complaint was sent and an untimely one sixteen days after.
 */
export async function importCfpb(file: string, progress?: (summary: ImportSummary) => void): Promise<ImportSummary> {
  const headerLine = await findHeader(file);
  const summary: ImportSummary = { read: 0, imported: 0, skipped: {} };
  const skip = (reason: string, n = 1) => {
    if (n > 0) summary.skipped[reason] = (summary.skipped[reason] ?? 0) + n;
  };
  // Large reads: a CFPB export is tens of megabytes, and each chunk costs a trip through the stream.
  const rows = fs.createReadStream(file, { highWaterMark: 1 << 20 }).pipe(
    parse({
      bom: true,
      from_line: headerLine,
      columns: (header: string[]) => header.map((column) => column.trim()),
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
    }),
  );
  const writer = await importWriter();
  let batch: CfpbRecord[] = [];
  const flush = async () => {
    const written = await writer.write(batch);
    summary.imported += written;
    skip("already imported", batch.length - written);
    batch = [];
  };
  try {
    for await (const raw of rows as AsyncIterable<Record<string, string>>) {
      summary.read++;
      if (summary.read % 200 === 0) progress?.(summary);
      if (!isDebtCollection({ Product: raw.Product ?? "" })) {
        skip("not debt collection");
        continue;
      }
      const parsed = cfpbRowSchema.safeParse(raw);
      if (!parsed.success) {
        skip(`invalid ${String(parsed.error.issues[0]?.path[0] ?? "row")}`);
        continue;
      }
      batch.push(parsed.data);
      if (batch.length >= BATCH) await flush();
    }
    if (batch.length) await flush();
  } finally {
    await writer.close();
  }
  progress?.(summary);
  return summary;
}
