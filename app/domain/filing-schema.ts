import { z } from "zod";
import { isCalendarDate, isoDateIn } from "./dates";
import { LIMITS } from "./form-limits";
import { readPhone, readPhoneList, type PhoneReading } from "./phone";
import { REGION_CODES } from "./regions";
import { CATEGORIES, PRODUCTS } from "./taxonomy";

/**
 * The filing form, validated in the browser as the consumer types and again on
 * the server. Messages are catalogue keys ("key" or "key|detail"), translated
 * where they are shown.
 */

// Kept here too for the modules that import them from the filing schema.
export { LIMITS };
export { trackSchema } from "./track-schema";

/**
 * An account says something when it has a few letters or digits in any script, not all the same
 * one: "天天打我" or "calls at 3am" pass; "。。。。" or "啊啊啊啊啊" do not. Four is the shortest
 * Chinese sentence that tells a reviewer what happened; length beyond that is the consumer's choice.
 */
export function narrativeProblem(text: string): "error.narrative.empty" | "error.narrative.tooShort" | null {
  const meaningful = text.normalize("NFKC").match(/[\p{L}\p{N}]/gu) ?? [];
  if (meaningful.length === 0) return "error.narrative.empty";
  if (meaningful.length < LIMITS.narrativeMin || new Set(meaningful.map((c) => c.toLowerCase())).size < 2) return "error.narrative.tooShort";
  return null;
}

/** A collector number as stored: its canonical key and the line the consumer typed. */
export type CollectorNumber = { key: string; typed: string };

/** The consumer's own number must be one that can be called back: a verified, ordinary number. */
function consumerPhoneProblem(reading: PhoneReading): string {
  if (reading.status === "refused") return reading.reason;
  if (reading.status === "unverified") return `phone.${reading.why}`;
  return "phone.notReachable";
}

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, "error.tooLong")
    .optional()
    .transform((v) => (v ? v : undefined));

const date = z.string({ error: "error.date.required" }).refine(isCalendarDate, "error.date.invalid");

/**
 * The schema for filings made on `now`'s day. It is made once a day, not per filing: zod builds and
 * compiles a schema's parser on its first use, which cost a filing more than parsing it
 * (bench/RESULTS.md, "mixed load"), on the server's one event loop and on every keystroke in the browser.
 */
export function filingSchema(now: Date) {
  const today = isoDateIn(now);
  if (cached?.today !== today) cached = { today, schema: schemaFor(today) };
  return cached.schema;
}

let cached: { today: string; schema: ReturnType<typeof schemaFor> } | undefined;

function schemaFor(today: string) {
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
          // A number that cannot be verified is kept as typed (a reviewer sees it marked so);
          // only a line without a digit, which cannot be a number, is refused.
          .transform((text, ctx) => {
            const numbers: CollectorNumber[] = [];
            for (const reading of readPhoneList(text ?? "")) {
              if (reading.status === "refused") {
                ctx.addIssue({ code: "custom", message: `error.${reading.reason}|${reading.line}` });
              } else if (!numbers.some((n) => n.key === reading.key)) {
                numbers.push({ key: reading.key, typed: reading.line });
              }
            }
            return numbers;
          }),
        incidentStart: date.refine((d) => d <= today, "error.date.future"),
        incidentEnd: date.refine((d) => d <= today, "error.date.future").optional(),
        narrative: z
          .string({ error: "error.narrative.required" })
          .trim()
          .min(1, { error: "error.narrative.required", abort: true })
          .max(LIMITS.narrative, "error.tooLong")
          .superRefine((text, ctx) => {
            const problem = narrativeProblem(text);
            if (problem) ctx.addIssue({ code: "custom", message: problem });
          }),
        desiredResolution: optionalText(LIMITS.text),
        priorComplaint: z.enum(["yes", "no"], { error: "error.priorComplaint.required" }),
        consumerName: optionalText(LIMITS.name),
        consumerPhone: z
          .string()
          .optional()
          .transform((text, ctx) => {
            if (!text?.trim()) return undefined;
            const reading = readPhone(text);
            if (reading.status === "verified" && reading.kind === "number") return reading.key;
            const problem = consumerPhoneProblem(reading);
            ctx.addIssue({ code: "custom", message: `error.${problem}|${text.trim()}` });
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

export const messageSchema = z.object({
  message: z.string({ error: "error.message.required" }).trim().min(1, "error.message.required").max(LIMITS.text, "error.tooLong"),
});
