import { isDeepStrictEqual } from "node:util";
import type { Dashboard } from "~/domain/stats/dashboard";
import { filterCombinations, type FilterValues } from "~/domain/stats/filter-combinations";
import { STATS_DIMENSIONS, type StatsDimension, type StatsFilter } from "~/domain/stats/shape";
import type { ReadConnection } from "./read-connection.server";
import { countsFromScratch, dashboardFromScratch } from "./stats-reference.server";

/** Checking the statistics index against the SQL reference: which filters to try, and the comparison. */

/** The most common values of each filter in the database, for filterCombinations. */
export async function sampleFilterValues(connection: ReadConnection): Promise<FilterValues> {
  const values = async (sql: string) => (await connection.all<{ value: string }>(sql)).map((r) => r.value);
  // Ties broken by the value (its byte order, the same on both engines), so both take the same two.
  const top = (column: string, from: string) =>
    values(`SELECT ${column} AS "value" FROM ${from} GROUP BY ${column} ORDER BY COUNT(*) DESC, ${column}${connection.dialect.byteOrder} LIMIT 2`);
  const directory = await top(`"institutionId"`, `"Complaint" WHERE "institutionId" IS NOT NULL`);
  const typed = await top(`"institutionName"`, `"Complaint" WHERE "institutionId" IS NULL`);
  const month = connection.dialect.chinaMonth(`"createdAt"`);
  return {
    institutions: [directory[0], typed[0], directory[1]].filter(Boolean),
    agencies: await top(`"agency"`, `"Complaint" WHERE "agency" IS NOT NULL`),
    products: await top(`"product"`, `"Complaint"`),
    regions: await top(`"region"`, `"Complaint"`),
    statuses: await top(`"status"`, `"Complaint"`),
    categories: await top(`"category"`, `"ComplaintCategory"`),
    months: await values(`SELECT DISTINCT ${month} AS "value" FROM "Complaint" ORDER BY 1`),
  };
}

export async function sampleFilters(connection: ReadConnection): Promise<StatsFilter[]> {
  return filterCombinations(await sampleFilterValues(connection));
}

/** The filters for which `dashboard` differs from the count from scratch, with both. */
export async function differences(
  connection: ReadConnection,
  filters: StatsFilter[],
  dashboard: (filter: StatsFilter) => Promise<Dashboard>,
  options: { locale: string; now: Date },
) {
  const found: { filter: StatsFilter; fast: Dashboard; scratch: Dashboard }[] = [];
  for (const filter of filters) {
    const fast = await dashboard(filter);
    const scratch = await dashboardFromScratch(connection, filter, options.locale, options.now);
    if (!isDeepStrictEqual(fast, scratch)) found.push({ filter, fast, scratch });
  }
  return found;
}

/** The filters and dimensions for which a `?by=` table differs from the count from scratch, with both. */
export async function tableDifferences(
  connection: ReadConnection,
  filters: StatsFilter[],
  table: (filter: StatsFilter, by: StatsDimension) => Promise<[string, number][]>,
) {
  const found: { filter: StatsFilter; by: StatsDimension; fast: [string, number][]; scratch: [string, number][] }[] = [];
  for (const filter of filters) {
    for (const by of STATS_DIMENSIONS) {
      const fast = await table(filter, by);
      const scratch = await countsFromScratch(connection, filter, by);
      if (!isDeepStrictEqual(fast, scratch)) found.push({ filter, by, fast, scratch });
    }
  }
  return found;
}
