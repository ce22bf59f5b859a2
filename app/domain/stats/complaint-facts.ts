import type { DashboardCounts } from "./dashboard";
import { NUMBERS_BANDS, OUTSIDE_HOURS_BANDS, type StatsDimension, type StatsFilter } from "./shape";

/**
 * What the dashboard counts of each complaint, held in memory as columns (typed arrays indexed by
 * the complaint's id), and the dashboard counted from them in one pass over every complaint: a few
 * milliseconds per hundred thousand, where the SQL aggregates scan and join for seconds
 * (docs/decisions/012-statistics-at-scale.md). Text is dictionary-encoded; a complaint is replaced
 * or removed in place, so keeping the columns current costs one write per changed complaint.
 */

/** One complaint's facts, as the statistics index loads them (app/server/stats-index.server.ts). */
export interface ComplaintFact {
  institutionId: string | null;
  institutionName: string;
  agency: string | null;
  product: string;
  region: string;
  status: string;
  outcome: string | null;
  /** The day and month of filing in China's calendar: "YYYY-MM-DD", "YYYY-MM". */
  day: string;
  month: string;
  routedToBank: boolean;
  /** julianday(responseDueAt) as SQLite computes it (what the SQL compares), null without a creditor's deadline. */
  responseDueJulian: number | null;
  responded: boolean;
  /** Answered by the deadline in force (domain/timely.ts; does not change with time). */
  answeredInTime: boolean;
  /** Has a missed deadline or a dispute among its events. */
  escalated: boolean;
  disputed: boolean;
  /** `alleged` false: a reviewer found it though the consumer did not allege it (counted apart); missing: alleged. */
  categories: { category: string; substantiated: boolean; alleged?: boolean }[];
  callLog: CallLogFact | null;
}

/** What the stored call-log analysis says; null where the analysis has no such field. */
export interface CallLogFact {
  totalCalls: number | null;
  outsideHours: number | null;
  distinctNumbers: number | null;
  strong: boolean;
  /** Rules breached; an analysis lists each rule once. */
  breachedRules: string[];
}

/** Strings to small numbers and back; code 0 is null for the columns that may be null. */
class Dictionary {
  readonly values: (string | null)[] = [null];
  private readonly codes = new Map<string, number>();

  code(value: string | null): number {
    if (value === null) return 0;
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.codes.set(value, code);
      this.values.push(value);
    }
    return code;
  }

  /** The value's code, or -1 (which no column holds) when no complaint has had it. */
  find(value: string): number {
    return this.codes.get(value) ?? -1;
  }

  get size() {
    return this.values.length;
  }
}

/** A dictionary of at most 32 values, one bit each, for sets (categories, rules). */
class BitDictionary {
  readonly values: string[] = [];
  private readonly bits = new Map<string, number>();

  constructor(private readonly what: string) {}

  bit(value: string): number {
    let bit = this.bits.get(value);
    if (bit === undefined) {
      if (this.values.length === 32) throw new RangeError(`the statistics index holds at most 32 ${this.what}`);
      bit = this.values.length;
      this.bits.set(value, bit);
      this.values.push(value);
    }
    return bit;
  }

  find(value: string): number {
    return this.bits.get(value) ?? -1;
  }
}

const PRESENT = 1;
const BANK = 2;
const RESPONDED = 4;
const IN_TIME = 8;
// 16 is free (it was "extended": the deadline in force is kept instead).
const ESCALATED = 32;
const DISPUTED = 64;
const HAS_LOG = 128;
const STRONG = 256;

/** A missing number in an analysis (SQL NULL): not added to sums, in the last band (SQL's CASE ... ELSE). */
const NO_NUMBER = -2147483648;

// julianday() of a time as SQLite computes it: whole milliseconds since the Julian epoch, divided.
const JULIAN_EPOCH_MS = 210866760000000;
const julianDay = (ms: number) => (ms + JULIAN_EPOCH_MS) / 86400000;

const dayNumber = (day: string) => Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / 86400000;

