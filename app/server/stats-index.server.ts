import { ComplaintFacts, type ComplaintFact } from "~/domain/stats/complaint-facts";
import { timelySql } from "~/domain/timely";
import { assembleDashboard } from "~/domain/stats/dashboard";
import type { StatsDimension, StatsFilter } from "~/domain/stats/shape";
import type { ReadConnection } from "./read-connection.server";
import type { Dialect } from "./sql-dialect.server";

/**
 * The statistics index: every complaint's counted facts in memory (domain/stats/complaint-facts.ts),
 * loaded over a read-only connection and kept current by the change journal that triggers fill
 * (StatsChange, docs/decisions/012-statistics-at-scale.md). Before each answer it reloads the
 * complaints journaled since it last looked, so the dashboard counts every committed change.
 */

// The facts are computed by the database with the same expressions as the SQL reference
// (stats-reference.server.ts), so both count the same: days, julianDay(), JSON. A rule is
// breached when a written rule is (strong): analyses stored before heuristics were told apart
// mark a burst breached, but never strong.
const factsSql = (d: Dialect, escalation: string) => {
  const log = d.parsedJson('c."callLogFindings"', "log");
  return `
  SELECT c."id", c."institutionId", c."institutionName", c."agency", c."product", c."region", c."status", c."outcome",
    ${d.chinaDay('c."createdAt"')} AS "day", ${d.chinaMonth('c."createdAt"')} AS "month",
    c."routedTo" = 'bank' AS "routedToBank", ${d.julianDay('c."responseDueAt"')} AS "responseDueJulian",
    c."respondedAt" IS NOT NULL AS "responded",
    ${timelySql("c", d.instant)} AS "answeredInTime",
    ${escalation},
    c."callLogFindings" IS NOT NULL AS "hasLog",
    ${d.jsonNumbers(log.value, [["totalCalls"], ["outsideHours", "count"], ["distinctNumbers"], ["strongFindings"]])} AS "callLogNumbers",
    CASE WHEN c."callLogFindings" IS NOT NULL THEN (SELECT ${d.jsonArray(d.elementText("r", "ruleId"))} FROM ${d.jsonElements(log.value, "results", "r")}
      WHERE ${d.elementNumber("r", "breached")} = 1 AND ${d.elementNumber("r", "strong")} = 1) END AS "breachedRules"
  FROM "Complaint" c ${log.join}`;
};

/** The statements of one engine. Loading all, the events are read apart (escalations); one complaint reads its own. */
function statementsOf(d: Dialect) {
  return {
    all: factsSql(d, `0 AS "escalated", 0 AS "disputed"`),
    one: `${factsSql(
      d,
      `EXISTS (SELECT 1 FROM "Event" e WHERE e."complaintId" = c."id" AND e."type" IN ('miss_deadline', 'disputed')) AS "escalated",
    EXISTS (SELECT 1 FROM "Event" e WHERE e."complaintId" = c."id" AND e."type" IN ('miss_deadline', 'disputed') AND e."type" = 'disputed') AS "disputed"`,
    )}
  WHERE c."id" = ?`,
    // Served by the partial index Event_escalation_idx.
    escalations: `SELECT "complaintId", MAX(CASE WHEN "type" = 'disputed' THEN 1 ELSE 0 END) AS "disputed" FROM "Event"
      WHERE "type" IN ('miss_deadline', 'disputed') GROUP BY "complaintId"`,
    allCategories: `SELECT "complaintId", "category", "substantiated" = TRUE AS "substantiated", "alleged" = TRUE AS "alleged" FROM "ComplaintCategory"`,
    categories: `SELECT "category", "substantiated" = TRUE AS "substantiated", "alleged" = TRUE AS "alleged" FROM "ComplaintCategory" WHERE "complaintId" = ?`,
    // The journal's last number: SQLite's AUTOINCREMENT keeps it after the rows are deleted; on PostgreSQL the rows' own.
    lastSeq:
      d.engine === "sqlite"
        ? `SELECT "seq" AS "seq" FROM sqlite_sequence WHERE "name" = 'StatsChange'`
        : `SELECT MAX("seq") AS "seq", pg_current_snapshot()::text AS "snapshot" FROM "StatsChange"`,
    firstSeq: `SELECT MIN("seq") AS "seq" FROM "StatsChange"`,
    changed: `SELECT DISTINCT "complaintId" FROM "StatsChange" WHERE "seq" > ? AND "seq" <= ?`,
    // PostgreSQL hands out numbers at insert and commits in any order: rows of the transactions still running at the
    // last look may have numbers below it. Their xmin (the writer's transaction id, 32 bits) finds them.
    lateRows: `SELECT DISTINCT "complaintId" FROM "StatsChange" WHERE "seq" <= ? AND xmin::text::bigint = ANY(?::bigint[])`,
    institutions: `SELECT "id", "nameZh", "nameEn" FROM "Institution"`,
  };
}

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

type CategoryRow = { complaintId: number; category: string; substantiated: number; alleged: number };

/** The transactions running at a PostgreSQL snapshot ('xmin:xmax:xip,…'), as the 32-bit ids rows' xmin holds. */
const runningAt = (snapshot: string) =>
  (snapshot.split(":")[2] ?? "")
    .split(",")
    .filter(Boolean)
    .map((xid) => String(BigInt(xid) % 4294967296n));

export class StatsIndex {
  private facts = new ComplaintFacts();
  /** The last journal row applied. */
  private seq = 0;
  /** PostgreSQL: the transactions running when the journal was last read, whose rows may come in below `seq`. */
  private running: string[] = [];
  /** PostgreSQL: a journal position whose running transactions have not all ended, and the last one whose have. */
  private pending: { seq: number; running: string[] } | null = null;
  private settledSeq = 0;
  private readonly statements;

