// What a measurement is, for the suite (bench/suite.ts) and for any area's bench script that
// wants its figures in the suite's report: export a `Measurement` and add it to bench/lib/registry.ts.
import type { Session } from "./session";

export type Role = "regulator" | "bank" | "analyst";

/** Values present in the database under test, so filters select real rows. */
export type Picks = {
  /** The institution the bank reviewer works for: the one with the most complaints routed to a bank. */
  institution: string;
  product: string;
  region: string;
  category: string;
  agency: string;
  /** A handful of complaint codes spread over the table, for `/triage/:code`. */
  codes: string[];
};

/** Everything a measurement gets: one database, the built server running on it, and sessions for each role. */
export type BenchContext = {
  /** Complaints in the database (0 for the empty one). */
  size: number;
  quick: boolean;
  /** How many times a page is requested for its p50 and p99 (after one warm-up)… */
  times: number;
  /** …unless this many seconds have passed: a series always makes at least one request. */
  budgetSeconds: number;
  /** Seconds of mixed load (and of the readers alone, its baseline). */
  loadSeconds: number;
  /** The server's DATA_DIR: a copy the suite made for this run. Write to it only over HTTP. */
  dataDir: string;
  /** The SQLite file under dataDir, for bare-SQL baselines (open it read-only). */
  dbFile: string;
  server: { base: string; pid: number; rssMb(): number; peakMb(): number; alive(): boolean };
  /** A new session signed in as the role (the bank reviewer belongs to picks.institution). */
  login(role: Role): Promise<Session>;
  picks: Picks;
  /** The path of the framework's floor page: a bare Remix route (BENCH_FLOOR=1), or /healthz as a stand-in. */
  floorPath: string;
  /** One line of progress on stderr, rewritten in place. */
  progress(message: string): void;
};

/**
 * One number in the report. `baseline` is measured in the same run on the same database, so the
 * ratio (value / baseline) means something on a noisy machine where the absolute time does not.
 */
export type Figure = {
  /** Stable across runs and sizes: the report lines up sizes by it ("stats.none.p50"). */
  id: string;
  /** What a reader sees: "/stats, no filter: p50". */
  label: string;
  /** null when it did not finish (timed out, server died): the note says why. */
  value: number | null;
  unit: "ms" | "s" | "rows/s" | "MB" | "count" | "ok";
  baseline?: { label: string; value: number | null };
  /** The requirement, as text ("p50 < 300 ms", "ratio ≤ 3"). */
  target?: string;
  /** Whether the value meets the target; undefined when there is none or it cannot be judged. */
  meets?: boolean;
  note?: string;
};

/** One area's measurements on one database. */
export type Measurement = {
  /** Heading in the report: "floor", "stats", "triage", "export", "load", "data". */
  area: string;
  /** "seeded": run on every size; "empty": once, on a migrated database with only the users. */
  database: "seeded" | "empty";
  /** Start the server afresh first, so memory is read against a server that has done nothing else. */
  freshServer?: boolean;
  run(context: BenchContext): Promise<Figure[]>;
};

/** value / baseline, or null when either is missing. */
export function ratioOf(figure: Figure): number | null {
  const base = figure.baseline?.value;
  return figure.value === null || base === null || base === undefined || base === 0 ? null : figure.value / base;
}