type Column = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array;

export class ComplaintFacts {
  private capacity = 0;
  /** One past the highest id ever held: the pass stops there. */
  private end = 0;
  private flags = new Uint16Array(0);
  private institutionId = new Uint16Array(0);
  private institutionName = new Uint32Array(0);
  private agency = new Uint32Array(0);
  private product = new Uint16Array(0);
  private region = new Uint16Array(0);
  private status = new Uint16Array(0);
  private outcome = new Uint16Array(0);
  private day = new Int32Array(0);
  private month = new Uint16Array(0);
  private responseDue = new Float64Array(0);
  private categories = new Uint32Array(0);
  private substantiated = new Uint32Array(0);
  /** Categories a reviewer found substantiated that the consumer did not allege. */
  private found = new Uint32Array(0);
  private totalCalls = new Int32Array(0);
  private outsideHours = new Int32Array(0);
  private distinctNumbers = new Int32Array(0);
  private breachedRules = new Uint32Array(0);

  private readonly dict = {
    institutionId: new Dictionary(),
    institutionName: new Dictionary(),
    agency: new Dictionary(),
    product: new Dictionary(),
    region: new Dictionary(),
    status: new Dictionary(),
    outcome: new Dictionary(),
    month: new Dictionary(),
    category: new BitDictionary("categories"),
    rule: new BitDictionary("call-log rules"),
  };

  /** How many complaints are held. */
  size = 0;

  /** Bytes held by the columns (not the dictionaries, which are small). */
  get bytes(): number {
    return this.columns().reduce((sum, column) => sum + column.byteLength, 0);
  }

  private columns(): Column[] {
    return [
      this.flags,
      this.institutionId,
      this.institutionName,
      this.agency,
      this.product,
      this.region,
      this.status,
      this.outcome,
      this.day,
      this.month,
      this.responseDue,
      this.categories,
      this.substantiated,
      this.found,
      this.totalCalls,
      this.outsideHours,
      this.distinctNumbers,
      this.breachedRules,
    ];
  }

  // Doubling: a million inserts copy the columns about twenty times in all.
  private ensure(id: number) {
    if (!Number.isInteger(id) || id < 0 || id > 0xfffffff) throw new RangeError(`complaint id out of range: ${id}`);
    if (id < this.capacity) return;
    const capacity = Math.max(1024, this.capacity * 2, id + 1);
    const grown = <T extends Column>(column: T): T => {
      const next = new (column.constructor as new (length: number) => T)(capacity);
      next.set(column);
      return next;
    };
    this.flags = grown(this.flags);
    this.institutionId = grown(this.institutionId);
    this.institutionName = grown(this.institutionName);
    this.agency = grown(this.agency);
    this.product = grown(this.product);
    this.region = grown(this.region);
    this.status = grown(this.status);
    this.outcome = grown(this.outcome);
    this.day = grown(this.day);
    this.month = grown(this.month);
    this.responseDue = grown(this.responseDue);
    this.categories = grown(this.categories);
    this.substantiated = grown(this.substantiated);
    this.found = grown(this.found);
    this.totalCalls = grown(this.totalCalls);
    this.outsideHours = grown(this.outsideHours);
    this.distinctNumbers = grown(this.distinctNumbers);
    this.breachedRules = grown(this.breachedRules);
    this.capacity = capacity;
  }