  constructor(
    private readonly connection: ReadConnection,
    private readonly progress: (done: number) => void = () => {},
  ) {
    this.statements = statementsOf(connection.dialect);
  }

  /**
   * The journal row the index has applied up to: rows up to it may be deleted. On PostgreSQL a row
   * below it may still be uncommitted: only a position whose running transactions have all ended since is.
   */
  get appliedSeq() {
    return this.connection.dialect.engine === "sqlite" ? this.seq : this.settledSeq;
  }

  private journalRead(seq: number, running: string[]) {
    this.seq = seq;
    this.running = running;
    if (!running.length) {
      this.settledSeq = seq;
      this.pending = null;
      return;
    }
    if (this.pending?.running.some((xid) => running.includes(xid))) return;
    if (this.pending) this.settledSeq = this.pending.seq;
    this.pending = { seq, running };
  }

  get complaints() {
    return this.facts.size;
  }

  get bytes() {
    return this.facts.bytes;
  }

  /** Loads every complaint afresh, in one read transaction with the journal's position. */
  async rebuild() {
    await this.connection.snapshot(async (read) => {
      const facts = new ComplaintFacts();
      let done = 0;
      await read.forEach<FactRow>(this.statements.all, [], (row) => {
        facts.set(row.id, factOf(row, []));
        if (++done % 100_000 === 0) this.progress(done);
      });
      await read.forEach<{ complaintId: number; disputed: number }>(this.statements.escalations, [], (row) =>
        facts.escalate(row.complaintId, row.disputed === 1),
      );
      await read.forEach<CategoryRow>(this.statements.allCategories, [], (row) =>
        facts.addCategory(row.complaintId, row.category, row.substantiated === 1, row.alleged === 1),
      );
      const journal = await this.journalEnd(read);
      this.facts = facts;
      this.pending = null;
      this.journalRead(journal.seq, journal.running);
    });
  }

  private async journalEnd(read: ReadConnection): Promise<{ seq: number; running: string[] }> {
    const [row] = await read.all<{ seq: number | null; snapshot?: string }>(this.statements.lastSeq);
    // PostgreSQL: an empty journal was read to the end (rows are deleted only once applied).
    return { seq: row?.seq ?? (row?.snapshot ? this.seq : 0), running: row?.snapshot ? runningAt(row.snapshot) : [] };
  }

  /**
   * Applies what the journal holds since the last look: the complaints changed are reloaded (or
   * dropped if gone). If rows the index has not read were deleted, or the database was replaced,
   * it rebuilds.
   */
  async sync(): Promise<{ reloaded: number; rebuilt: boolean }> {
    const plan = await this.connection.snapshot(async (read) => {
      const { seq: last, running } = await this.journalEnd(read);
      const late = this.running.length
        ? (await read.all<{ complaintId: number }>(this.statements.lateRows, [this.seq, this.running])).map((r) => r.complaintId)
        : [];
      if (last === this.seq && !late.length) {
        this.journalRead(last, running);
        return { reloaded: 0, rebuilt: false };
      }
      const [{ seq: first }] = await read.all<{ seq: number | null }>(this.statements.firstSeq);
      // SQLite hands numbers out without gaps (AUTOINCREMENT, rolled back with the transaction), and
      // only the oldest rows are ever deleted: a first row past ours means some were deleted unread.
      // (On PostgreSQL a rolled-back number leaves a gap: then this rebuilds when it need not.)
      if (last < this.seq || first === null || first > this.seq + 1) return null;
      const changed = [
        ...new Set([...(await read.all<{ complaintId: number }>(this.statements.changed, [this.seq, last])).map((r) => r.complaintId), ...late]),
      ];
      if (changed.length > Math.max(10_000, this.facts.size * REBUILD_SHARE)) return null;
      for (const id of changed) {
        const [row] = await read.all<FactRow>(this.statements.one, [id]);
        if (!row) this.facts.delete(id);
        else this.facts.set(id, factOf(row, await this.categoriesOf(read, id)));
      }
      this.journalRead(last, running);
      return { reloaded: changed.length, rebuilt: false };
    });
    if (plan) return plan;
    await this.rebuild();
    return { reloaded: 0, rebuilt: true };
  }

  private async categoriesOf(read: ReadConnection, id: number): Promise<ComplaintFact["categories"]> {
    return (await read.all<{ category: string; substantiated: number; alleged: number }>(this.statements.categories, [id])).map((c) => ({
      category: c.category,
      substantiated: c.substantiated === 1,
      alleged: c.alleged === 1,
    }));
  }

  /**
   * A `?by=` table as of the last sync: [key, complaints] in the keys' byte order (UTF-8), as the
   * SQL reference orders them on both engines.
   */
  countBy(filter: StatsFilter, by: StatsDimension): [string, number][] {
    const encoder = new TextEncoder();
    return this.facts
      .countBy(filter, by)
      .map(({ key, count }) => ({ key, count, bytes: encoder.encode(key) }))
      .sort((a, b) => Buffer.compare(a.bytes, b.bytes))
      .map(({ key, count }) => [key, count]);
  }

  /** The dashboard as of the last sync. */
  async dashboard(filter: StatsFilter, locale: string, now: Date) {
    const institutions = await this.connection.all<{ id: string; nameZh: string; nameEn: string }>(this.statements.institutions);
    const names = new Map(institutions.map((i) => [i.id, locale === "en" ? i.nameEn : i.nameZh]));
    return assembleDashboard(
      this.facts.count(filter, now, (id) => names.get(id)),
      filter,
      locale,
    );
  }
}
