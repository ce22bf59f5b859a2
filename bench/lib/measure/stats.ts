// /stats as an analyst opens it: no filter, each filter alone, and a combination; beside each, the
// dashboard's counts done from scratch in bare SQL on the same file. Then the `?by=` tables the
// dashboard links to (/stats/export.csv?by=…), beside the same table counted in bare SQL.
import Database from "better-sqlite3";
import { isoDateIn } from "~/domain/dates";
import { STATS_DIMENSIONS, statsFilterSchema } from "~/domain/stats/shape";
import { sqlite } from "~/server/sql-dialect.server";
import { countsStatement } from "~/server/stats-reference.server";
import { statsFromScratch } from "../bare-sql";
import { latencyFigures, under } from "../figures";
import type { BenchContext, Figure, Measurement } from "../measurement";
import { timePage } from "../session";
import { msOf, repeat } from "../timing";

/** The filters measured, by name; values are real ones from the database (context.picks). */
export function statsFilters({ picks }: BenchContext): Record<string, Record<string, string>> {
  const from = isoDateIn(new Date(Date.now() - 90 * 86400000));
  return {
    none: {},
    institution: { institution: picks.institution },
    agency: { agency: picks.agency },
    product: { product: picks.product },
    region: { region: picks.region },
    category: { category: picks.category },
    status: { status: "closed" },
    from: { from },
    combination: { institution: picks.institution, product: picks.product, category: picks.category, from },
  };
}

const TARGETS = { p50: under(300), p99: under(1000) };

export const stats: Measurement = {
  area: "stats",
  database: "seeded",
  async run(context) {
    const analyst = await context.login("analyst");
    const db = new Database(context.dbFile, { readonly: true });
    const figures: Figure[] = [];
    try {
      for (const [name, filter] of Object.entries(statsFilters(context))) {
        const query = new URLSearchParams(filter).toString();
        const path = `/stats${query ? `?${query}` : ""}`;
        context.progress(`stats: ${path}`);
        const page = await timePage(analyst, path, context.times, context.budgetSeconds);
        const bare = await repeat(context.times, context.budgetSeconds, async () => msOf(() => statsFromScratch(db, filter)));
        figures.push(
          ...latencyFigures(
            `stats.${name}`,
            `/stats, ${name === "none" ? "no filter" : name}`,
            page,
            { label: "bare SQL, the counts from scratch", samples: bare },
            TARGETS,
          ),
        );
      }
      const tables: [string, Record<string, string>][] = [
        ...STATS_DIMENSIONS.map((by): [string, Record<string, string>] => [by, { by }]),
        ["category, one institution", { by: "category", institution: context.picks.institution }],
      ];
      for (const [name, { by, ...filter }] of tables) {
        const path = `/stats/export.csv?${new URLSearchParams({ ...filter, by })}`;
        context.progress(`stats: ${path}`);
        const page = await timePage(analyst, path, context.times, context.budgetSeconds);
        const { sql, params } = countsStatement(statsFilterSchema.parse(filter), by as (typeof STATS_DIMENSIONS)[number], sqlite);
        const statement = db.prepare(sql);
        const bare = await repeat(context.times, context.budgetSeconds, async () => msOf(() => statement.all(...params)));
        figures.push(
          ...latencyFigures(`stats.by.${name}`, `/stats/export.csv?by=${name}`, page, { label: "bare SQL, the table counted", samples: bare }, TARGETS),
        );
      }
    } finally {
      db.close();
    }
    return figures;
  },
};
