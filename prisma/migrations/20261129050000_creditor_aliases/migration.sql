-- CreateTable
CREATE TABLE "InstitutionAlias" (
    "alias" TEXT NOT NULL PRIMARY KEY,
    "institutionId" TEXT NOT NULL,
    CONSTRAINT "InstitutionAlias_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "InstitutionAlias_institutionId_idx" ON "InstitutionAlias"("institutionId");


