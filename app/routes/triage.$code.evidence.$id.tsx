import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePage } from "~/server/auth.server";
import { evidenceResponse, fileFor } from "~/server/evidence.server";
import { getEvidenceForReviewer } from "~/server/triage.server";

/**
 * One evidence file, to a reviewer who may see its complaint; to anyone else it does not exist.
 * A photo reaches the regulator as filed and every other reviewer as its clean copy, without metadata.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePage(request, "evidence");
  const id = Number(params.id);
  const evidence = Number.isSafeInteger(id) && id <= 2 ** 31 - 1 ? await getEvidenceForReviewer(user, params.code ?? "", id) : null;
  const file = evidence && fileFor(evidence, user.role === "regulator");
  if (!file) throw new Response("Not found", { status: 404 });
  return evidenceResponse(file);
}
