import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Filing } from "~/domain/filing-schema";
import { accessKeyFromBytes, filingYear, formatComplaintCode, normalizeAccessKey } from "~/domain/receipt";
import { canTransition, isOpen } from "~/domain/status";
import { publicNarrative } from "~/domain/stats/public-narrative";
import { appendEvent } from "./audit.server";
import { nextComplaintNumber } from "./concurrency.server";
import { db } from "./db.server";
import { deadlineFrom } from "./deadline-clock.server";
import { deadlineSettings } from "./env.server";
import { callLogColumns, type StoredCallLog } from "./call-log.server";
import { publishStored, storeStaged, unstore, type StoredFile, type VettedFile } from "./evidence.server";
import type { Creditor } from "./institutions.server";
import { openContact, sealContact } from "./personal-data.server";
import { insertRow, insertRows } from "./sql-insert.server";
import { eventsReadBy } from "./visibility.server";

function hashKey(canonicalKey: string): string {
  return createHash("sha256").update(canonicalKey).digest("hex");
}

/**
 * Writes the filing and its evidence, or nothing: files are made durable first, the rows
 * commit, then the files move into evidence/ (a crash in between is finished at the next start).
 */
export async function fileComplaint(
  filing: Filing,
  creditor: Creditor,
  files: VettedFile[],
  locale: string,
  callLog: StoredCallLog | null = null,
  now = new Date(),
) {
  const key = accessKeyFromBytes(randomBytes(13));
  const stored = await storeStaged(files);
  try {
    const code = await db.$transaction(async (tx) => {
      const year = filingYear(now);
      const number = await nextComplaintNumber(tx, year);
      // Written as SQL, the complaint's columns as Prisma's create wrote them (its defaults included):
      // Prisma plans each statement afresh, and read a nested create back whole (issue 12).
      const row = {
        code: formatComplaintCode(year, number),
        keyHash: hashKey(key),
        status: "submitted",
        version: 0,
        locale,
        institutionId: creditor.institutionId,
        institutionName: creditor.institutionName,
        agency: filing.agency ?? null,
        product: filing.product,
        incidentStart: filing.incidentStart,
        incidentEnd: filing.incidentEnd ?? null,
        narrative: filing.narrative,
        publicNarrative: publicNarrative({
          ...filing,
          // Both spellings: the account may quote the number either way.
          collectorPhones: filing.collectorPhones.flatMap(({ key, typed }) => [key, typed]),
          consumerName: filing.consumerName ?? null,
          consumerPhone: filing.consumerPhone ?? null,
          consumerEmail: filing.consumerEmail ?? null,
        }),
        desiredResolution: filing.desiredResolution ?? null,
        priorComplaint: filing.priorComplaint === "yes",
        ...sealContact({
          consumerName: filing.consumerName ?? null,
          consumerPhone: filing.consumerPhone ?? null,
          consumerEmail: filing.consumerEmail ?? null,
        }),
        region: filing.region,
        consent: filing.consent,
        ...(callLog ? { callLogFindings: callLogColumns(callLog).callLogFindings } : {}),
        dueAt: deadlineFrom(now, deadlineSettings.triageDays),
        extensionLevel: 0,
        awaitingInfo: false,
        source: "web",
        createdAt: now,
        updatedAt: new Date(),
      };
      const id = await insertRow(tx, "Complaint", row);
      if (callLog) await insertRows(tx, "CallLogReview", [{ complaintId: id, review: JSON.stringify(callLog.review) }]);
      const categories = filing.categories.map((category) => ({ complaintId: id, category, alleged: true }));
      const collectorPhones = filing.collectorPhones.map(({ key, typed }) => ({ complaintId: id, number: key, typed }));
      await insertRows(tx, "ComplaintCategory", categories);
      await insertRows(tx, "CollectorPhone", collectorPhones);
      if (stored.length) await tx.evidence.createMany({ data: stored.map((file) => ({ complaintId: id, ...evidenceRow(file, "consumer", now) })) });
      // The state digest of what was just written, without reading it back.
      const unset = { externalId: null, routedTo: null, routedAt: null, extensionReason: null, outcome: null, respondedAt: null, finding: null };
      const written = {
        ...row,
        ...unset,
        duplicateOfId: null,
        closedAt: null,
        categories: categories.map(({ category, alleged }) => ({ category, alleged, substantiated: null })),
        collectorPhones: collectorPhones.map(({ number, typed }) => ({ number, typed })),
        evidence: stored.map(({ sha256 }) => ({ sha256 })),
      };
      await appendEvent(
        tx,
        {
          complaintId: id,
          type: "filed",
          actorRole: "consumer",
          actorId: null,
          fromStatus: null,
          toStatus: "submitted",
          note: null,
          public: true,
          createdAt: now,
        },
        written,
      );
      return row.code;
    });
    await publishStored(stored);
    return { code, key };
  } catch (error) {
    await unstore(stored);
    throw error;
  }
}

function evidenceRow(file: StoredFile, addedBy: string, now: Date) {
  return {
    sha256: file.sha256,
    name: file.name,
    mime: file.mime,
    kind: file.kind,
    size: file.size,
    addedBy,
    createdAt: now,
    ...(file.clean ? { cleanSha256: file.clean.sha256, cleanMime: file.clean.mime, cleanSize: file.clean.size } : {}),
    ...(file.facts ? { photoRead: true, ...file.facts } : {}),
  };
}

