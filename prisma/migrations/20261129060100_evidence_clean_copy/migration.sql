-- Added column by column (not a table redefinition): Evidence keeps its rows, indexes and foreign key as they are.
ALTER TABLE "Evidence" ADD COLUMN "cleanSha256" TEXT;
ALTER TABLE "Evidence" ADD COLUMN "cleanMime" TEXT;
ALTER TABLE "Evidence" ADD COLUMN "cleanSize" INTEGER;
ALTER TABLE "Evidence" ADD COLUMN "photoRead" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Evidence" ADD COLUMN "takenAt" TEXT;
ALTER TABLE "Evidence" ADD COLUMN "device" TEXT;
ALTER TABLE "Evidence" ADD COLUMN "hadPosition" BOOLEAN NOT NULL DEFAULT false;
CREATE INDEX "Evidence_cleanSha256_idx" ON "Evidence"("cleanSha256");
