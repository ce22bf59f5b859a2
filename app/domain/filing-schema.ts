import { z } from "zod";
import { isCalendarDate, isoDateIn } from "./dates";
import { normalizePhone, splitPhoneLines } from "./phone";
import { REGION_CODES } from "./regions";
import { CATEGORIES, PRODUCTS } from "./taxonomy";

/**
 * The filing form, validated in the browser as the consumer types and again on
 * the server. Messages are catalogue keys ("key" or "key|detail"), translated
 * where they are shown.
 */

export const LIMITS = { agency: 100, institution: 100, narrative: 10000, narrativeMin: 20, text: 2000, name: 100 };

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, "error.tooLong")
    .optional()
    .transform((v) => (v ? v : undefined));

const date = z.string({ error: "error.date.required" }).refine(isCalendarDate, "error.date.invalid");

export function filingSchema(now: Date) {
  const today = isoDateIn(now);
  return (
    z
      .object({
        institution: z.string({ error: "error.institution.required" }).trim().min(1, "error.institution.required").max(LIMITS.institution, "error.tooLong"),
        agency: optionalText(LIMITS.agency),
        product: z.enum(PRODUCTS, { error: "error.product.required" }),
        // A category ticked twice (a resent form, a hand-made request) is one allegation.
        categories: z
          .array(z.enum(CATEGORIES), { error: "error.categories.required" })
          .min(1, "error.categories.required")
          .transform((list) => [...new Set(list)]),
        collectorPhones: z
          .string()
          .max(LIMITS.text, "error.tooLong")
          .optional()
          .transform((text, ctx) => {
            const numbers: string[] = [];
            for (const line of splitPhoneLines(text ?? "")) {
              const result = normalizePhone(line);
              if (result.ok) {
                if (!numbers.includes(result.number)) numbers.push(result.number);
              } else {
                ctx.addIssue({ code: "custom", message: `error.${result.reason}|${line}` });
              }
            }
            return numbers;
          }),
        incidentStart: date.refine((d) => d <= today, "error.date.future"),
        incidentEnd: date.refine((d) => d <= today, "error.date.future").optional(),
        narrative: z
          .string({ error: "error.narrative.required" })
          .trim()
          .min(LIMITS.narrativeMin, "error.narrative.tooShort")
          .max(LIMITS.narrative, "error.tooLong"),
        desiredResolution: optionalText(LIMITS.text),
        priorComplaint: z.enum(["yes", "no"], { error: "error.priorComplaint.required" }),
        consumerName: optionalText(LIMITS.name),
        consumerPhone: z
          .string()
          .optional()
          .transform((text, ctx) => {
            if (!text?.trim()) return undefined;
            const result = normalizePhone(text);
            if (result.ok) return result.number;
            ctx.addIssue({ code: "custom", message: `error.${result.reason}|${text.trim()}` });
            return z.NEVER;
          }),
        consumerEmail: z.email("error.email.invalid").max(200, "error.tooLong").optional(),
        region: z.enum(REGION_CODES as [string, ...string[]], { error: "error.region.required" }),
        consent: z
          .boolean()
          .optional()
          .transform((v) => v === true),
      })
      // Each cross-field check runs as soon as its own fields are valid, whatever else is
      // wrong, so the consumer sees every problem on the first try (zod otherwise skips
      // refinements while any field has an error).
      .superRefine(
        (form, ctx) => {
          if (form.incidentEnd && form.incidentEnd < form.incidentStart) {
            ctx.addIssue({ code: "custom", path: ["incidentEnd"], message: "error.date.endBeforeStart" });
          }
        },
        { when: fieldsValid("incidentStart", "incidentEnd") },
      )
      .superRefine(
        (form, ctx) => {
          if (!form.consumerPhone && !form.consumerEmail) {
            ctx.addIssue({ code: "custom", path: ["consumerPhone"], message: "error.contact.required" });
          }
        },
        { when: fieldsValid("consumerPhone", "consumerEmail") },
      )
  );
}

/** For a refinement's `when`: none of these fields has an issue so far. */
function fieldsValid(...fields: string[]) {
  return (payload: { issues: readonly { path?: readonly PropertyKey[] }[] }) => !payload.issues.some((issue) => fields.includes(String(issue.path?.[0])));
}

export type Filing = z.output<ReturnType<typeof filingSchema>>;

export const trackSchema = z.object({
  code: z.string({ error: "error.code.required" }).trim().min(1, "error.code.required"),
  key: z.string({ error: "error.key.required" }).trim().min(1, "error.key.required"),
});

export const messageSchema = z.object({
  message: z.string({ error: "error.message.required" }).trim().min(1, "error.message.required").max(LIMITS.text, "error.tooLong"),
});
