-- AlterTable
ALTER TABLE "CollectorPhone" ADD COLUMN "typed" TEXT;

-- The rows still to re-key (typed IS NULL): npm run setup finds them without reading the table.
CREATE INDEX "CollectorPhone_unkeyed_idx" ON "CollectorPhone"("complaintId") WHERE "typed" IS NULL;
