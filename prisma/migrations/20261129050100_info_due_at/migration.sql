-- The consumer's deadline to answer a request for information (plain ADD COLUMN: the table keeps its triggers).
ALTER TABLE "Complaint" ADD COLUMN "infoDueAt" DATETIME;
