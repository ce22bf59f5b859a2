// The suite's results as a section of bench/RESULTS.md: one table per area with a column per size,
// each value beside its ratio to the same-run baseline, how it grows from size to size, and whether
// it meets the issue's target. A later run of the same mode replaces its own section; others stay.
import fs from "node:fs";
import { ratioOf, type Figure } from "./measurement";

export type Engine = "sqlite" | "postgres";
export const ENGINE_NAMES: Record<Engine, string> = { sqlite: "SQLite", postgres: "PostgreSQL" };

export type SuiteRun = {
  mode: "full" | "quick";
  engine: Engine;
  date: string;
  machine: string;
  commit: string;
  floorPath: string;
  /** Figures by database size; 0 is the empty database. */
  figures: Map<number, Figure[]>;
};

const number = (value: number, digits = 0) => value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function formatValue(value: number | null, unit: Figure["unit"]): string {
  if (value === null || !Number.isFinite(value)) return "—";
  switch (unit) {
    case "ms":
      return `${number(value, value < 10 ? 1 : 0)} ms`;
    case "s":
      return `${number(value, value < 10 ? 2 : 1)} s`;
    case "MB":
      return `${number(value, 1)} MB`;
    case "rows/s":
      return `${number(value)}/s`;
    case "ok":
      return value ? "yes" : "no";
    default:
      return number(value);
  }
}

const sizeLabel = (size: number) => (size === 0 ? "empty" : number(size));
const times = (ratio: number) => `${number(ratio, ratio < 10 ? 2 : 1)}×`;

type Row = { id: string; bySize: Map<number, Figure> };

