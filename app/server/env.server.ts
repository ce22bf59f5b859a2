import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { DeadlineSettings } from "~/domain/deadlines";
import { dataDir } from "./paths.server";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  SESSION_SECRET: z.string().min(32).optional(),
  MAX_FILE_MB: z.coerce.number().positive().default(20),
  MAX_FILES: z.coerce.number().int().positive().default(10),
  TRACK_ATTEMPTS_PER_CODE: z.coerce.number().int().positive().default(10),
  TRACK_ATTEMPTS_PER_ADDRESS: z.coerce.number().int().positive().default(30),
  TRACK_WINDOW_MINUTES: z.coerce.number().int().positive().default(15),
  COOKIE_SECURE: z.enum(["true", "false"]).optional(),
  TRIAGE_DAYS: z.coerce.number().positive().default(3),
  BANK_RESPONSE_DAYS: z.coerce.number().positive().default(15),
  BANK_EXTENDED_DAYS: z.coerce.number().positive().default(30),
  CONSUMER_ANSWER_DAYS: z.coerce.number().positive().default(15),
  REGULATOR_DAYS: z.coerce.number().positive().default(60),
  DEADLINE_CHECK_MINUTES: z.coerce.number().positive().default(5),
  LOGIN_ATTEMPTS: z.coerce.number().int().positive().default(5),
  USER_SESSION_HOURS: z.coerce.number().positive().default(12),
  REVIEWER_IDLE_MINUTES: z.coerce.number().positive().default(30),
});

export const env = schema.parse(process.env);

export const limits = {
  maxFileBytes: Math.round(env.MAX_FILE_MB * 1024 * 1024),
  maxFileMb: env.MAX_FILE_MB,
  maxFiles: env.MAX_FILES,
};

export const deadlineSettings: DeadlineSettings = {
  triageDays: env.TRIAGE_DAYS,
  bankResponseDays: env.BANK_RESPONSE_DAYS,
  bankExtendedDays: env.BANK_EXTENDED_DAYS,
  consumerAnswerDays: env.CONSUMER_ANSWER_DAYS,
  regulatorDays: env.REGULATOR_DAYS,
};

/** Secure cookies unless told otherwise, except in development over plain http. */
export const secureCookies = env.COOKIE_SECURE ? env.COOKIE_SECURE === "true" : env.NODE_ENV === "production";

/**
 * The cookie-signing secret comes from SESSION_SECRET. So that `npm start` works
 * on a fresh machine, a missing one is generated once and kept beside the
 * database (never in the repository), with a warning.
 */
function sessionSecret(): string {
  if (env.SESSION_SECRET) return env.SESSION_SECRET;
  const file = path.join(dataDir(), ".session-secret");
  if (!fs.existsSync(file)) {
    console.warn(`SESSION_SECRET is not set: generated one in ${file}. Set it in the environment for production.`);
    fs.writeFileSync(file, crypto.randomBytes(32).toString("hex"), { mode: 0o600, flag: "wx" });
  }
  return fs.readFileSync(file, "utf8").trim();
}

export const secrets = [sessionSecret()];
