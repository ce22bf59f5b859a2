import {
  addressGroup,
  countFailure,
  memoryOf,
  minutesToWait,
  waitBeforeAttempt,
  type CounterName,
  type Counters,
  type ThrottlePolicy,
} from "~/domain/throttle";
import { lockFor } from "./concurrency.server";
import { db } from "./db.server";
import { env } from "./env.server";

/** What is guessed: an access key for a complaint code, or a password for an e-mail. */
export type AttemptKind = "track" | "login";

const shared = { windowMs: env.ATTEMPT_WINDOW_MINUTES * 60_000, pairMemoryMs: env.ATTEMPT_MEMORY_HOURS * 3_600_000, firstWaitMs: 60_000 };
const POLICIES: Record<AttemptKind, ThrottlePolicy> = {
  track: {
    perPair: env.TRACK_ATTEMPTS,
    perAccount: env.TRACK_ATTEMPTS_PER_CODE,
    perAddress: env.TRACK_ATTEMPTS_PER_ADDRESS,
    global: env.TRACK_ATTEMPTS_GLOBAL,
    ...shared,
  },
  login: {
    perPair: env.LOGIN_ATTEMPTS,
    perAccount: env.LOGIN_ATTEMPTS_PER_ACCOUNT,
    perAddress: env.LOGIN_ATTEMPTS_PER_ADDRESS,
    global: env.LOGIN_ATTEMPTS_GLOBAL,
    ...shared,
  },
};

const COUNTERS: CounterName[] = ["pair", "address", "account", "global"];

function keysFor(kind: AttemptKind, account: string, address: string): Record<CounterName, string> {
  const group = addressGroup(address);
  return { pair: `${kind}:pair:${account}|${group}`, address: `${kind}:address:${group}`, account: `${kind}:account:${account}`, global: `${kind}:global` };
}

export type Attempt = { ok: true; settle: (right: boolean) => Promise<void> } | { ok: false; minutes: number; headers: { "Retry-After": string } };

/**
 * Counts an attempt as a failure before it is checked, in one transaction (transactions take
 * SQLite's write lock, and on PostgreSQL a lock of their own, so parallel requests and other
 * processes and instances count one after another), or says how long to wait. Call
 * `settle(true)` when the answer was right: that hands the count back.
 */
export async function beginAttempt(kind: AttemptKind, account: string, address: string): Promise<Attempt> {
  const policy = POLICIES[kind];
  const keys = keysFor(kind, account, address);
  let now = Date.now();
  const wait = await db.$transaction(async (tx) => {
    await lockFor(tx, "attempts");
    // Its time is when its turn came: counters written by those before it are not in its future.
    now = Date.now();
    const rows = await tx.attemptCounter.findMany({ where: { key: { in: Object.values(keys) } } });
    const counters: Counters = {};
    for (const name of COUNTERS) {
      const row = rows.find((r) => r.key === keys[name]);
      if (row) counters[name] = { failures: row.failures, lastAt: row.lastAt.getTime() };
    }
    const wait = waitBeforeAttempt(counters, policy, now);
    if (wait > 0) return wait;
    for (const name of COUNTERS) {
      const memory = memoryOf(name, policy);
      const data = { failures: countFailure(counters[name], memory, now).failures, lastAt: new Date(now), expiresAt: new Date(now + memory) };
      await tx.attemptCounter.upsert({ where: { key: keys[name] }, create: { key: keys[name], ...data }, update: data });
    }
    return 0;
  });
  await sweep(now);
  if (wait > 0) return { ok: false, minutes: minutesToWait(wait), headers: { "Retry-After": String(Math.ceil(wait / 1000)) } };
  return {
    ok: true,
    settle: async (right) => {
      if (!right) return;
      // A right answer clears this address's record on this account and takes back its count elsewhere.
      await db.$transaction(async (tx) => {
        await tx.attemptCounter.deleteMany({ where: { key: keys.pair } });
        await tx.attemptCounter.updateMany({
          where: { key: { in: [keys.address, keys.account, keys.global] }, failures: { gt: 0 } },
          data: { failures: { decrement: 1 } },
        });
      });
    },
  };
}

let lastSweep = 0;

/** Forgets expired counters now and then, so the table holds only what still matters. */
async function sweep(now: number) {
  if (now - lastSweep < 10 * 60_000) return;
  lastSweep = now;
  await db.attemptCounter.deleteMany({ where: { expiresAt: { lt: new Date(now) } } });
}
