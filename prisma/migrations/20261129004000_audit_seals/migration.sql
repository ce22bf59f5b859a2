-- AlterTable
ALTER TABLE "Event" ADD COLUMN "seal" TEXT;
ALTER TABLE "Event" ADD COLUMN "stateDigest" TEXT;

-- CreateTable
CREATE TABLE "AuditHead" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "eventId" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,
    "signedAt" DATETIME NOT NULL,
    "keyId" TEXT NOT NULL,
    "signature" TEXT NOT NULL
);

