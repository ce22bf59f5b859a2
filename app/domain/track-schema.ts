import { z } from "zod";

/** The tracking form; the code and key are read however typed by domain/receipt.ts. */
export const trackSchema = z.object({
  code: z.string({ error: "error.code.required" }).trim().min(1, "error.code.required"),
  key: z.string({ error: "error.key.required" }).trim().min(1, "error.key.required"),
});
