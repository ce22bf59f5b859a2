import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { env } from "./env.server";

const duration = env.TRACK_WINDOW_MINUTES * 60;
const perCode = new RateLimiterMemory({ keyPrefix: "track-code", points: env.TRACK_ATTEMPTS_PER_CODE, duration });
const perAddress = new RateLimiterMemory({ keyPrefix: "track-ip", points: env.TRACK_ATTEMPTS_PER_ADDRESS, duration });

/**
 * Counts a key attempt against both the complaint code and the caller's address,
 * so neither guessing one code from many places nor many codes from one place
 * gets far. Returns the minutes to wait when either is used up.
 */
export async function countKeyAttempt(code: string, address: string): Promise<{ ok: true } | { ok: false; minutes: number }> {
  try {
    await Promise.all([perCode.consume(code), perAddress.consume(address)]);
    return { ok: true };
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    return { ok: false, minutes: Math.max(1, Math.ceil(rejection.msBeforeNext / 60000)) };
  }
}

// Sign-ins: failures per e-mail and address, so one address cannot try many passwords for
// a reviewer, while the reviewer can still sign in from elsewhere.
const failedLogins = new RateLimiterMemory({ keyPrefix: "login", points: env.LOGIN_ATTEMPTS, duration: 15 * 60 });

/** Minutes to wait when this address has failed too often for this e-mail, else null. */
export async function loginBlockedFor(email: string, address: string): Promise<number | null> {
  const state = await failedLogins.get(`${email.toLowerCase()}|${address}`);
  return state && state.consumedPoints >= env.LOGIN_ATTEMPTS ? Math.max(1, Math.ceil(state.msBeforeNext / 60000)) : null;
}

export async function countFailedLogin(email: string, address: string) {
  await failedLogins.consume(`${email.toLowerCase()}|${address}`).catch((rejection) => {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
  });
}