  /** Adds the complaint, or replaces what was held of it. */
  set(id: number, fact: ComplaintFact) {
    this.ensure(id);
    if (!(this.flags[id] & PRESENT)) this.size++;
    this.end = Math.max(this.end, id + 1);
    const log = fact.callLog;
    this.flags[id] =
      PRESENT |
      (fact.routedToBank ? BANK : 0) |
      (fact.responded ? RESPONDED : 0) |
      (fact.answeredInTime ? IN_TIME : 0) |
      (fact.escalated ? ESCALATED : 0) |
      (fact.disputed ? DISPUTED : 0) |
      (log ? HAS_LOG : 0) |
      (log?.strong ? STRONG : 0);
    const { dict } = this;
    const institutionId = dict.institutionId.code(fact.institutionId);
    if (institutionId > 0xffff) throw new RangeError("the statistics index holds at most 65,535 institutions of the directory");
    this.institutionId[id] = institutionId;
    this.institutionName[id] = dict.institutionName.code(fact.institutionName);
    this.agency[id] = dict.agency.code(fact.agency);
    this.product[id] = this.small(dict.product, fact.product);
    this.region[id] = this.small(dict.region, fact.region);
    this.status[id] = this.small(dict.status, fact.status);
    this.outcome[id] = this.small(dict.outcome, fact.outcome);
    this.day[id] = dayNumber(fact.day);
    this.month[id] = this.small(dict.month, fact.month);
    this.responseDue[id] = fact.responseDueJulian ?? NaN;
    this.categories[id] = 0;
    this.substantiated[id] = 0;
    this.found[id] = 0;
    for (const { category, substantiated, alleged = true } of fact.categories) this.addCategory(id, category, substantiated, alleged);
    this.totalCalls[id] = log?.totalCalls ?? NO_NUMBER;
    this.outsideHours[id] = log?.outsideHours ?? NO_NUMBER;
    this.distinctNumbers[id] = log?.distinctNumbers ?? NO_NUMBER;
    this.breachedRules[id] = (log?.breachedRules ?? []).reduce((mask, rule) => mask | (1 << dict.rule.bit(rule)), 0);
  }

  private small(dictionary: Dictionary, value: string | null): number {
    const code = dictionary.code(value);
    if (code > 0xffff) throw new RangeError(`the statistics index holds at most 65,535 values of a column such as ${value}`);
    return code;
  }

  /**
   * One category of a held complaint (building from a table of categories): alleged by the
   * consumer, or found by a reviewer, which only counts apart (never as alleged, nor for the
   * category filter, which is about what consumers said).
   */
  addCategory(id: number, category: string, substantiated: boolean, alleged = true) {
    if (!(this.flags[id] & PRESENT)) return;
    const bit = 1 << this.dict.category.bit(category);
    if (!alleged) {
      if (substantiated) this.found[id] |= bit;
      return;
    }
    this.categories[id] |= bit;
    if (substantiated) this.substantiated[id] |= bit;
  }

  /** A held complaint has a missed deadline or a dispute among its events (building from the events). */
  escalate(id: number, disputed: boolean) {
    if (!(this.flags[id] & PRESENT)) return;
    this.flags[id] |= ESCALATED | (disputed ? DISPUTED : 0);
  }

  delete(id: number) {
    if (id >= this.capacity || !(this.flags[id] & PRESENT)) return;
    this.flags[id] = 0;
    this.size--;
  }

