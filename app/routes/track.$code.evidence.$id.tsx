import type { LoaderFunctionArgs } from "@remix-run/node";
import { isInlineSafe } from "~/domain/evidence-types";
import { getEvidence } from "~/server/complaints.server";
import { evidenceStream } from "~/server/evidence.server";
import { canSeeComplaint } from "~/server/session.server";

/** One evidence file, only to the browser that opened the complaint with its key. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const code = params.code ?? "";
  const id = Number(params.id);
  if (!(await canSeeComplaint(request, code)) || !Number.isInteger(id)) throw new Response("Not found", { status: 404 });
  const evidence = await getEvidence(code, id);
  if (!evidence) throw new Response("Not found", { status: 404 });
  const disposition = isInlineSafe(evidence.mime) ? "inline" : "attachment";
  return new Response(evidenceStream(evidence.sha256), {
    headers: {
      "Content-Type": evidence.mime,
      "Content-Length": String(evidence.size),
      "Content-Disposition": `${disposition}; filename*=UTF-8''${encodeURIComponent(evidence.name)}`,
      // server.js adds X-Content-Type-Options: nosniff to every response; even shown inline, a file can run nothing.
      "Content-Security-Policy": "default-src 'none'; img-src 'self'; media-src 'self'; sandbox",
      "Cache-Control": "private, no-store",
    },
  });
}
