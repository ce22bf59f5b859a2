import { z } from "zod";
import { formText, type ActionOutcome } from "~/domain/action-outcome";
import { LIMITS, messageSchema } from "~/domain/filing-schema";
import { isOpen } from "~/domain/status";
import { analyseAddedCallLogs } from "./call-log.server";
import { addConsumerComment, addConsumerEvidence, changeAccessKey, withdrawComplaint } from "./complaints.server";
import { requireCsrf } from "./csrf.server";
import { db } from "./db.server";
import { applyConsumerAnswer } from "./lifecycle.server";
import { discardStaged, receiveUpload, vetStaged } from "./evidence.server";
import { consumerSessionId, showKeyOnce } from "./session.server";

/**
 * `done`: what the page then says happened (a `done.*` catalogue key). `leave`: this browser stops
 * opening the complaint ("here"), or every browser does ("everywhere").
 */
export type ConsumerActionOutcome = ActionOutcome<{ ok: true; done?: string; leave?: "here" | "everywhere" }>;

const confirmSchema = z.object({ confirm: z.literal("on", { error: "error.withdraw.confirm" }) });

function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  return z.flattenError(error).fieldErrors;
}

/** The complaint as the lifecycle's answers need it. */
async function answerable(code: string) {
  const complaint = await db.complaint.findUnique({
    where: { code },
    select: { id: true, status: true, version: true, routedAt: true, extensionLevel: true, awaitingInfo: true },
  });
  if (!complaint) throw new Response("Not found", { status: 404 });
  return complaint;
}

/** The consumer's actions on their tracking page (DESIGN.md's intents), each checked and recorded. */
export async function runConsumerAction(request: Request, code: string): Promise<ConsumerActionOutcome> {
  const upload = await receiveUpload(request, ["evidence", "callLog"]);
  try {
    await requireCsrf(request, upload.formData);
    const intent = formText(upload.formData, "intent");
    const values = { message: formText(upload.formData, "message") };
    const refuse = (fieldErrors: Record<string, string[]>, status = 400): ConsumerActionOutcome => ({ ok: false, status, intent, fieldErrors, values });

    switch (intent) {
      case "comment": {
        const parsed = messageSchema.safeParse({ message: upload.formData.get("message") ?? undefined });
        if (!parsed.success) return refuse(fieldErrorsOf(parsed.error));
        // While a request for information is open, what the consumer writes is their answer: a
        // comment left it open, and the reviewer waited for an answer already given.
        const complaint = await answerable(code);
        if (complaint.awaitingInfo && isOpen(complaint.status)) {
          const answered = await applyConsumerAnswer(complaint, "answer_info", parsed.data.message);
          return answered.ok ? { ok: true, done: "done.answer_info" } : refuse({ "": [answered.error] }, 409);
        }
        const done = await addConsumerComment(code, parsed.data.message);
        return done.ok ? { ok: true, done: "done.comment" } : refuse({ "": [done.error] }, 409);
      }
      case "add_evidence": {
        const vetted = await vetStaged(upload);
        if (Object.keys(vetted.errors).length) return refuse(vetted.errors);
        if (!vetted.accepted.length) return refuse({ evidence: ["error.file.required"] });
        const callLogs = vetted.accepted.filter((f) => f.kind === "call_log");
        const analysed = callLogs.length ? await analyseAddedCallLogs(code, callLogs) : null;
        if (analysed && !analysed.ok) return refuse({ [analysed.field]: [analysed.error] });
        const done = await addConsumerEvidence(code, vetted.accepted, analysed?.analysis ?? null);
        return done.ok ? { ok: true, done: "done.add_evidence" } : refuse({ "": [done.error] }, 409);
      }
      case "withdraw": {
        const parsed = confirmSchema.safeParse({ confirm: upload.formData.get("confirm") ?? undefined });
        if (!parsed.success) return refuse(fieldErrorsOf(parsed.error));
        const done = await withdrawComplaint(code);
        return done.ok ? { ok: true, done: "done.withdraw" } : refuse({ "": [done.error] }, 409);
      }
      case "answer_info": {
        // Files sent with the answer (the screenshots asked for) are checked before anything is
        // recorded, and stored as evidence once the answer is; call logs go through "add evidence".
        // The files alone are an answer too.
        const vetted = await vetStaged(upload);
        if (Object.keys(vetted.errors).length) return refuse(vetted.errors);
        const files = vetted.accepted.filter((f) => f.field === "evidence");
        const message = formText(upload.formData, "message").trim();
        if (!message && !files.length) return refuse({ message: ["error.message.required"] });
        if (message.length > LIMITS.text) return refuse({ message: ["error.tooLong"] });
        const done = await applyConsumerAnswer(await answerable(code), intent, message || null);
        if (!done.ok) return refuse({ "": [done.error] }, 409);
        const stored = files.length ? await addConsumerEvidence(code, files) : done;
        return stored.ok ? { ok: true, done: "done.answer_info" } : refuse({ "": [stored.error] }, 409);
      }
      case "accept":
      case "dispute": {
        const message = formText(upload.formData, "message").trim();
        if (message.length > LIMITS.text) return refuse({ message: ["error.tooLong"] });
        const done = await applyConsumerAnswer(await answerable(code), intent, message || null);
        return done.ok ? { ok: true, done: `done.${intent}` } : refuse({ "": [done.error] }, 409);
      }
      case "rotate_key": {
        const parsed = confirmSchema.safeParse({ confirm: upload.formData.get("confirm") ?? undefined });
        if (!parsed.success) return refuse(fieldErrorsOf(parsed.error));
        const sessionId = await consumerSessionId(request);
        if (!sessionId) throw new Response("Not found", { status: 404 });
        await showKeyOnce(request, code, await changeAccessKey(code, sessionId));
        return { ok: true, done: "done.rotate_key" };
      }
      case "sign_out_everywhere":
        return { ok: true, leave: "everywhere" };
      case "leave":
        return { ok: true, leave: "here" };
      default:
        return refuse({ "": ["error.notAllowed"] });
    }
  } finally {
    // Files already moved into evidence/ are gone from uploads/; this removes only the rest.
    await discardStaged(upload.files);
  }
}
