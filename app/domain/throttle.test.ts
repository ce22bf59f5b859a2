import { describe, expect, it } from "vitest";
import { addressGroup, countFailure, minutesToWait, waitBeforeAttempt, type Counters, type ThrottlePolicy } from "./throttle";

const MINUTE = 60_000;
const policy: ThrottlePolicy = {
  perPair: 5,
  perAddress: 20,
  perAccount: 10,
  global: 100,
  windowMs: 15 * MINUTE,
  pairMemoryMs: 24 * 60 * MINUTE,
  firstWaitMs: MINUTE,
};
const now = 1_800_000_000_000;
const failed = (failures: number, ago = 0) => ({ failures, lastAt: now - ago });

describe("waiting before an attempt", () => {
  it("lets a clean address try at once, however hard the account and the site are attacked", () => {
    expect(waitBeforeAttempt({}, policy, now)).toBe(0);
    expect(waitBeforeAttempt({ account: failed(10_000), global: failed(1_000_000) }, policy, now)).toBe(0);
  });

  it("lets one address fail on one account perPair times, then waits one minute, doubling with each failure", () => {
    expect(waitBeforeAttempt({ pair: failed(4) }, policy, now)).toBe(0);
    expect(waitBeforeAttempt({ pair: failed(5) }, policy, now)).toBe(MINUTE);
    expect(waitBeforeAttempt({ pair: failed(6) }, policy, now)).toBe(2 * MINUTE);
    expect(waitBeforeAttempt({ pair: failed(8, MINUTE) }, policy, now)).toBe(7 * MINUTE);
    expect(waitBeforeAttempt({ pair: failed(5, MINUTE) }, policy, now)).toBe(0);
    // The wait never exceeds the memory, and a forgotten pair starts again.
    expect(waitBeforeAttempt({ pair: failed(40) }, policy, now)).toBe(policy.pairMemoryMs);
    expect(waitBeforeAttempt({ pair: failed(40, policy.pairMemoryMs) }, policy, now)).toBe(0);
  });

  it("stops one address spraying many accounts", () => {
    expect(waitBeforeAttempt({ address: failed(19) }, policy, now)).toBe(0);
    expect(waitBeforeAttempt({ address: failed(20) }, policy, now)).toBe(MINUTE);
    expect(waitBeforeAttempt({ address: failed(20, policy.windowMs) }, policy, now)).toBe(0);
  });

  it("makes an address that failed on an attacked account wait after its first failure", () => {
    expect(waitBeforeAttempt({ pair: failed(1), account: failed(9) }, policy, now)).toBe(0);
    expect(waitBeforeAttempt({ pair: failed(1), account: failed(10) }, policy, now)).toBe(MINUTE);
    expect(waitBeforeAttempt({ pair: failed(3), account: failed(10) }, policy, now)).toBe(4 * MINUTE);
    // Once the attack is over (the account's count forgotten), the ordinary allowance is back.
    expect(waitBeforeAttempt({ pair: failed(1), account: failed(10, policy.windowMs) }, policy, now)).toBe(0);
  });

  it("makes every address that failed anywhere wait after its first failure while the site is attacked", () => {
    expect(waitBeforeAttempt({ address: failed(1), global: failed(100) }, policy, now)).toBe(MINUTE);
    expect(waitBeforeAttempt({ pair: failed(1), global: failed(100) }, policy, now)).toBe(MINUTE);
    expect(waitBeforeAttempt({ address: failed(1), global: failed(99) }, policy, now)).toBe(0);
  });

  it("takes the longer of the pair's and the address's waits", () => {
    const counters: Counters = { pair: failed(6), address: failed(22) };
    expect(waitBeforeAttempt(counters, policy, now)).toBe(4 * MINUTE);
  });
});

describe("counting a failure", () => {
  it("adds one, or starts again once forgotten", () => {
    expect(countFailure(undefined, policy.windowMs, now)).toEqual({ failures: 1, lastAt: now });
    expect(countFailure(failed(3, MINUTE), policy.windowMs, now)).toEqual({ failures: 4, lastAt: now });
    expect(countFailure(failed(3, policy.windowMs), policy.windowMs, now)).toEqual({ failures: 1, lastAt: now });
  });

  it("tells whole minutes, at least one", () => {
    expect(minutesToWait(1)).toBe(1);
    expect(minutesToWait(MINUTE)).toBe(1);
    expect(minutesToWait(MINUTE + 1)).toBe(2);
  });
});

describe("the address a limit is kept for", () => {
  it("keeps IPv4 addresses whole, also when mapped into IPv6", () => {
    expect(addressGroup("203.0.113.7")).toBe("203.0.113.7");
    expect(addressGroup("::ffff:203.0.113.7")).toBe("203.0.113.7");
  });

  it("groups IPv6 by /64, however it is written", () => {
    expect(addressGroup("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(addressGroup("2001:0DB8:0001:0002:ffff:ffff:ffff:ffff")).toBe("2001:db8:1:2::/64");
    expect(addressGroup("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressGroup("[2001:db8:1:2::5]")).toBe("2001:db8:1:2::/64");
    expect(addressGroup("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(addressGroup("::1")).toBe("0:0:0:0::/64");
    expect(addressGroup("2001:db8:1:3::1")).not.toBe(addressGroup("2001:db8:1:2::1"));
  });

  it("keeps something it cannot read as it is", () => {
    expect(addressGroup("unknown")).toBe("unknown");
    expect(addressGroup("")).toBe("unknown");
  });
});
