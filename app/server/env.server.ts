import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { DeadlineSettings } from "~/domain/deadlines";
import { dataDir } from "./paths.server";

const wholeDays = z.coerce.number().int("whole days: for a test's deadline of seconds set DEADLINE_DAY_SECONDS").positive();

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  SESSION_SECRET: z.string().min(32).optional(),
  MAX_FILE_MB: z.coerce.number().positive().default(20),
  MAX_FILES: z.coerce.number().int().positive().default(10),
  // Attempt limits (app/domain/throttle.ts): failures before waits begin, per address+account,
  // per account (which only tightens addresses that failed on it), per address, and site-wide.
  TRACK_ATTEMPTS: z.coerce.number().int().positive().default(5),
  MAX_UPLOAD_MB: z.coerce.number().positive().optional(),
  MAX_FORM_KB: z.coerce.number().positive().default(64),
  MAX_FIELDS: z.coerce.number().int().positive().default(100),
  MAX_FIELD_KB: z.coerce.number().positive().default(64),
  MAX_HEADER_KB: z.coerce.number().positive().default(16),
  REFUSED_BODY_SECONDS: z.coerce.number().nonnegative().default(10),
  TRACK_ATTEMPTS_PER_CODE: z.coerce.number().int().positive().default(10),
  TRACK_ATTEMPTS_PER_ADDRESS: z.coerce.number().int().positive().default(30),
  TRACK_ATTEMPTS_GLOBAL: z.coerce.number().int().positive().default(1000),
  ATTEMPT_WINDOW_MINUTES: z.coerce.number().positive().default(15),
  ATTEMPT_MEMORY_HOURS: z.coerce.number().positive().default(24),
  CONSUMER_IDLE_MINUTES: z.coerce.number().positive().default(60),
  CONSUMER_SESSION_HOURS: z.coerce.number().positive().default(12),
  COOKIE_SECURE: z.enum(["true", "false"]).optional(),
  // Deadlines in whole days, counted as the Civil Code counts them (domain/deadlines.ts).
  TRIAGE_DAYS: wholeDays.default(3),
  BANK_RESPONSE_DAYS: wholeDays.default(15),
  BANK_EXTENDED_DAYS: wholeDays.default(30),
  BANK_FURTHER_EXTENDED_DAYS: wholeDays.default(60),
  CONSUMER_ANSWER_DAYS: wholeDays.default(15),
  REGULATOR_DAYS: wholeDays.default(60),
  // Tests only: a deadline's day lasts this many seconds, without the calendar (never set it in use).
  DEADLINE_DAY_SECONDS: z.coerce.number().positive().optional(),
  DEADLINE_CHECK_MINUTES: z.coerce.number().positive().default(5),
  OUTBOX_CHECK_SECONDS: z.coerce.number().positive().default(30),
  LOGIN_ATTEMPTS: z.coerce.number().int().positive().default(5),
  LOGIN_ATTEMPTS_PER_ACCOUNT: z.coerce.number().int().positive().default(10),
  LOGIN_ATTEMPTS_PER_ADDRESS: z.coerce.number().int().positive().default(20),
  LOGIN_ATTEMPTS_GLOBAL: z.coerce.number().int().positive().default(100),
  USER_SESSION_HOURS: z.coerce.number().positive().default(12),
  REVIEWER_IDLE_MINUTES: z.coerce.number().positive().default(30),
});

export const env = schema.parse(process.env);

export const limits = {
  maxFileBytes: Math.round(env.MAX_FILE_MB * 1024 * 1024),
  maxFileMb: env.MAX_FILE_MB,
  maxFiles: env.MAX_FILES,
};

/**
 * What one request may carry. A form without files is small; a form with files may
 * carry every evidence file and the call log at their largest, plus its fields.
 */
export const bodyLimits = {
  formBytes: Math.round(env.MAX_FORM_KB * 1024),
  uploadBytes: Math.round((env.MAX_UPLOAD_MB ?? (env.MAX_FILES + 1) * env.MAX_FILE_MB + 1) * 1024 * 1024),
  fields: env.MAX_FIELDS,
  fieldBytes: Math.round(env.MAX_FIELD_KB * 1024),
};

/** Limits the HTTP server applies before the app sees a request (server.js reads them from the build). */
export const httpLimits = {
  maxHeaderBytes: Math.round(env.MAX_HEADER_KB * 1024),
  refusedBodyMs: env.REFUSED_BODY_SECONDS * 1000,
};

export const deadlineSettings: DeadlineSettings = {
  triageDays: env.TRIAGE_DAYS,
  bankResponseDays: env.BANK_RESPONSE_DAYS,
  bankExtendedDays: env.BANK_EXTENDED_DAYS,
  bankFurtherExtendedDays: env.BANK_FURTHER_EXTENDED_DAYS,
  consumerAnswerDays: env.CONSUMER_ANSWER_DAYS,
  regulatorDays: env.REGULATOR_DAYS,
  daySeconds: env.DEADLINE_DAY_SECONDS,
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