  /**
   * The dashboard's counts for a filter, in one pass. `now` decides which unanswered complaints
   * are past the bank's limit, compared as the SQL compares it; `institutionName` gives a
   * directory institution's name in the page's language.
   */
  count(filter: StatsFilter, now: Date, institutionName: (id: string) => string | undefined): DashboardCounts {
    const { dict } = this;
    const tally = new Tally(dict);
    this.pass(this.plan(filter, now), tally);

    const keyCounts = (dictionary: Dictionary, counts: Float64Array) =>
      dictionary.values.flatMap((key, code) => (key !== null && counts[code] > 0 ? [{ key, count: counts[code] }] : []));
    const institutions = (dictionary: Dictionary, counts: Float64Array, directory: boolean) =>
      dictionary.values.flatMap((value, code) =>
        value !== null && counts[code * 3] > 0
          ? [
              {
                id: directory ? value : null,
                name: directory ? (institutionName(value) ?? value) : value,
                count: counts[code * 3],
                due: counts[code * 3 + 1],
                inTime: counts[code * 3 + 2],
              },
            ]
          : [],
      );
    const t = tally.totals;
    return {
      totals: {
        total: t[TOTAL],
        routedToBank: t[ROUTED_TO_BANK],
        responded: t[RESPONDED_COUNT],
        bankDue: t[BANK_DUE],
        answeredInTime: t[ANSWERED_IN_TIME],
        escalated: t[ESCALATED_COUNT],
        disputed: t[DISPUTED_COUNT],
      },
      byCategory: dict.category.values.flatMap((category, bit) =>
        tally.alleged[bit] > 0 || tally.found[bit] > 0
          ? [{ category, alleged: tally.alleged[bit], substantiated: tally.substantiated[bit], foundByReviewer: tally.found[bit] }]
          : [],
      ),
      byInstitution: [...institutions(dict.institutionId, tally.byInstitutionId, true), ...institutions(dict.institutionName, tally.byInstitutionName, false)],
      byProduct: keyCounts(dict.product, tally.byProduct),
      byRegion: keyCounts(dict.region, tally.byRegion),
      byStatus: keyCounts(dict.status, tally.byStatus),
      outcomes: keyCounts(dict.outcome, tally.byOutcome),
      months: keyCounts(dict.month, tally.byMonth).map(({ key, count }) => ({ month: key, count })),
      callLogs: {
        complaints: t[LOG_COMPLAINTS],
        calls: t[LOG_CALLS],
        outside: t[LOG_OUTSIDE],
        withStrong: t[LOG_STRONG],
        byRule: dict.rule.values.flatMap((ruleId, bit) => (tally.byRule[bit] > 0 ? [{ ruleId, count: tally.byRule[bit] }] : [])),
        byOutsideHours: [...tally.byOutsideHours],
        byNumbers: [...tally.byNumbers],
      },
    };
  }

  /**
   * The `?by=` table: complaints of the filter counted by one dimension, keyed as the SQL reference
   * groups them (stats-reference.server.ts countsStatement): an institution by its directory id or
   * else its name, a missing agency as "", a category as alleged. Unordered; no zero counts.
   */
  countBy(filter: StatsFilter, by: StatsDimension): { key: string; count: number }[] {
    const { dict } = this;
    const tally = new Tally(dict);
    // The time only decides "due", which no table shows.
    this.pass(this.plan(filter, new Date(0)), tally);
    const keyed = (dictionary: Dictionary, counts: Float64Array, stride = 1, missing: string | null = null) =>
      dictionary.values.flatMap((value, code) => {
        const key = value ?? missing;
        return key !== null && counts[code * stride] > 0 ? [{ key, count: counts[code * stride] }] : [];
      });
    const rows = {
      institution: () => [...keyed(dict.institutionId, tally.byInstitutionId, 3), ...keyed(dict.institutionName, tally.byInstitutionName, 3)],
      agency: () => keyed(dict.agency, tally.byAgency, 1, ""),
      product: () => keyed(dict.product, tally.byProduct),
      region: () => keyed(dict.region, tally.byRegion),
      status: () => keyed(dict.status, tally.byStatus),
      month: () => keyed(dict.month, tally.byMonth),
      category: () => dict.category.values.flatMap((key, bit) => (tally.alleged[bit] > 0 ? [{ key, count: tally.alleged[bit] }] : [])),
    }[by]();
    // One group per key, as GROUP BY makes it: a typed name may equal a directory id, and "" an agency typed empty.
    const merged = new Map<string, number>();
    for (const { key, count } of rows) merged.set(key, (merged.get(key) ?? 0) + count);
    return [...merged].map(([key, count]) => ({ key, count }));
  }

