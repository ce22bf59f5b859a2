-- CreateTable
CREATE TABLE "StatsChange" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "complaintId" INTEGER NOT NULL
);


-- Every change to what the statistics count journals the complaint, whatever wrote it (the app, an
-- import, the seeder, the deadline job, a script): docs/decisions/012-statistics-at-scale.md.
-- Complaint columns the statistics read; other updates (version, dueAt, awaitingInfo...) are not journaled.
CREATE TRIGGER "StatsChange_complaint_insert" AFTER INSERT ON "Complaint"
BEGIN
    INSERT INTO "StatsChange" ("complaintId") VALUES (NEW."id");
END;

CREATE TRIGGER "StatsChange_complaint_update" AFTER UPDATE ON "Complaint"
WHEN OLD."status" IS NOT NEW."status"
  OR OLD."institutionId" IS NOT NEW."institutionId"
  OR OLD."institutionName" IS NOT NEW."institutionName"
  OR OLD."agency" IS NOT NEW."agency"
  OR OLD."product" IS NOT NEW."product"
  OR OLD."region" IS NOT NEW."region"
  OR OLD."routedTo" IS NOT NEW."routedTo"
  OR OLD."routedAt" IS NOT NEW."routedAt"
  OR OLD."extended" IS NOT NEW."extended"
  OR OLD."outcome" IS NOT NEW."outcome"
  OR OLD."respondedAt" IS NOT NEW."respondedAt"
  OR OLD."createdAt" IS NOT NEW."createdAt"
  OR OLD."callLogFindings" IS NOT NEW."callLogFindings"
  OR OLD."id" IS NOT NEW."id"
BEGIN
    INSERT INTO "StatsChange" ("complaintId") VALUES (OLD."id");
    INSERT INTO "StatsChange" ("complaintId") SELECT NEW."id" WHERE NEW."id" IS NOT OLD."id";
END;

CREATE TRIGGER "StatsChange_complaint_delete" AFTER DELETE ON "Complaint"
BEGIN
    INSERT INTO "StatsChange" ("complaintId") VALUES (OLD."id");
END;

CREATE TRIGGER "StatsChange_category_insert" AFTER INSERT ON "ComplaintCategory"
BEGIN
    INSERT INTO "StatsChange" ("complaintId") VALUES (NEW."complaintId");
END;

CREATE TRIGGER "StatsChange_category_update" AFTER UPDATE ON "ComplaintCategory"
BEGIN
    INSERT INTO "StatsChange" ("complaintId") VALUES (OLD."complaintId");
    INSERT INTO "StatsChange" ("complaintId") SELECT NEW."complaintId" WHERE NEW."complaintId" IS NOT OLD."complaintId";
END;

CREATE TRIGGER "StatsChange_category_delete" AFTER DELETE ON "ComplaintCategory"
BEGIN
    INSERT INTO "StatsChange" ("complaintId") VALUES (OLD."complaintId");
END;

-- Events count as "escalated" (miss_deadline, disputed) and "disputed".
CREATE TRIGGER "StatsChange_event_insert" AFTER INSERT ON "Event"
WHEN NEW."complaintId" IS NOT NULL AND NEW."type" IN ('miss_deadline', 'disputed')
BEGIN
    INSERT INTO "StatsChange" ("complaintId") VALUES (NEW."complaintId");
END;

CREATE TRIGGER "StatsChange_event_update" AFTER UPDATE ON "Event"
WHEN OLD."type" IN ('miss_deadline', 'disputed') OR NEW."type" IN ('miss_deadline', 'disputed')
BEGIN
    INSERT INTO "StatsChange" ("complaintId") SELECT OLD."complaintId" WHERE OLD."complaintId" IS NOT NULL;
    INSERT INTO "StatsChange" ("complaintId") SELECT NEW."complaintId" WHERE NEW."complaintId" IS NOT NULL AND NEW."complaintId" IS NOT OLD."complaintId";
END;

CREATE TRIGGER "StatsChange_event_delete" AFTER DELETE ON "Event"
WHEN OLD."complaintId" IS NOT NULL AND OLD."type" IN ('miss_deadline', 'disputed')
BEGIN
    INSERT INTO "StatsChange" ("complaintId") VALUES (OLD."complaintId");
END;

-- The events that make a complaint escalated or disputed, for the index to load at once (a covering
-- scan of a few rows instead of every event). Partial, so Prisma's schema cannot say it: keep it
-- when writing a migration from the schema.
CREATE INDEX "Event_escalation_idx" ON "Event" ("complaintId", "type") WHERE "type" IN ('miss_deadline', 'disputed');
