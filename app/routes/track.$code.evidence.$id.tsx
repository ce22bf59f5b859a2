import type { LoaderFunctionArgs } from "@remix-run/node";
import { getEvidence } from "~/server/complaints.server";
import { evidenceResponse } from "~/server/evidence.server";
import { canSeeComplaint } from "~/server/session.server";

/** One evidence file, only to the browser that opened the complaint with its key. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const code = params.code ?? "";
  const id = Number(params.id);
  if (!(await canSeeComplaint(request, code)) || !Number.isSafeInteger(id) || id > 2 ** 31 - 1) throw new Response("Not found", { status: 404 });
  const evidence = await getEvidence(code, id);
  if (!evidence) throw new Response("Not found", { status: 404 });
  return evidenceResponse(evidence);
}
