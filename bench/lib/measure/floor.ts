// The framework's floor (a bare page with no data) on every database, and on the empty one the
// fixed cost of the app's pages above it: what every page pays before its own queries.
import { latencyFigures } from "../figures";
import type { BenchContext, Figure, Measurement } from "../measurement";
import { Session, timePage } from "../session";
import { p50 } from "../timing";

// Whether /healthz stands in for the floor is said once, in the report's introduction.
const floorLabel = (context: BenchContext) => `floor page ${context.floorPath}`;

export const floor: Measurement = {
  area: "floor",
  database: "seeded",
  async run(context) {
    const page = await timePage(new Session(context.server.base), context.floorPath, context.times, context.budgetSeconds);
    return latencyFigures("floor", floorLabel(context), page);
  },
};

/** "At most a few milliseconds above the framework's own floor": read here as 5 ms at the median. */
const FEW_MS = 5;

export const fixedCost: Measurement = {
  area: "fixed cost (empty database)",
  database: "empty",
  async run(context) {
    const anonymous = new Session(context.server.base);
    const floorPage = await timePage(anonymous, context.floorPath, context.times, context.budgetSeconds);
    const floorP50 = p50(floorPage.samples)!;
    const baseline = { label: floorLabel(context), samples: floorPage.samples };
    const pages: [string, string, Session][] = [
      ["home", "/", anonymous],
      ["filing form", "/complaints/new", anonymous],
      ["queue", "/triage", await context.login("regulator")],
      ["dashboard", "/stats", await context.login("analyst")],
    ];
    const figures: Figure[] = [];
    for (const [name, path, session] of pages) {
      context.progress(`fixed cost: ${path}`);
      const page = await timePage(session, path, context.times, context.budgetSeconds);
      const [median, tail] = latencyFigures(`fixed.${name}`, `${path} on an empty database`, page, baseline);
      const above = median.value === null ? null : Number((median.value - floorP50).toFixed(1));
      const fixed: Figure = {
        id: `fixed.${name}.above`,
        label: `${path}: fixed cost (p50 above the floor's)`,
        value: above,
        unit: "ms",
        target: `≤ ${FEW_MS} ms`,
        meets: above !== null && !median.note && above <= FEW_MS,
      };
      figures.push(median, tail, fixed);
    }
    return figures;
  },
};