  /** A filter as numbers for the pass. A filter on a value no complaint has wants -1, which no column holds: it matches nothing. */
  private plan(filter: StatsFilter, now: Date): Plan {
    const { dict } = this;
    const want = (value: string | undefined, dictionary: Dictionary) => (value ? dictionary.find(value) : -1);
    const categoryBit = filter.category ? dict.category.find(filter.category) : -1;
    return {
      dayFrom: filter.from ? dayNumber(filter.from) : -1e9,
      dayTo: filter.to ? dayNumber(filter.to) : 1e9,
      byInstitution: filter.institution ? 1 : 0,
      institutionId: want(filter.institution, dict.institutionId),
      institutionName: want(filter.institution, dict.institutionName),
      byAgency: filter.agency ? 1 : 0,
      agency: want(filter.agency, dict.agency),
      byProduct: filter.product ? 1 : 0,
      product: want(filter.product, dict.product),
      byRegion: filter.region ? 1 : 0,
      region: want(filter.region, dict.region),
      byStatus: filter.status ? 1 : 0,
      status: want(filter.status, dict.status),
      byCategory: filter.category ? 1 : 0,
      category: categoryBit < 0 ? 0 : 1 << categoryBit,
      julianNow: julianDay(now.getTime()),
    };
  }

  // The pass over every complaint, apart from the rest so that it is compiled once and stays
  // optimised: the same shapes (Plan, Tally) every call, locals only in the loop.
  private pass(plan: Plan, tally: Tally) {
    const { dayFrom, dayTo, byInstitution, byAgency, byProduct, byRegion, byStatus, byCategory, julianNow } = plan;
    const { flags, institutionId, institutionName, agency, product, region, status, outcome, day, month, responseDue } = this;
    const { categories, substantiated, found, totalCalls, outsideHours, distinctNumbers, breachedRules } = this;
    const { totals, byInstitutionId, byInstitutionName, byOutsideHours, byNumbers, outsideBounds, numbersBounds, alleged, byRule } = tally;
    const end = this.end;
    for (let i = 0; i < end; i++) {
      const f = flags[i];
      if ((f & PRESENT) === 0) continue;
      const d = day[i];
      if (d < dayFrom || d > dayTo) continue;
      if (byInstitution === 1 && institutionId[i] !== plan.institutionId && institutionName[i] !== plan.institutionName) continue;
      if (byAgency === 1 && agency[i] !== plan.agency) continue;
      if (byProduct === 1 && product[i] !== plan.product) continue;
      if (byRegion === 1 && region[i] !== plan.region) continue;
      if (byStatus === 1 && status[i] !== plan.status) continue;
      if (byCategory === 1 && (categories[i] & plan.category) === 0) continue;

      totals[TOTAL]++;
      const bank = (f & BANK) !== 0;
      const inTime = (f & IN_TIME) !== 0;
      // As creditorDueSql (domain/timely.ts): answered, or julianday(now) > julianday(responseDueAt); NaN (no deadline) never passes.
      const due = bank && ((f & RESPONDED) !== 0 || julianNow > responseDue[i]);
      if (bank) totals[ROUTED_TO_BANK]++;
      if ((f & RESPONDED) !== 0) totals[RESPONDED_COUNT]++;
      if (due) totals[BANK_DUE]++;
      if (inTime) totals[ANSWERED_IN_TIME]++;
      if ((f & ESCALATED) !== 0) totals[ESCALATED_COUNT]++;
      if ((f & DISPUTED) !== 0) totals[DISPUTED_COUNT]++;

      const directory = institutionId[i];
      const group = directory !== 0 ? byInstitutionId : byInstitutionName;
      const at = (directory !== 0 ? directory : institutionName[i]) * 3;
      group[at]++;
      if (due) group[at + 1]++;
      if (inTime) group[at + 2]++;

      tally.byAgency[agency[i]]++;
      tally.byProduct[product[i]]++;
      tally.byRegion[region[i]]++;
      tally.byStatus[status[i]]++;
      tally.byOutcome[outcome[i]]++;
      tally.byMonth[month[i]]++;

      const alleging = categories[i];
      for (let mask = alleging; mask !== 0; mask &= mask - 1) {
        const bit = 31 - Math.clz32(mask & -mask);
        alleged[bit]++;
        if ((substantiated[i] & (1 << bit)) !== 0) tally.substantiated[bit]++;
      }
      for (let mask = found[i]; mask !== 0; mask &= mask - 1) tally.found[31 - Math.clz32(mask & -mask)]++;

      if ((f & HAS_LOG) !== 0) {
        totals[LOG_COMPLAINTS]++;
        const calls = totalCalls[i];
        const outside = outsideHours[i];
        const numbers = distinctNumbers[i];
        if (calls !== NO_NUMBER) totals[LOG_CALLS] += calls;
        if (outside !== NO_NUMBER) totals[LOG_OUTSIDE] += outside;
        if ((f & STRONG) !== 0) totals[LOG_STRONG]++;
        // The bands as the SQL's CASE: the first upper bound not passed; a missing number in the last.
        let outsideBand = 0;
        if (outside === NO_NUMBER) outsideBand = outsideBounds.length;
        else while (outsideBand < outsideBounds.length && outside > outsideBounds[outsideBand]) outsideBand++;
        byOutsideHours[outsideBand]++;
        let numbersBand = 0;
        if (numbers === NO_NUMBER) numbersBand = numbersBounds.length;
        else while (numbersBand < numbersBounds.length && numbers > numbersBounds[numbersBand]) numbersBand++;
        byNumbers[numbersBand]++;
        for (let mask = breachedRules[i]; mask !== 0; mask &= mask - 1) byRule[31 - Math.clz32(mask & -mask)]++;
      }
    }
  }
}

