-- Deadlines as the law counts them (docs/decisions/016-deadlines-as-the-law-counts-them.md): the
-- creditor's deadline in force is kept (responseDueAt, what "timely" compares with) and the
-- extension boolean becomes a level of the 15 → 30 → 60 day ladder. Written by hand: Prisma's diff
-- would redefine Complaint and drop its StatsChange triggers.

ALTER TABLE "Complaint" ADD COLUMN "responseDueAt" DATETIME;
ALTER TABLE "Complaint" ADD COLUMN "extensionLevel" INTEGER NOT NULL DEFAULT 0;

-- The journal's update trigger names "extended": replaced below by one that watches the new columns.
-- The backfill runs without it; the statistics index loads every complaint when the server starts.
DROP TRIGGER "StatsChange_complaint_update";

-- Rows routed to a creditor before this change: the deadline then in force, as the code then
-- computed it (routing + 15 or 30 days of 24 hours); a complaint still with the creditor keeps its dueAt.
UPDATE "Complaint" SET
  "extensionLevel" = CASE WHEN "extended" THEN 1 ELSE 0 END,
  "responseDueAt" = CASE
    WHEN "routedTo" IS NOT 'bank' OR "routedAt" IS NULL THEN NULL
    WHEN "status" = 'routed_to_bank' THEN "dueAt"
    ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', "routedAt", CASE WHEN "extended" THEN '+30 days' ELSE '+15 days' END)
  END;

ALTER TABLE "Complaint" DROP COLUMN "extended";

CREATE TRIGGER "StatsChange_complaint_update" AFTER UPDATE ON "Complaint"
WHEN OLD."status" IS NOT NEW."status"
  OR OLD."institutionId" IS NOT NEW."institutionId"
  OR OLD."institutionName" IS NOT NEW."institutionName"
  OR OLD."agency" IS NOT NEW."agency"
  OR OLD."product" IS NOT NEW."product"
  OR OLD."region" IS NOT NEW."region"
  OR OLD."routedTo" IS NOT NEW."routedTo"
  OR OLD."routedAt" IS NOT NEW."routedAt"
  OR OLD."responseDueAt" IS NOT NEW."responseDueAt"
  OR OLD."outcome" IS NOT NEW."outcome"
  OR OLD."respondedAt" IS NOT NEW."respondedAt"
  OR OLD."createdAt" IS NOT NEW."createdAt"
  OR OLD."callLogFindings" IS NOT NEW."callLogFindings"
  OR OLD."id" IS NOT NEW."id"
BEGIN
    INSERT INTO "StatsChange" ("complaintId") VALUES (OLD."id");
    INSERT INTO "StatsChange" ("complaintId") SELECT NEW."id" WHERE NEW."id" IS NOT OLD."id";
END;
