-- CreateTable
CREATE TABLE "Institution" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "nameZh" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "kind" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "User" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "email" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "institutionId" TEXT,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "User_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "UserSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    CONSTRAINT "UserSession_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ComplaintSequence" (
    "year" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "last" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "Complaint" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "code" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "locale" TEXT NOT NULL,
    "institutionId" TEXT,
    "institutionName" TEXT NOT NULL,
    "agency" TEXT,
    "product" TEXT NOT NULL,
    "incidentStart" TEXT NOT NULL,
    "incidentEnd" TEXT,
    "narrative" TEXT NOT NULL,
    "desiredResolution" TEXT,
    "priorComplaint" BOOLEAN NOT NULL,
    "consumerName" TEXT,
    "consumerPhone" TEXT,
    "consumerEmail" TEXT,
    "region" TEXT NOT NULL,
    "consent" BOOLEAN NOT NULL,
    "routedTo" TEXT,
    "routedAt" DATETIME,
    "dueAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "extended" BOOLEAN NOT NULL DEFAULT false,
    "extensionReason" TEXT,
    "awaitingInfo" BOOLEAN NOT NULL DEFAULT false,
    "outcome" TEXT,
    "respondedAt" DATETIME,
    "finding" TEXT,
    "duplicateOfId" INTEGER,
    "closedAt" DATETIME,
    "callLogFindings" TEXT,
    "source" TEXT NOT NULL DEFAULT 'web',
    "externalId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Complaint_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ComplaintCategory" (
    "complaintId" INTEGER NOT NULL,
    "category" TEXT NOT NULL,
    "substantiated" BOOLEAN,

    PRIMARY KEY ("complaintId", "category"),
    CONSTRAINT "ComplaintCategory_complaintId_fkey" FOREIGN KEY ("complaintId") REFERENCES "Complaint" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CollectorPhone" (
    "complaintId" INTEGER NOT NULL,
    "number" TEXT NOT NULL,

    PRIMARY KEY ("complaintId", "number"),
    CONSTRAINT "CollectorPhone_complaintId_fkey" FOREIGN KEY ("complaintId") REFERENCES "Complaint" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Evidence" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "complaintId" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "mime" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "addedBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Evidence_complaintId_fkey" FOREIGN KEY ("complaintId") REFERENCES "Complaint" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Event" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "complaintId" INTEGER,
    "type" TEXT NOT NULL,
    "actorRole" TEXT NOT NULL,
    "actorId" TEXT,
    "fromStatus" TEXT,
    "toStatus" TEXT,
    "note" TEXT,
    "public" BOOLEAN NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    CONSTRAINT "Event_complaintId_fkey" FOREIGN KEY ("complaintId") REFERENCES "Complaint" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Institution_nameZh_key" ON "Institution"("nameZh");

-- CreateIndex
CREATE UNIQUE INDEX "Institution_nameEn_key" ON "Institution"("nameEn");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "User_institutionId_idx" ON "User"("institutionId");

-- CreateIndex
CREATE INDEX "UserSession_userId_idx" ON "UserSession"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Complaint_code_key" ON "Complaint"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Complaint_externalId_key" ON "Complaint"("externalId");

-- CreateIndex
CREATE INDEX "Complaint_status_dueAt_id_idx" ON "Complaint"("status", "dueAt", "id");

-- CreateIndex
CREATE INDEX "Complaint_institutionId_routedTo_idx" ON "Complaint"("institutionId", "routedTo");

-- CreateIndex
CREATE INDEX "Complaint_agency_idx" ON "Complaint"("agency");

-- CreateIndex
CREATE INDEX "Complaint_createdAt_idx" ON "Complaint"("createdAt");

-- CreateIndex
CREATE INDEX "ComplaintCategory_category_idx" ON "ComplaintCategory"("category");

-- CreateIndex
CREATE INDEX "CollectorPhone_number_idx" ON "CollectorPhone"("number");

-- CreateIndex
CREATE INDEX "Evidence_complaintId_idx" ON "Evidence"("complaintId");

-- CreateIndex
CREATE INDEX "Evidence_sha256_idx" ON "Evidence"("sha256");

-- CreateIndex
CREATE UNIQUE INDEX "Event_prevHash_key" ON "Event"("prevHash");

-- CreateIndex
CREATE UNIQUE INDEX "Event_hash_key" ON "Event"("hash");

-- CreateIndex
CREATE INDEX "Event_complaintId_idx" ON "Event"("complaintId");

