import type Database from "better-sqlite3";
import { ComplaintFacts, type ComplaintFact } from "~/domain/stats/complaint-facts";
import { timelySql } from "~/domain/timely";
import { assembleDashboard } from "~/domain/stats/dashboard";
import type { StatsFilter } from "~/domain/stats/shape";

/**
 * The statistics index: every complaint's counted facts in memory (domain/stats/complaint-facts.ts),
 * loaded over a read-only connection and kept current by the change journal that triggers fill
 * (StatsChange, docs/decisions/012-statistics-at-scale.md). Before each answer it reloads the
 * complaints journaled since it last looked, so the dashboard counts every committed change.
 */

// The facts are computed by SQLite with the same expressions as the SQL reference
// (stats-reference.server.ts), so both count the same: dates, julianday(), JSON. A rule is
// breached when a written rule is (strong): analyses stored before heuristics were told apart
// mark a burst breached, but never strong.
const factsSql = (escalation: string) => `
  SELECT c.id, c.institutionId, c.institutionName, c.agency, c.product, c.region, c.status, c.outcome,
    date(c.createdAt, '+8 hours') AS day, strftime('%Y-%m', c.createdAt, '+8 hours') AS month,
    c.routedTo = 'bank' AS routedToBank, julianday(c.responseDueAt) AS responseDueJulian,
    c.respondedAt IS NOT NULL AS responded,
    ${timelySql("c")} AS answeredInTime,
    ${escalation},
    c.callLogFindings IS NOT NULL AS hasLog,
    json_extract(c.callLogFindings, '$.totalCalls', '$.outsideHours.count', '$.distinctNumbers', '$.strongFindings') AS callLogNumbers,
    CASE WHEN c.callLogFindings IS NOT NULL THEN (SELECT json_group_array(json_extract(r.value, '$.ruleId')) FROM json_each(c.callLogFindings, '$.results') r
      WHERE json_extract(r.value, '$.breached') = 1 AND json_extract(r.value, '$.strong') = 1) END AS breachedRules
  FROM Complaint c`;
// Loading all, the events are read apart (ESCALATIONS_SQL); one complaint reads its own.
const ALL_FACTS_SQL = factsSql("0 AS escalated, 0 AS disputed");
const ONE_FACTS_SQL = `${factsSql(`
    EXISTS (SELECT 1 FROM Event e WHERE e.complaintId = c.id AND e.type IN ('miss_deadline', 'disputed')) AS escalated,
    EXISTS (SELECT 1 FROM Event e WHERE e.complaintId = c.id AND e.type IN ('miss_deadline', 'disputed') AND e.type = 'disputed') AS disputed`)}
  WHERE c.id = @id`;
// Served by the partial index Event_escalation_idx.
const ESCALATIONS_SQL = "SELECT complaintId, MAX(type = 'disputed') AS disputed FROM Event WHERE type IN ('miss_deadline', 'disputed') GROUP BY complaintId";

interface FactRow {
  id: number;
  institutionId: string | null;
  institutionName: string;
  agency: string | null;
  product: string;
  region: string;
  status: string;
  outcome: string | null;
  day: string;
  month: string;
  routedToBank: number | null;
  responseDueJulian: number | null;
  responded: number;
  answeredInTime: number | null;
  escalated: number;
  disputed: number;
  hasLog: number;
  /** JSON [totalCalls, outsideHours.count, distinctNumbers, strongFindings], null without a log. */
  callLogNumbers: string | null;
  breachedRules: string | null;
}

function factOf(row: FactRow, categories: ComplaintFact["categories"]): ComplaintFact {
  const [totalCalls, outsideHours, distinctNumbers, strongFindings] = row.hasLog ? (JSON.parse(row.callLogNumbers!) as (number | null)[]) : [];
  return {
    institutionId: row.institutionId,
    institutionName: row.institutionName,
    agency: row.agency,
    product: row.product,
    region: row.region,
    status: row.status,
    outcome: row.outcome,
    day: row.day,
    month: row.month,
    routedToBank: row.routedToBank === 1,
    responseDueJulian: row.responseDueJulian,
    responded: row.responded === 1,
    answeredInTime: row.answeredInTime === 1,
    escalated: row.escalated === 1,
    disputed: row.disputed === 1,
    categories,
    callLog: row.hasLog
      ? {
          totalCalls: totalCalls ?? null,
          outsideHours: outsideHours ?? null,
          distinctNumbers: distinctNumbers ?? null,
          // As SQL's json_extract(...) > 0.
          strong: typeof strongFindings === "number" && strongFindings > 0,
          breachedRules: (JSON.parse(row.breachedRules ?? "[]") as (string | null)[]).map(String),
        }
      : null,
  };
}