/** A filter as numbers for the pass: every field always there, so the pass sees one shape. */
interface Plan {
  dayFrom: number;
  dayTo: number;
  byInstitution: number;
  institutionId: number;
  institutionName: number;
  byAgency: number;
  agency: number;
  byProduct: number;
  product: number;
  byRegion: number;
  region: number;
  byStatus: number;
  status: number;
  byCategory: number;
  category: number;
  julianNow: number;
}

// Places in Tally.totals.
const TOTAL = 0;
const ROUTED_TO_BANK = 1;
const RESPONDED_COUNT = 2;
const BANK_DUE = 3;
const ANSWERED_IN_TIME = 4;
const ESCALATED_COUNT = 5;
const DISPUTED_COUNT = 6;
const LOG_COMPLAINTS = 7;
const LOG_CALLS = 8;
const LOG_OUTSIDE = 9;
const LOG_STRONG = 10;

/** What one pass counts, by dictionary code. */
class Tally {
  readonly totals = new Float64Array(11);
  /** Count, due and answered in time per institution. */
  readonly byInstitutionId: Float64Array;
  readonly byInstitutionName: Float64Array;
  readonly byAgency: Float64Array;
  readonly byProduct: Float64Array;
  readonly byRegion: Float64Array;
  readonly byStatus: Float64Array;
  readonly byOutcome: Float64Array;
  readonly byMonth: Float64Array;
  readonly alleged = new Float64Array(32);
  readonly substantiated = new Float64Array(32);
  readonly found = new Float64Array(32);
  readonly byRule = new Float64Array(32);
  readonly outsideBounds = Int32Array.from(OUTSIDE_HOURS_BANDS);
  readonly numbersBounds = Int32Array.from(NUMBERS_BANDS);
  readonly byOutsideHours = new Float64Array(OUTSIDE_HOURS_BANDS.length + 1);
  readonly byNumbers = new Float64Array(NUMBERS_BANDS.length + 1);

  constructor(dict: Record<"institutionId" | "institutionName" | "agency" | "product" | "region" | "status" | "outcome" | "month", Dictionary>) {
    this.byInstitutionId = new Float64Array(dict.institutionId.size * 3);
    this.byInstitutionName = new Float64Array(dict.institutionName.size * 3);
    this.byAgency = new Float64Array(dict.agency.size);
    this.byProduct = new Float64Array(dict.product.size);
    this.byRegion = new Float64Array(dict.region.size);
    this.byStatus = new Float64Array(dict.status.size);
    this.byOutcome = new Float64Array(dict.outcome.size);
    this.byMonth = new Float64Array(dict.month.size);
  }
}
