-- A category a reviewer found that the consumer did not allege (issue 14). Added in place:
-- Prisma's diff would redefine the table, and with it drop the StatsChange triggers on
-- ComplaintCategory. Those triggers fire on every insert, update and delete of a row, whatever
-- column changed, so they see this one without change. Every existing row was alleged.
ALTER TABLE "ComplaintCategory" ADD COLUMN "alleged" BOOLEAN NOT NULL DEFAULT true;
