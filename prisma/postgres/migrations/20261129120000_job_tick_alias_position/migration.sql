-- AlterTable
ALTER TABLE "InstitutionAlias" ADD COLUMN     "position" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "JobTick" (
    "job" TEXT NOT NULL,
    "tickAt" TIMESTAMP(3) NOT NULL,
    "claimedAt" TIMESTAMP(3) NOT NULL,
    "claimedBy" TEXT NOT NULL,

    CONSTRAINT "JobTick_pkey" PRIMARY KEY ("job")
);
