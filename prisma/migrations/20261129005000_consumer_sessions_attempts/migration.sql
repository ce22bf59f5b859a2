-- CreateTable
CREATE TABLE "ConsumerSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "keyToShowFor" TEXT,
    "keyToShow" TEXT,
    "keyShownUntil" DATETIME
);

-- CreateTable
CREATE TABLE "ConsumerSessionComplaint" (
    "sessionId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "openedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("sessionId", "code"),
    CONSTRAINT "ConsumerSessionComplaint_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ConsumerSession" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AttemptCounter" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "failures" INTEGER NOT NULL,
    "lastAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "ConsumerSession_expiresAt_idx" ON "ConsumerSession"("expiresAt");

-- CreateIndex
CREATE INDEX "ConsumerSessionComplaint_code_idx" ON "ConsumerSessionComplaint"("code");

-- CreateIndex
CREATE INDEX "AttemptCounter_expiresAt_idx" ON "AttemptCounter"("expiresAt");

