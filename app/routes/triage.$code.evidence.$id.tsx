import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePage } from "~/server/auth.server";
import { evidenceResponse } from "~/server/evidence.server";
import { getEvidenceForReviewer } from "~/server/triage.server";

/** One evidence file, to a reviewer who may see its complaint; to anyone else it does not exist. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePage(request, "evidence");
  const id = Number(params.id);
  const evidence = Number.isSafeInteger(id) && id <= 2 ** 31 - 1 ? await getEvidenceForReviewer(user, params.code ?? "", id) : null;
  if (!evidence) throw new Response("Not found", { status: 404 });
  return evidenceResponse(evidence);
}