/** Figures grouped by area then id, in the order they were measured. */
function rowsByArea(run: SuiteRun, areaOf: Map<string, string>): Map<string, Row[]> {
  const areas = new Map<string, Map<string, Row>>();
  for (const [size, figures] of run.figures) {
    for (const figure of figures) {
      const area = areaOf.get(figure.id) ?? "other";
      if (!areas.has(area)) areas.set(area, new Map());
      const rows = areas.get(area)!;
      if (!rows.has(figure.id)) rows.set(figure.id, { id: figure.id, bySize: new Map() });
      rows.get(figure.id)!.bySize.set(size, figure);
    }
  }
  return new Map([...areas].map(([area, rows]) => [area, [...rows.values()]]));
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

/** The section's markdown; `areaOf` maps a figure id to its measurement's area. */
export function markdownSection(run: SuiteRun, areaOf: Map<string, string>): string {
  const sizes = [...run.figures.keys()].sort((a, b) => a - b);
  const seeded = sizes.filter((s) => s > 0);
  const onPostgres = run.engine === "postgres";
  const flags = [...(run.mode === "quick" ? ["--quick"] : []), ...(onPostgres ? ["--engines postgres"] : [])];
  const command = `npm run bench${flags.length ? ` -- ${flags.join(" ")}` : ""}`;
  const out: string[] = [
    `## The suite of issue 12${run.mode === "quick" ? ", quick" : ""}${onPostgres ? ", on PostgreSQL" : ""}: ${seeded.map(sizeLabel).join(", ")} complaints (\`${command}\`)`,
    `<!-- ${sectionKey(run.mode, run.engine)} -->`,
    "",
    `Measured ${run.date} on ${run.machine}; commit ${run.commit}. The server runs as \`npm start\` runs it ` +
      "(`node --max-old-space-size=256 server.js`, production) on a copy of a `seed:demo` database of each size. " +
      `Each cell is the value and, in brackets, its ratio to the baseline measured in the same run on the same database, ` +
      `then the baseline's own value ("268 ms (6.70× 40 ms)"); "growth" is how the value grows from one size to the next; ` +
      `"met" judges the largest size against the issue's target. The floor page is \`${run.floorPath}\`${run.floorPath === "/healthz" ? " (a stand-in: no bare floor route yet)" : ""}.` +
      (onPostgres
        ? " The server runs on a PostgreSQL copy of each database (`npm run db:copy`); the baselines are still the bare SQL on the SQLite file of the same data, one yardstick for both engines."
        : ""),
  ];
  const rowsOf = rowsByArea(run, areaOf);
  const notes: string[] = [];
  for (const [area, rows] of rowsOf) {
    const columns = sizes.filter((size) => rows.some((row) => row.bySize.has(size)));
    const body = rows.map((row) => {
      const any = [...row.bySize.values()][0];
      const cells = columns.map((size) => {
        const figure = row.bySize.get(size);
        if (!figure) return "";
        const ratio = ratioOf(figure);
        if (figure.note) notes.push(`${figure.label} (${sizeLabel(size)}): ${figure.note}`);
        const base = figure.baseline ? formatValue(figure.baseline.value, figure.unit) : null;
        return `${formatValue(figure.value, figure.unit)}${base === null ? "" : ratio === null ? ` (baseline ${base})` : ` (${times(ratio)} ${base})`}`;
      });
      const values = columns.filter((s) => s > 0).map((size) => row.bySize.get(size)?.value ?? null);
      const growth = values
        .slice(1)
        .map((value, i) => (value !== null && values[i] ? times(value / values[i]) : "—"))
        .join(", ");
      const last = row.bySize.get(Math.max(...row.bySize.keys()))!;
      return [any.label, any.baseline?.label ?? "", ...cells, growth, any.target ?? "", last.meets === undefined ? "" : last.meets ? "✓" : "✗"];
    });
    out.push("", `### ${area}`, "", table(["figure", "baseline", ...columns.map(sizeLabel), "growth", "target", "met"], body));
  }
  if (notes.length) out.push("", "### Notes", "", ...notes.map((n) => `- ${n}`));
  return out.join("\n") + "\n";
}

/** The marker of a run's section: the mode, and the engine when it is not the default. */
export function sectionKey(mode: SuiteRun["mode"], engine: Engine | "engines" = "sqlite"): string {
  return `bench-suite:${mode}${engine === "sqlite" ? "" : `-${engine}`}`;
}

/**
 * The same figures on both engines side by side, at every size both measured: each engine's value
 * and PostgreSQL's as a multiple of SQLite's.
 */
export function enginesSection(sqlite: SuiteRun, postgres: SuiteRun): string {
  const rows: string[][] = [];
  for (const [size, figures] of postgres.figures) {
    const onSqlite = new Map((sqlite.figures.get(size) ?? []).map((f) => [f.id, f]));
    for (const figure of figures) {
      const other = onSqlite.get(figure.id);
      if (!other || figure.value === null || other.value === null) continue;
      const ratio = other.value ? times(figure.value / other.value) : "—";
      rows.push([figure.label, sizeLabel(size), formatValue(other.value, other.unit), formatValue(figure.value, figure.unit), ratio]);
    }
  }
  return (
    [
      `## The suite of issue 12${sqlite.mode === "quick" ? ", quick" : ""}: SQLite beside PostgreSQL (\`npm run bench -- --engines sqlite,postgres\`)`,
      `<!-- ${sectionKey(sqlite.mode, "engines")} -->`,
      "",
      `Measured ${postgres.date} on ${postgres.machine}; commit ${postgres.commit}. One run, the same seeded data on each engine ` +
        "(PostgreSQL's a `db:copy` of SQLite's), the same server flags; the last column is PostgreSQL's figure as a multiple of SQLite's " +
        "(below 1× PostgreSQL is faster for a time, slower for a rate).",
      "",
      table(["figure", "complaints", "SQLite", "PostgreSQL", "PostgreSQL ÷ SQLite"], rows),
    ].join("\n") + "\n"
  );
}

/** Replaces the section with this marker (sectionKey) in the results file, or appends it; every other section stays. */
export function writeSection(file: string, key: string, section: string): void {
  const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "# Benchmark results\n";
  const marker = text.indexOf(`<!-- ${key} -->`);
  if (marker === -1) {
    fs.writeFileSync(file, `${text.trimEnd()}\n\n${section}`);
    return;
  }
  const start = text.lastIndexOf("\n## ", marker) + 1;
  const next = text.indexOf("\n## ", marker);
  const end = next === -1 ? text.length : next + 1;
  fs.writeFileSync(file, `${text.slice(0, start)}${section}${next === -1 ? "" : "\n"}${text.slice(end)}`);
}
