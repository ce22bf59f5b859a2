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
