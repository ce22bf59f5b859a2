-- PostgreSQL's schema as prisma/schema.prisma stood after SQLite's migration 20261129060100_evidence_clean_copy,
-- from `prisma migrate diff --from-empty` (docs/decisions/022). Hand-written SQL of SQLite's migrations follows it.

-- CreateTable
CREATE TABLE "Institution" (
    "id" TEXT NOT NULL,
    "nameZh" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "kind" TEXT NOT NULL,

    CONSTRAINT "Institution_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InstitutionAlias" (
    "alias" TEXT NOT NULL,
    "institutionId" TEXT NOT NULL,

    CONSTRAINT "InstitutionAlias_pkey" PRIMARY KEY ("alias")
);

-- CreateTable
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "institutionId" TEXT,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UserSession" (
    "id" TEXT NOT NULL,
    "userId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UserSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ComplaintSequence" (
    "year" INTEGER NOT NULL,
    "last" INTEGER NOT NULL,

    CONSTRAINT "ComplaintSequence_pkey" PRIMARY KEY ("year")
);

-- CreateTable
CREATE TABLE "Complaint" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "locale" TEXT NOT NULL,
    "institutionId" TEXT,
    "institutionName" TEXT NOT NULL,
    "agency" TEXT,
    "product" TEXT NOT NULL,
    "incidentStart" TEXT NOT NULL,
    "incidentEnd" TEXT,
    "narrative" TEXT NOT NULL,
    "publicNarrative" TEXT,
    "desiredResolution" TEXT,
    "priorComplaint" BOOLEAN NOT NULL,
    "consumerName" TEXT,
    "consumerPhone" TEXT,
    "consumerEmail" TEXT,
    "region" TEXT NOT NULL,
    "consent" BOOLEAN NOT NULL,
    "routedTo" TEXT,
    "routedAt" TIMESTAMP(3),
    "dueAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "responseDueAt" TIMESTAMP(3),
    "extensionLevel" INTEGER NOT NULL DEFAULT 0,
    "extensionReason" TEXT,
    "awaitingInfo" BOOLEAN NOT NULL DEFAULT false,
    "infoDueAt" TIMESTAMP(3),
    "outcome" TEXT,
    "respondedAt" TIMESTAMP(3),
    "finding" TEXT,
    "duplicateOfId" INTEGER,
    "closedAt" TIMESTAMP(3),
    "assignedToId" INTEGER,
    "callLogFindings" TEXT,
    "source" TEXT NOT NULL DEFAULT 'web',
    "externalId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Complaint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ComplaintCategory" (
    "complaintId" INTEGER NOT NULL,
    "category" TEXT NOT NULL,
    "substantiated" BOOLEAN,
    "alleged" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "ComplaintCategory_pkey" PRIMARY KEY ("complaintId","category")
);

-- CreateTable
CREATE TABLE "CollectorPhone" (
    "complaintId" INTEGER NOT NULL,
    "number" TEXT NOT NULL,
    "typed" TEXT,

    CONSTRAINT "CollectorPhone_pkey" PRIMARY KEY ("complaintId","number")
);

-- CreateTable
CREATE TABLE "Evidence" (
    "id" SERIAL NOT NULL,
    "complaintId" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "mime" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "addedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "cleanSha256" TEXT,
    "cleanMime" TEXT,
    "cleanSize" INTEGER,
    "photoRead" BOOLEAN NOT NULL DEFAULT false,
    "takenAt" TEXT,
    "device" TEXT,
    "hadPosition" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "Evidence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Event" (
    "id" SERIAL NOT NULL,
    "complaintId" INTEGER,
    "type" TEXT NOT NULL,
    "actorRole" TEXT NOT NULL,
    "actorId" TEXT,
    "fromStatus" TEXT,
    "toStatus" TEXT,
    "note" TEXT,
    "public" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "stateDigest" TEXT,
    "seal" TEXT,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CallLogReview" (
    "complaintId" INTEGER NOT NULL,
    "review" TEXT NOT NULL,

    CONSTRAINT "CallLogReview_pkey" PRIMARY KEY ("complaintId")
);

-- CreateTable
CREATE TABLE "ConsumerSession" (
    "id" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "keyToShowFor" TEXT,
    "keyToShow" TEXT,
    "keyShownUntil" TIMESTAMP(3),

    CONSTRAINT "ConsumerSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConsumerSessionComplaint" (
    "sessionId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "openedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConsumerSessionComplaint_pkey" PRIMARY KEY ("sessionId","code")
);

-- CreateTable
CREATE TABLE "AttemptCounter" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL,
    "lastAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AttemptCounter_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "AuditHead" (
    "id" INTEGER NOT NULL,
    "eventId" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,
    "signedAt" TIMESTAMP(3) NOT NULL,
    "keyId" TEXT NOT NULL,
    "signature" TEXT NOT NULL,

    CONSTRAINT "AuditHead_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" SERIAL NOT NULL,
    "channel" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "complaintId" INTEGER,
    "dedupeKey" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),
    "lastError" TEXT,

    CONSTRAINT "OutboxMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StatsChange" (
    "seq" SERIAL NOT NULL,
    "complaintId" INTEGER NOT NULL,

    CONSTRAINT "StatsChange_pkey" PRIMARY KEY ("seq")
);

-- CreateIndex
CREATE UNIQUE INDEX "Institution_nameZh_key" ON "Institution"("nameZh");

-- CreateIndex
CREATE UNIQUE INDEX "Institution_nameEn_key" ON "Institution"("nameEn");

-- CreateIndex
CREATE INDEX "InstitutionAlias_institutionId_idx" ON "InstitutionAlias"("institutionId");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "User_institutionId_idx" ON "User"("institutionId");

-- CreateIndex
CREATE INDEX "UserSession_userId_idx" ON "UserSession"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Complaint_code_key" ON "Complaint"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Complaint_externalId_key" ON "Complaint"("externalId");

-- CreateIndex
CREATE INDEX "Complaint_status_dueAt_id_idx" ON "Complaint"("status", "dueAt", "id");

-- CreateIndex
CREATE INDEX "Complaint_institutionId_routedTo_status_dueAt_id_idx" ON "Complaint"("institutionId", "routedTo", "status", "dueAt", "id");

-- CreateIndex
CREATE INDEX "Complaint_institutionId_status_dueAt_id_idx" ON "Complaint"("institutionId", "status", "dueAt", "id");

-- CreateIndex
CREATE INDEX "Complaint_region_status_dueAt_id_idx" ON "Complaint"("region", "status", "dueAt", "id");

-- CreateIndex
CREATE INDEX "Complaint_assignedToId_status_dueAt_id_idx" ON "Complaint"("assignedToId", "status", "dueAt", "id");

-- CreateIndex
CREATE INDEX "Complaint_agency_status_dueAt_id_idx" ON "Complaint"("agency", "status", "dueAt", "id");

-- CreateIndex
CREATE INDEX "Complaint_institutionId_routedTo_agency_idx" ON "Complaint"("institutionId", "routedTo", "agency");

-- CreateIndex
CREATE INDEX "Complaint_agency_idx" ON "Complaint"("agency");

-- CreateIndex
CREATE INDEX "Complaint_createdAt_idx" ON "Complaint"("createdAt");

-- CreateIndex
CREATE INDEX "ComplaintCategory_category_idx" ON "ComplaintCategory"("category");

-- CreateIndex
CREATE INDEX "CollectorPhone_number_complaintId_idx" ON "CollectorPhone"("number", "complaintId");

-- CreateIndex
CREATE INDEX "Evidence_complaintId_idx" ON "Evidence"("complaintId");

-- CreateIndex
CREATE INDEX "Evidence_sha256_idx" ON "Evidence"("sha256");

-- CreateIndex
CREATE INDEX "Evidence_cleanSha256_idx" ON "Evidence"("cleanSha256");

-- CreateIndex
CREATE UNIQUE INDEX "Event_prevHash_key" ON "Event"("prevHash");

-- CreateIndex
CREATE UNIQUE INDEX "Event_hash_key" ON "Event"("hash");

-- CreateIndex
CREATE INDEX "Event_complaintId_idx" ON "Event"("complaintId");

-- CreateIndex
CREATE INDEX "ConsumerSession_expiresAt_idx" ON "ConsumerSession"("expiresAt");

-- CreateIndex
CREATE INDEX "ConsumerSessionComplaint_code_idx" ON "ConsumerSessionComplaint"("code");

-- CreateIndex
CREATE INDEX "AttemptCounter_expiresAt_idx" ON "AttemptCounter"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxMessage_dedupeKey_key" ON "OutboxMessage"("dedupeKey");

-- CreateIndex
CREATE INDEX "OutboxMessage_sentAt_nextAttemptAt_idx" ON "OutboxMessage"("sentAt", "nextAttemptAt");

-- AddForeignKey
ALTER TABLE "InstitutionAlias" ADD CONSTRAINT "InstitutionAlias_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UserSession" ADD CONSTRAINT "UserSession_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Complaint" ADD CONSTRAINT "Complaint_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ComplaintCategory" ADD CONSTRAINT "ComplaintCategory_complaintId_fkey" FOREIGN KEY ("complaintId") REFERENCES "Complaint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CollectorPhone" ADD CONSTRAINT "CollectorPhone_complaintId_fkey" FOREIGN KEY ("complaintId") REFERENCES "Complaint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Evidence" ADD CONSTRAINT "Evidence_complaintId_fkey" FOREIGN KEY ("complaintId") REFERENCES "Complaint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Event" ADD CONSTRAINT "Event_complaintId_fkey" FOREIGN KEY ("complaintId") REFERENCES "Complaint"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallLogReview" ADD CONSTRAINT "CallLogReview_complaintId_fkey" FOREIGN KEY ("complaintId") REFERENCES "Complaint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsumerSessionComplaint" ADD CONSTRAINT "ConsumerSessionComplaint_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ConsumerSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Hand-written, ported from SQLite's migrations --------------------------------------------------

-- 20261129013700_stats_change_journal and 20261129050300_deadline_ladder: every change to what the
-- statistics count journals the complaint, whatever wrote it (docs/decisions/012-statistics-at-scale.md).
-- The same triggers by name and condition; PostgreSQL runs a function for each, and says IS DISTINCT
-- FROM where SQLite says IS NOT.
CREATE FUNCTION "StatsChange_journal"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_id INTEGER;
    new_id INTEGER;
BEGIN
    -- Complaint's rows name the complaint by "id"; ComplaintCategory's and Event's by "complaintId".
    IF TG_TABLE_NAME = 'Complaint' THEN
        IF TG_OP <> 'INSERT' THEN old_id := OLD."id"; END IF;
        IF TG_OP <> 'DELETE' THEN new_id := NEW."id"; END IF;
    ELSE
        IF TG_OP <> 'INSERT' THEN old_id := OLD."complaintId"; END IF;
        IF TG_OP <> 'DELETE' THEN new_id := NEW."complaintId"; END IF;
    END IF;
    -- Which rows count is each trigger's WHEN; an event's complaint may be null (SET NULL on removal).
    IF old_id IS NOT NULL THEN
        INSERT INTO "StatsChange" ("complaintId") VALUES (old_id);
    END IF;
    IF new_id IS NOT NULL AND new_id IS DISTINCT FROM old_id THEN
        INSERT INTO "StatsChange" ("complaintId") VALUES (new_id);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER "StatsChange_complaint_insert" AFTER INSERT ON "Complaint"
    FOR EACH ROW EXECUTE FUNCTION "StatsChange_journal"();
-- Complaint columns the statistics read; other updates (version, dueAt, awaitingInfo...) are not journaled.
CREATE TRIGGER "StatsChange_complaint_update" AFTER UPDATE ON "Complaint"
    FOR EACH ROW WHEN (
        OLD."status" IS DISTINCT FROM NEW."status"
        OR OLD."institutionId" IS DISTINCT FROM NEW."institutionId"
        OR OLD."institutionName" IS DISTINCT FROM NEW."institutionName"
        OR OLD."agency" IS DISTINCT FROM NEW."agency"
        OR OLD."product" IS DISTINCT FROM NEW."product"
        OR OLD."region" IS DISTINCT FROM NEW."region"
        OR OLD."routedTo" IS DISTINCT FROM NEW."routedTo"
        OR OLD."routedAt" IS DISTINCT FROM NEW."routedAt"
        OR OLD."responseDueAt" IS DISTINCT FROM NEW."responseDueAt"
        OR OLD."outcome" IS DISTINCT FROM NEW."outcome"
        OR OLD."respondedAt" IS DISTINCT FROM NEW."respondedAt"
        OR OLD."createdAt" IS DISTINCT FROM NEW."createdAt"
        OR OLD."callLogFindings" IS DISTINCT FROM NEW."callLogFindings"
        OR OLD."id" IS DISTINCT FROM NEW."id"
    ) EXECUTE FUNCTION "StatsChange_journal"();
CREATE TRIGGER "StatsChange_complaint_delete" AFTER DELETE ON "Complaint"
    FOR EACH ROW EXECUTE FUNCTION "StatsChange_journal"();

CREATE TRIGGER "StatsChange_category_insert" AFTER INSERT ON "ComplaintCategory"
    FOR EACH ROW EXECUTE FUNCTION "StatsChange_journal"();
CREATE TRIGGER "StatsChange_category_update" AFTER UPDATE ON "ComplaintCategory"
    FOR EACH ROW EXECUTE FUNCTION "StatsChange_journal"();
CREATE TRIGGER "StatsChange_category_delete" AFTER DELETE ON "ComplaintCategory"
    FOR EACH ROW EXECUTE FUNCTION "StatsChange_journal"();

-- Events count as "escalated" (miss_deadline, disputed) and "disputed".
CREATE TRIGGER "StatsChange_event_insert" AFTER INSERT ON "Event"
    FOR EACH ROW WHEN (NEW."complaintId" IS NOT NULL AND NEW."type" IN ('miss_deadline', 'disputed'))
    EXECUTE FUNCTION "StatsChange_journal"();
CREATE TRIGGER "StatsChange_event_update" AFTER UPDATE ON "Event"
    FOR EACH ROW WHEN (OLD."type" IN ('miss_deadline', 'disputed') OR NEW."type" IN ('miss_deadline', 'disputed'))
    EXECUTE FUNCTION "StatsChange_journal"();
CREATE TRIGGER "StatsChange_event_delete" AFTER DELETE ON "Event"
    FOR EACH ROW WHEN (OLD."complaintId" IS NOT NULL AND OLD."type" IN ('miss_deadline', 'disputed'))
    EXECUTE FUNCTION "StatsChange_journal"();

-- 20261129013700_stats_change_journal: the events that make a complaint escalated or disputed, for the
-- statistics index to load at once. Partial, so Prisma's schema cannot say it.
CREATE INDEX "Event_escalation_idx" ON "Event" ("complaintId", "type") WHERE "type" IN ('miss_deadline', 'disputed');

-- 20261129050400_collector_phone_typed: the rows still to re-key (typed IS NULL).
CREATE INDEX "CollectorPhone_unkeyed_idx" ON "CollectorPhone"("complaintId") WHERE "typed" IS NULL;
