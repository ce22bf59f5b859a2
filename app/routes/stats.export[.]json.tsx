import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseStatsFilter } from "~/domain/stats/shape";
import { requirePage } from "~/server/auth.server";
import { aggregateRows, exportRows, exportsBusy } from "~/server/export.server";

/** The same export as CSV, as a JSON array streamed one complaint at a time. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePage(request, "stats");
  const parsed = parseStatsFilter(new URL(request.url).searchParams);
  if (!parsed.success) return Response.json({ errors: parsed.error.issues.map((i) => ({ field: i.path[0], message: i.message })) }, { status: 400 });
  const filter = parsed.data;
  const headers = {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Disposition": `attachment; filename="collection-watch${filter.by ? `-by-${filter.by}` : ""}.json"`,
    "Cache-Control": "no-store",
  };
  if (filter.by) {
    return new Response(JSON.stringify(await aggregateRows({ ...filter, by: filter.by })), { headers });
  }
  const rows = exportRows("json", filter, context.download);
  return rows ? new Response(rows, { headers }) : exportsBusy(request, "json");
}
