import { addDays } from "../deadlines";
import { statsFilterSchema, type StatsFilter } from "./shape";

/**
 * Combinations of the dashboard's filters to check the statistics index against the SQL reference
 * with (`npm run stats:verify`, test/stats-index.test.ts) and to time it with (bench/stats.ts): none,
 * each alone, every pair, all at once, date ranges across a month's edge, and a value no complaint has.
 */

/** Values the data holds, most common first. */
export interface FilterValues {
  /** A directory institution's id and a typed name (either may be missing). */
  institutions: string[];
  agencies: string[];
  products: string[];
  regions: string[];
  statuses: string[];
  categories: string[];
  /** Months with complaints, "YYYY-MM". */
  months: string[];
}

const day = (date: Date) => date.toISOString().slice(0, 10);

/** The last day of the month before `month` and the first of `month`: a range across its edge. */
function acrossEdge(month: string): Raw {
  const first = new Date(`${month}-01T00:00:00Z`);
  return { from: day(addDays(first, -1)), to: month + "-01" };
}

function wholeMonth(month: string): Raw {
  const first = new Date(`${month}-01T00:00:00Z`);
  const next = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 1));
  return { from: `${month}-01`, to: day(addDays(next, -1)) };
}

type Raw = Record<string, string>;

/** The combinations the dashboard accepts (a value outside its lists, say an imported product, is left out). */
export function filterCombinations(values: FilterValues): StatsFilter[] {
  return rawCombinations(values).flatMap((raw) => {
    const parsed = statsFilterSchema.safeParse(raw);
    return parsed.success ? [parsed.data] : [];
  });
}

function rawCombinations(values: FilterValues): Raw[] {
  const months = [...values.months].sort();
  const middle = months[Math.floor(months.length / 2)];
  const singles: [string, Raw][] = [];
  const add = (name: string, filter: Raw | null) => {
    if (filter) singles.push([name, filter]);
  };
  const first = (key: string, list: string[]) => (list[0] ? { [key]: list[0] } : null);
  add("institution", first("institution", values.institutions));
  add("agency", first("agency", values.agencies));
  add("product", first("product", values.products));
  add("region", first("region", values.regions));
  add("status", first("status", values.statuses));
  add("category", first("category", values.categories));
  add("dates", middle ? wholeMonth(middle) : null);

  const combinations: Raw[] = [{}, ...singles.map(([, filter]) => filter)];
  for (let i = 0; i < singles.length; i++) {
    for (let j = i + 1; j < singles.length; j++) combinations.push({ ...singles[i][1], ...singles[j][1] });
  }
  combinations.push(Object.assign({}, ...singles.map(([, filter]) => filter)) as Raw);
  // The second institution (a typed name if the first was an id), other values, and the calendar's edges.
  if (values.institutions[1]) combinations.push({ institution: values.institutions[1] });
  if (values.products[1] && values.statuses[1]) combinations.push({ product: values.products[1], status: values.statuses[1] });
  if (middle) {
    combinations.push(acrossEdge(middle), { from: `${middle}-01` }, { to: `${middle}-01` }, { from: `${middle}-15`, to: `${middle}-15` });
    if (values.categories[0]) combinations.push({ ...acrossEdge(middle), category: values.categories[0] });
  }
  combinations.push({ institution: "no such institution" }, { agency: "no such agency" });
  return combinations;
}