/** More journaled complaints than this share of all, and a rebuild is cheaper than reloading each. */
const REBUILD_SHARE = 0.25;

export class StatsIndex {
  private facts = new ComplaintFacts();
  /** The last journal row applied. */
  private seq = 0;
  private readonly statements;

  constructor(
    private readonly connection: Database.Database,
    private readonly progress: (done: number) => void = () => {},
  ) {
    const prepare = (sql: string) => connection.prepare(sql);
    this.statements = {
      all: prepare(ALL_FACTS_SQL),
      one: prepare(ONE_FACTS_SQL),
      escalations: prepare(ESCALATIONS_SQL),
      allCategories: prepare("SELECT complaintId, category, substantiated = 1 AS substantiated, alleged = 1 AS alleged FROM ComplaintCategory"),
      categories: prepare("SELECT category, substantiated = 1 AS substantiated, alleged = 1 AS alleged FROM ComplaintCategory WHERE complaintId = ?"),
      lastSeq: prepare("SELECT seq FROM sqlite_sequence WHERE name = 'StatsChange'").pluck(),
      firstSeq: prepare("SELECT MIN(seq) FROM StatsChange").pluck(),
      changed: prepare("SELECT DISTINCT complaintId FROM StatsChange WHERE seq > ? AND seq <= ?").pluck(),
      institutions: prepare("SELECT id, nameZh, nameEn FROM Institution"),
    };
  }

  /** The journal row the index has applied up to: rows up to it may be deleted. */
  get appliedSeq() {
    return this.seq;
  }

  get complaints() {
    return this.facts.size;
  }

  get bytes() {
    return this.facts.bytes;
  }

  /** Loads every complaint afresh, in one read transaction with the journal's position. */
  rebuild() {
    this.connection.transaction(() => {
      const facts = new ComplaintFacts();
      let done = 0;
      for (const row of this.statements.all.iterate() as IterableIterator<FactRow>) {
        facts.set(row.id, factOf(row, []));
        if (++done % 100_000 === 0) this.progress(done);
      }
      for (const row of this.statements.escalations.iterate() as IterableIterator<{ complaintId: number; disputed: number }>) {
        facts.escalate(row.complaintId, row.disputed === 1);
      }
      type CategoryRow = { complaintId: number; category: string; substantiated: number; alleged: number };
      for (const row of this.statements.allCategories.iterate() as IterableIterator<CategoryRow>) {
        facts.addCategory(row.complaintId, row.category, row.substantiated === 1, row.alleged === 1);
      }
      this.facts = facts;
      this.seq = this.lastJournalSeq();
    })();
  }

  private lastJournalSeq(): number {
    return (this.statements.lastSeq.get() as number | undefined) ?? 0;
  }

  /**
   * Applies what the journal holds since the last look: the complaints changed are reloaded (or
   * dropped if gone). If rows the index has not read were deleted, or the database was replaced,
   * it rebuilds.
   */
  sync(): { reloaded: number; rebuilt: boolean } {
    const plan = this.connection.transaction(() => {
      const last = this.lastJournalSeq();
      if (last === this.seq) return { reloaded: 0, rebuilt: false };
      const first = this.statements.firstSeq.get() as number | null;
      // Seq numbers are handed out without gaps (AUTOINCREMENT, rolled back with the transaction), and
      // only the oldest rows are ever deleted: a first row past ours means some were deleted unread.
      if (last < this.seq || first === null || first > this.seq + 1) return null;
      const changed = this.statements.changed.all(this.seq, last) as number[];
      if (changed.length > Math.max(10_000, this.facts.size * REBUILD_SHARE)) return null;
      for (const id of changed) {
        const row = this.statements.one.get({ id }) as FactRow | undefined;
        if (!row) this.facts.delete(id);
        else this.facts.set(id, factOf(row, this.categoriesOf(id)));
      }
      this.seq = last;
      return { reloaded: changed.length, rebuilt: false };
    })();
    if (plan) return plan;
    this.rebuild();
    return { reloaded: 0, rebuilt: true };
  }

  private categoriesOf(id: number): ComplaintFact["categories"] {
    return (this.statements.categories.all(id) as { category: string; substantiated: number; alleged: number }[]).map((c) => ({
      category: c.category,
      substantiated: c.substantiated === 1,
      alleged: c.alleged === 1,
    }));
  }

  /** The dashboard as of the last sync. */
  dashboard(filter: StatsFilter, locale: string, now: Date) {
    const institutions = this.statements.institutions.all() as { id: string; nameZh: string; nameEn: string }[];
    const names = new Map(institutions.map((i) => [i.id, locale === "en" ? i.nameEn : i.nameZh]));
    return assembleDashboard(
      this.facts.count(filter, now, (id) => names.get(id)),
      filter,
      locale,
    );
  }
}
