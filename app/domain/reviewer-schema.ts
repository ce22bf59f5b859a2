import { z } from "zod";
import { LIMITS } from "./form-limits";
import { FINDINGS, OUTCOMES } from "./status";
import { CATEGORIES } from "./taxonomy";

/** The reviewer's actions on /triage/:code (DESIGN.md's contract), one schema for browser and server. */

const text = (required: string) => z.string({ error: required }).trim().min(1, required).max(LIMITS.text, "error.tooLong");
const version = z.coerce.number({ error: "error.stale" }).int();

export const reviewerActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("route"),
    route: z.enum(["bank", "regulator"], { error: "error.route.required" }),
    reason: z.string().trim().max(LIMITS.text, "error.tooLong").optional(),
    version,
  }),
  z.object({
    intent: z.literal("reject"),
    reason: text("error.reason.required"),
    duplicateOf: z.string().trim().optional(),
    version,
  }),
  z.object({ intent: z.literal("request_info"), message: text("error.message.required"), version }),
  z.object({ intent: z.literal("note"), message: text("error.message.required"), version }),
  z.object({
    intent: z.literal("substantiate"),
    category: z.enum(CATEGORIES, { error: "error.category.required" }),
    substantiated: z.enum(["yes", "no"], { error: "error.substantiated.required" }),
    version,
  }),
  z.object({
    intent: z.literal("respond"),
    outcome: z.enum(OUTCOMES, { error: "error.outcome.required" }),
    message: text("error.message.required"),
    version,
  }),
  z.object({
    intent: z.literal("extend"),
    reason: text("error.reason.required"),
    // The second step (to 60 days) needs it: who inside the bank approved it (lifecycle.server.ts says so).
    approvedBy: z.string().trim().max(LIMITS.text, "error.tooLong").optional(),
    version,
  }),
  z.object({
    intent: z.literal("correct_creditor"),
    institutionId: z.string({ error: "error.creditor.required" }).trim().min(1, "error.creditor.required"),
    version,
  }),
  z.object({
    intent: z.literal("conclude"),
    finding: z.enum(FINDINGS, { error: "error.finding.required" }),
    message: text("error.message.required"),
    version,
  }),
  // A colleague's user id, or "none" to hand the complaint back to the queue.
  z.object({
    intent: z.literal("assign"),
    assignee: z.union([z.literal("none"), z.coerce.number().int().positive()], { error: "error.assignee.required" }),
    version,
  }),
]);

export type ReviewerAction = z.output<typeof reviewerActionSchema>;

export const loginSchema = z.object({
  email: z.string({ error: "error.email.invalid" }).trim().min(1, "error.email.invalid"),
  password: z.string({ error: "error.password.required" }).min(1, "error.password.required"),
});
