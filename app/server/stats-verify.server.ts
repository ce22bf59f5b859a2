import type Database from "better-sqlite3";
import { isDeepStrictEqual } from "node:util";
import type { Dashboard } from "~/domain/stats/dashboard";
import { filterCombinations, type FilterValues } from "~/domain/stats/filter-combinations";
import type { StatsFilter } from "~/domain/stats/shape";
import { dashboardFromScratch } from "./stats-reference.server";

/** Checking the statistics index against the SQL reference: which filters to try, and the comparison. */

/** The most common values of each filter in the database, for filterCombinations. */
export function sampleFilterValues(connection: Database.Database): FilterValues {
  const top = (sql: string) => connection.prepare(`${sql} GROUP BY 1 ORDER BY COUNT(*) DESC, 1 LIMIT 2`).pluck().all() as string[];
  const directory = top("SELECT institutionId FROM Complaint WHERE institutionId IS NOT NULL");
  const typed = top("SELECT institutionName FROM Complaint WHERE institutionId IS NULL");
  return {
    institutions: [directory[0], typed[0], directory[1]].filter(Boolean),
    agencies: top("SELECT agency FROM Complaint WHERE agency IS NOT NULL"),
    products: top("SELECT product FROM Complaint"),
    regions: top("SELECT region FROM Complaint"),
    statuses: top("SELECT status FROM Complaint"),
    categories: top("SELECT category FROM ComplaintCategory"),
    months: connection.prepare("SELECT DISTINCT strftime('%Y-%m', createdAt, '+8 hours') FROM Complaint ORDER BY 1").pluck().all() as string[],
  };
}

export function sampleFilters(connection: Database.Database): StatsFilter[] {
  return filterCombinations(sampleFilterValues(connection));
}

/** The filters for which `dashboard` differs from the count from scratch, with both. */
export function differences(
  connection: Database.Database,
  filters: StatsFilter[],
  dashboard: (filter: StatsFilter) => Dashboard,
  options: { locale: string; now: Date },
) {
  return filters.flatMap((filter) => {
    const fast = dashboard(filter);
    const scratch = dashboardFromScratch(connection, filter, options.locale, options.now);
    return isDeepStrictEqual(fast, scratch) ? [] : [{ filter, fast, scratch }];
  });
}
