import { parse } from "csv-parse";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import { addDays } from "~/domain/deadlines";
import { formatComplaintCode } from "~/domain/receipt";
import { publicNarrative } from "~/domain/stats/public-narrative";
import { cfpbRowSchema, isDebtCollection, mapCfpbRecord, NO_REGION } from "~/domain/stats/cfpb";
import { appendEvent } from "./audit.server";
import { db } from "./db.server";

export type ImportSummary = { read: number; imported: number; skipped: Record<string, number> };

/**
 * Imports the debt-collection rows of a CFPB export, streamed, so analysts can compare.
 * Idempotent on the CFPB Complaint ID (stored as externalId "cfpb:ID"). Imported rows carry
 * no consumer identity; the response date is not in the export, so a timely answer is
 * recorded on the day the complaint was sent and an untimely one sixteen days after.
 */
export async function importCfpb(file: string, progress?: (summary: ImportSummary) => void): Promise<ImportSummary> {
  const summary: ImportSummary = { read: 0, imported: 0, skipped: {} };
  const skip = (reason: string) => (summary.skipped[reason] = (summary.skipped[reason] ?? 0) + 1);
  const rows = fs.createReadStream(file).pipe(parse({ bom: true, columns: true, relax_column_count: true, skip_empty_lines: true }));
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
    const record = parsed.data;
    const externalId = `cfpb:${record.complaintId}`;
    if (await db.complaint.findUnique({ where: { externalId }, select: { id: true } })) {
      skip("already imported");
      continue;
    }
    const mapped = mapCfpbRecord(record);
    const received = new Date(`${record.dateReceived}T12:00:00Z`);
    const sent = record.dateSentToCompany ? new Date(`${record.dateSentToCompany}T12:00:00Z`) : null;
    const final = mapped.outcome !== null && mapped.outcome !== "in_progress";
    const respondedAt = final && sent ? (record.timely === false ? addDays(sent, 16) : sent) : null;
    const status = final ? (record.disputed ? "escalated" : "closed") : sent ? "routed_to_bank" : "submitted";
    await db.$transaction(async (tx) => {
      const year = received.getUTCFullYear();
      const sequence = await tx.complaintSequence.upsert({ where: { year }, create: { year, last: 1 }, update: { last: { increment: 1 } } });
      const complaint = await tx.complaint.create({
        data: {
          code: formatComplaintCode(year, sequence.last),
          keyHash: createHash("sha256").update(randomBytes(16)).digest("hex"),
          status,
          locale: "en",
          institutionName: record.company,
          product: mapped.product,
          incidentStart: record.dateReceived,
          narrative: record.narrative ?? "",
          publicNarrative: publicNarrative({
            narrative: record.narrative ?? "",
            consent: record.consent,
            consumerName: null,
            consumerPhone: null,
            consumerEmail: null,
            collectorPhones: [],
          }),
          priorComplaint: false,
          region: mapped.region ?? NO_REGION,
          consent: record.consent,
          routedTo: sent ? "bank" : null,
          routedAt: sent,
          dueAt: sent ? addDays(sent, 15) : received,
          outcome: mapped.outcome,
          respondedAt,
          closedAt: status === "closed" ? respondedAt : null,
          source: "cfpb",
          externalId,
          createdAt: received,
          categories: { create: [{ category: mapped.category }] },
        },
      });
      await appendEvent(tx, {
        complaintId: complaint.id,
        type: "imported",
        actorRole: "system",
        actorId: null,
        fromStatus: null,
        toStatus: status,
        note: externalId,
        public: false,
      });
      if (record.disputed) {
        await appendEvent(tx, {
          complaintId: complaint.id,
          type: "disputed",
          actorRole: "consumer",
          actorId: null,
          fromStatus: "responded",
          toStatus: "escalated",
          note: null,
          public: false,
        });
      }
    });
    summary.imported++;
  }
  progress?.(summary);
  return summary;
}
