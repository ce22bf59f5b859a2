import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseStatsFilter } from "~/domain/stats/shape";
import { requirePage } from "~/server/auth.server";
import { aggregateCsv, aggregateRows, exportRows, exportsBusy } from "~/server/export.server";

/** One anonymised row per complaint, or counts by one dimension with small cells suppressed (?by=). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePage(request, "stats");
  const parsed = parseStatsFilter(new URL(request.url).searchParams);
  if (!parsed.success) return new Response(parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join("\n"), { status: 400 });
  const filter = parsed.data;
  const headers = {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="collection-watch${filter.by ? `-by-${filter.by}` : ""}.csv"`,
    "Cache-Control": "no-store",
  };
  if (filter.by) {
    return new Response(aggregateCsv(await aggregateRows({ ...filter, by: filter.by }), filter.by), { headers });
  }
  const rows = exportRows("csv", filter, context.download);
  return rows ? new Response(rows, { headers }) : exportsBusy(request, "csv");
}