/** True only for the right key; the same answer, in the same time, for a code that does not exist. */
export async function checkAccessKey(code: string, typedKey: string): Promise<boolean> {
  const key = normalizeAccessKey(typedKey);
  const complaint = await db.complaint.findUnique({ where: { code }, select: { keyHash: true } });
  const given = Buffer.from(hashKey(key ?? ""), "hex");
  const expected = Buffer.from(complaint?.keyHash ?? hashKey("no such complaint"), "hex");
  return timingSafeEqual(given, expected) && complaint !== null && key !== null;
}

/**
 * A new access key for the complaint: the old one stops working, and every consumer session but
 * `keepSessionId` stops opening it, in the same transaction. The event records that it happened,
 * never the key. Returns the new key, to be shown once.
 */
export async function changeAccessKey(code: string, keepSessionId: string) {
  const key = accessKeyFromBytes(randomBytes(13));
  await db.$transaction(async (tx) => {
    const complaint = await tx.complaint.findUnique({ where: { code }, select: { id: true, status: true } });
    if (!complaint) throw new Response("Not found", { status: 404 });
    await tx.complaint.update({ where: { id: complaint.id }, data: { keyHash: hashKey(key) } });
    await tx.consumerSessionComplaint.deleteMany({ where: { code, sessionId: { not: keepSessionId } } });
    await appendEvent(tx, {
      complaintId: complaint.id,
      type: "key_changed",
      actorRole: "consumer",
      actorId: null,
      fromStatus: complaint.status,
      toStatus: complaint.status,
      note: null,
      public: true,
    });
  });
  return key;
}

/** Everything the consumer may see of their own complaint: never internal notes. */
export async function getConsumerView(code: string) {
  const complaint = await db.complaint.findUnique({
    where: { code },
    include: {
      institution: true,
      // What the consumer alleged; what a reviewer found is the regulator's.
      categories: { where: { alleged: true }, orderBy: { category: "asc" } },
      collectorPhones: { orderBy: { number: "asc" } },
      evidence: { orderBy: { id: "asc" } },
      events: { where: eventsReadBy("consumer"), orderBy: { id: "asc" } },
    },
  });
  return complaint && openContact(complaint);
}

export type ConsumerView = NonNullable<Awaited<ReturnType<typeof getConsumerView>>>;

export async function getEvidence(code: string, evidenceId: number) {
  return db.evidence.findFirst({ where: { id: evidenceId, complaint: { code } } });
}

type ActionResult = { ok: true } | { ok: false; error: "error.notAllowed" };

async function findOpen(code: string) {
  const complaint = await db.complaint.findUnique({ where: { code }, select: { id: true, status: true, version: true } });
  if (!complaint) throw new Response("Not found", { status: 404 });
  return complaint;
}

export async function addConsumerComment(code: string, message: string): Promise<ActionResult> {
  const complaint = await findOpen(code);
  if (!isOpen(complaint.status)) return { ok: false, error: "error.notAllowed" };
  await db.$transaction(async (tx) => {
    await tx.complaint.update({ where: { id: complaint.id }, data: { version: { increment: 1 } } });
    await appendEvent(tx, {
      complaintId: complaint.id,
      type: "comment",
      actorRole: "consumer",
      actorId: null,
      fromStatus: complaint.status,
      toStatus: complaint.status,
      note: message,
      public: true,
    });
  });
  return { ok: true };
}

/** Adds files; `callLog` is the analysis of all the complaint's call logs with the new ones. */
export async function addConsumerEvidence(code: string, files: VettedFile[], callLog: StoredCallLog | null = null): Promise<ActionResult> {
  const complaint = await findOpen(code);
  if (!isOpen(complaint.status)) return { ok: false, error: "error.notAllowed" };
  const stored = await storeStaged(files);
  try {
    await db.$transaction(async (tx) => {
      const now = new Date();
      await tx.complaint.update({
        where: { id: complaint.id },
        data: {
          version: { increment: 1 },
          evidence: { create: stored.map((f) => evidenceRow(f, "consumer", now)) },
          ...(callLog ? callLogColumns(callLog) : {}),
        },
      });
      await appendEvent(tx, {
        complaintId: complaint.id,
        type: "evidence_added",
        actorRole: "consumer",
        actorId: null,
        fromStatus: complaint.status,
        toStatus: complaint.status,
        note: stored.map((f) => `${f.name} (${f.sha256.slice(0, 12)})`).join(", "),
        public: true,
        createdAt: now,
      });
    });
    await publishStored(stored);
  } catch (error) {
    await unstore(stored);
    throw error;
  }
  return { ok: true };
}

export async function withdrawComplaint(code: string): Promise<ActionResult> {
  const complaint = await findOpen(code);
  if (!canTransition(complaint.status, "withdraw")) return { ok: false, error: "error.notAllowed" };
  await db.$transaction(async (tx) => {
    // Guarded by the status read above: a concurrent change makes this update match nothing.
    const { count } = await tx.complaint.updateMany({
      where: { id: complaint.id, version: complaint.version },
      data: { status: "withdrawn", version: { increment: 1 } },
    });
    if (count === 0) throw new Response("error.stale", { status: 409 });
    await appendEvent(tx, {
      complaintId: complaint.id,
      type: "withdrawn",
      actorRole: "consumer",
      actorId: null,
      fromStatus: complaint.status,
      toStatus: "withdrawn",
      note: null,
      public: true,
    });
  });
  return { ok: true };
}
