-- DropIndex
DROP INDEX "Complaint_institutionId_routedTo_idx";

-- DropIndex
DROP INDEX "CollectorPhone_number_idx";

-- CreateIndex
CREATE INDEX "Complaint_institutionId_routedTo_status_dueAt_id_idx" ON "Complaint"("institutionId", "routedTo", "status", "dueAt", "id");

-- CreateIndex
CREATE INDEX "Complaint_institutionId_status_dueAt_id_idx" ON "Complaint"("institutionId", "status", "dueAt", "id");

-- CreateIndex
CREATE INDEX "Complaint_region_status_dueAt_id_idx" ON "Complaint"("region", "status", "dueAt", "id");

-- CreateIndex
CREATE INDEX "Complaint_institutionId_routedTo_agency_idx" ON "Complaint"("institutionId", "routedTo", "agency");

-- CreateIndex
CREATE INDEX "CollectorPhone_number_complaintId_idx" ON "CollectorPhone"("number", "complaintId");

