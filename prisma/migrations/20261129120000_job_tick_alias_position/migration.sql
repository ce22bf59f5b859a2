-- Added as a column (not a table redefinition); every start loads the aliases again with their places.
ALTER TABLE "InstitutionAlias" ADD COLUMN "position" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "JobTick" (
    "job" TEXT NOT NULL PRIMARY KEY,
    "tickAt" DATETIME NOT NULL,
    "claimedAt" DATETIME NOT NULL,
    "claimedBy" TEXT NOT NULL
);
