import type { Prisma } from "@prisma/client";
import os from "node:os";
import { db } from "./db.server";
import { engine } from "./engine.server";

/**
 * What several app servers on one PostgreSQL must do one at a time (docs/decisions/023). On SQLite
 * every transaction already holds the database's one write lock (BEGIN IMMEDIATE), so each of these
 * is a no-op there. On PostgreSQL they are transaction-scoped advisory locks: released by the
 * commit or rollback, and by the server if the instance's connection dies, so none is ever left
 * behind by a crash.
 */

// The first key of every advisory lock the app takes ("CW"), so it cannot meet another app's locks in the same database.
const NAMESPACE = 0x4357;
const LOCKS = { auditChain: 1, attempts: 2, deadlines: 3, institutions: 4, imports: 5 } as const;
export type Lock = keyof typeof LOCKS;

const lockSql = (lock: Lock, how: "pg_advisory_xact_lock" | "pg_try_advisory_xact_lock") => `SELECT ${how}(${NAMESPACE}, ${LOCKS[lock]})::text AS locked`;

/** The statement lockFor runs on PostgreSQL, for a connection of its own (the bulk writer's, bulk-connection.server.ts). */
export const postgresLockStatement = (lock: Lock) => lockSql(lock, "pg_advisory_xact_lock");

/** Waits, inside `tx`, until no other transaction holds `lock`; held until `tx` ends. */
export async function lockFor(tx: Prisma.TransactionClient, lock: Lock) {
  if (engine() === "postgres") await tx.$queryRawUnsafe(postgresLockStatement(lock));
}

// Which process claimed a tick, for whoever reads JobTick (the host tells instances apart, the pid restarts).
const CLAIMANT = `${os.hostname()}:${process.pid}`;

/**
 * Runs `job` once per tick across all instances (docs/decisions/027). A tick is a period of
 * `periodMs` counted from 1970, so every instance with the same period counts the same ticks; the
 * instance whose timer fires first in a tick claims it (JobTick) and runs the job, and the others
 * skip that tick. The claim is made under a try-lock held by a transaction that stays open while the
 * job runs on other connections: a long job is never run twice at once, and a job that fails undoes
 * its claim, so the tick can be run by the next timer to fire in it. `job` must use `db`, never that
 * transaction. On SQLite (one instance) the job simply runs each time. Returns whether it ran.
 */
export async function oncePerTick(lock: Lock, periodMs: number, job: (tickAt: Date) => Promise<void>, longestMs = 30 * 60_000): Promise<boolean> {
  const currentTick = () => new Date(Math.floor(Date.now() / periodMs) * periodMs);
  if (engine() !== "postgres") {
    await job(currentTick());
    return true;
  }
  return db.$transaction(
    async (tx) => {
      const [row] = await tx.$queryRawUnsafe<{ locked: string }[]>(lockSql(lock, "pg_try_advisory_xact_lock"));
      if (row?.locked !== "true") return false;
      const tickAt = currentTick();
      if (!(await claimTick(tx, lock, tickAt))) return false;
      await job(tickAt);
      return true;
    },
    { maxWait: 15_000, timeout: longestMs },
  );
}

/**
 * Claims the tick starting at `tickAt` for `job` unless it or a later one was claimed: an instance
 * whose clock is behind never runs a tick again that another has run.
 */
async function claimTick(tx: Prisma.TransactionClient, job: string, tickAt: Date): Promise<boolean> {
  const claim = { tickAt, claimedAt: new Date(), claimedBy: CLAIMANT };
  const { count } = await tx.jobTick.updateMany({ where: { job, tickAt: { lt: tickAt } }, data: claim });
  if (count) return true;
  // The job's first tick ever; under the lock no other instance is making it at the same time.
  if (await tx.jobTick.findUnique({ where: { job }, select: { job: true } })) return false;
  await tx.jobTick.create({ data: { job, ...claim } });
  return true;
}

/**
 * The next number of the year's complaint codes, in the filing's transaction: the row stays locked
 * until the filing commits (a rollback gives the number back), so codes are unique and gapless.
 */
export async function nextComplaintNumber(tx: Prisma.TransactionClient, year: number): Promise<number> {
  // One statement: two first filings of a year cannot both insert, and an increment is never read before it is written.
  // SQL on both engines: Prisma would plan its upsert afresh at every filing (issue 12).
  const [row] = await tx.$queryRaw<{ last: number | bigint }[]>`
    INSERT INTO "ComplaintSequence" ("year", "last") VALUES (${year}, 1)
    ON CONFLICT ("year") DO UPDATE SET "last" = "ComplaintSequence"."last" + 1
    RETURNING "last"`;
  return Number(row.last);
}
