/**
 * Throttling of access-key and password attempts (docs/decisions/011-consumer-access-and-throttling.md).
 *
 * Every attempt is counted as a failure before it is checked, and handed back when it turns out
 * right, so parallel guesses cannot slip past the count. Four counters are read:
 *
 * - pair: one address guessing one account (complaint code or e-mail). After `perPair` failures it
 *   waits, and each further failure doubles the wait: backoff, not a lock.
 * - address: one address guessing any account. After `perAddress` failures it waits, doubling.
 * - account: everyone guessing one account. Never refuses anyone by itself: past `perAccount`
 *   the account is under attack, and every address that has already failed on it waits after
 *   its first failure instead of after `perPair`.
 * - global: everyone guessing anything. Past `global` the site is under attack, and every
 *   address that has failed anywhere waits after its first failure.
 *
 * So strangers guessing wrong can slow down only themselves: an address that has not failed
 * always gets its attempt checked, and a right answer always gets in from there.
 */

export type Counter = { failures: number; lastAt: number };
export type Counters = { pair?: Counter; address?: Counter; account?: Counter; global?: Counter };
export type CounterName = keyof Counters;

export type ThrottlePolicy = {
  perPair: number;
  perAddress: number;
  perAccount: number;
  global: number;
  /** How long the address, account and global counts last after their latest failure. */
  windowMs: number;
  /** How long one address's failures on one account are remembered: the longest wait. */
  pairMemoryMs: number;
  /** The first wait; each further failure doubles it. */
  firstWaitMs: number;
};

export function memoryOf(name: CounterName, policy: ThrottlePolicy): number {
  return name === "pair" ? policy.pairMemoryMs : policy.windowMs;
}

function live(counter: Counter | undefined, memoryMs: number, now: number): counter is Counter {
  return counter !== undefined && counter.failures > 0 && now - counter.lastAt < memoryMs;
}

/** Milliseconds until a counter with `free` failures allowed lets the next attempt through. */
export function backoffWait(counter: Counter | undefined, free: number, policy: ThrottlePolicy, memoryMs: number, now: number): number {
  if (!live(counter, memoryMs, now) || counter.failures < free) return 0;
  // 2^30 minutes is far beyond any memory: the cap keeps the number finite.
  const doubled = policy.firstWaitMs * 2 ** Math.min(counter.failures - free, 30);
  return Math.max(0, counter.lastAt + Math.min(doubled, memoryMs) - now);
}

/** 0 when the attempt may be checked now, else the milliseconds to wait. */
export function waitBeforeAttempt(counters: Counters, policy: ThrottlePolicy, now: number): number {
  const siteUnderAttack = live(counters.global, policy.windowMs, now) && counters.global.failures >= policy.global;
  const accountUnderAttack = live(counters.account, policy.windowMs, now) && counters.account.failures >= policy.perAccount;
  const pairFree = siteUnderAttack || accountUnderAttack ? 1 : policy.perPair;
  const addressFree = siteUnderAttack ? 1 : policy.perAddress;
  return Math.max(
    backoffWait(counters.pair, pairFree, policy, policy.pairMemoryMs, now),
    backoffWait(counters.address, addressFree, policy, policy.windowMs, now),
  );
}

/** A counter after one more failure at `now` (a forgotten one starts again). */
export function countFailure(counter: Counter | undefined, memoryMs: number, now: number): Counter {
  return { failures: live(counter, memoryMs, now) ? counter.failures + 1 : 1, lastAt: now };
}

/** Whole minutes to tell the person, never 0. */
export function minutesToWait(ms: number): number {
  return Math.max(1, Math.ceil(ms / 60_000));
}

/**
 * The address a limit is kept for: IPv4 as it is, IPv6 by its /64 (one household or phone is
 * usually given a whole /64, so counting single IPv6 addresses would count nothing).
 */
export function addressGroup(address: string): string {
  const bare = address
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .replace(/%.*$/, "");
  const mapped = bare.match(/^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/);
  if (mapped) return mapped[1];
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(bare)) return bare;
  if (!bare.includes(":")) return bare || "unknown";
  const hextets = expandIpv6(bare);
  return hextets ? `${hextets.slice(0, 4).join(":")}::/64` : bare;
}

function expandIpv6(address: string): string[] | null {
  const halves = address.split("::");
  if (halves.length > 2) return null;
  const part = (s: string) => (s ? s.split(":") : []);
  const head = part(halves[0]);
  const tail = halves.length === 2 ? part(halves[1]) : [];
  // An embedded IPv4 tail (::1.2.3.4) takes two hextets; only the first four matter here.
  const count = [...head, ...tail].reduce((n, h) => n + (h.includes(".") ? 2 : 1), 0);
  const missing = 8 - count;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return null;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  if (all.some((h) => !h.includes(".") && !/^[0-9a-f]{1,4}$/.test(h))) return null;
  return all.map((h) => (h.includes(".") ? h : h.replace(/^0+(?=.)/, "")));
}
