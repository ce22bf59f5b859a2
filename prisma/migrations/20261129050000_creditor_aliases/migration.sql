-- CreateTable
CREATE TABLE "InstitutionAlias" (
    "alias" TEXT NOT NULL PRIMARY KEY,
    "institutionId" TEXT NOT NULL,
    CONSTRAINT "InstitutionAlias_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "InstitutionAlias_institutionId_idx" ON "InstitutionAlias"("institutionId");


-- 借呗 and 花呗 were listed as institutions; they are brands of 重庆蚂蚁消费金融 (ant-cf), now its
-- aliases (prisma/institutions.json). Their complaints and reviewers move to the company, and the
-- brand rows go: the directory loader never removes an entry itself. The StatsChange trigger
-- journals each moved complaint, so the statistics follow. On a fresh database this does nothing.
INSERT OR IGNORE INTO "Institution" ("id", "nameZh", "nameEn", "kind")
SELECT 'ant-cf', '重庆蚂蚁消费金融', 'Chongqing Ant Consumer Finance', 'consumer_finance'
WHERE EXISTS (SELECT 1 FROM "Institution" WHERE "id" IN ('jiebei', 'huabei'));

UPDATE "Complaint"
SET "institutionId" = 'ant-cf', "institutionName" = (SELECT "nameZh" FROM "Institution" WHERE "id" = 'ant-cf')
WHERE "institutionId" IN ('jiebei', 'huabei');

UPDATE "User" SET "institutionId" = 'ant-cf' WHERE "institutionId" IN ('jiebei', 'huabei');

DELETE FROM "Institution" WHERE "id" IN ('jiebei', 'huabei');
