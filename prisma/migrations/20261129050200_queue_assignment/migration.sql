-- AlterTable
ALTER TABLE "Complaint" ADD COLUMN "assignedToId" INTEGER;

-- CreateIndex
CREATE INDEX "Complaint_assignedToId_status_dueAt_id_idx" ON "Complaint"("assignedToId", "status", "dueAt", "id");

-- CreateIndex
CREATE INDEX "Complaint_agency_status_dueAt_id_idx" ON "Complaint"("agency", "status", "dueAt", "id");

