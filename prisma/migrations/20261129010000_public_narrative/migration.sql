-- AlterTable
ALTER TABLE "Complaint" ADD COLUMN "publicNarrative" TEXT;

