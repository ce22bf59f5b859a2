import type { DashboardCounts } from "./dashboard";
import { NUMBERS_BANDS, OUTSIDE_HOURS_BANDS, type StatsFilter } from "./shape";

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
  /** julianday(routedAt) as SQLite computes it (what the SQL compares), null when not routed. */
  routedAtJulian: number | null;
  responded: boolean;
  /** Answered within the bank's limit (does not change with time). */
  answeredInTime: boolean;
  extended: boolean;
  /** Has a missed deadline or a dispute among its events. */
  escalated: boolean;
  disputed: boolean;
  categories: { category: string; substantiated: boolean }[];
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

export interface BankLimits {
  bankResponseDays: number;
  bankExtendedDays: number;
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
const EXTENDED = 16;
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
  private routedAt = new Float64Array(0);
  private categories = new Uint32Array(0);
  private substantiated = new Uint32Array(0);
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
      this.routedAt,
      this.categories,
      this.substantiated,
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
    this.routedAt = grown(this.routedAt);
    this.categories = grown(this.categories);
    this.substantiated = grown(this.substantiated);
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
      (fact.extended ? EXTENDED : 0) |
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
    this.routedAt[id] = fact.routedAtJulian ?? NaN;
    this.categories[id] = 0;
    this.substantiated[id] = 0;
    for (const { category, substantiated } of fact.categories) this.addCategory(id, category, substantiated);
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

  /** One category alleged in a held complaint (building from a table of categories). */
  addCategory(id: number, category: string, substantiated: boolean) {
    if (!(this.flags[id] & PRESENT)) return;
    const bit = 1 << this.dict.category.bit(category);
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
  count(filter: StatsFilter, now: Date, limits: BankLimits, institutionName: (id: string) => string | undefined): DashboardCounts {
    const { dict } = this;
    const dayFrom = filter.from ? dayNumber(filter.from) : -Infinity;
    const dayTo = filter.to ? dayNumber(filter.to) : Infinity;
    // -1 matches no column; a filter on a value no complaint has matches nothing.
    const wantInstitutionId = filter.institution ? dict.institutionId.find(filter.institution) : -1;
    const wantInstitutionName = filter.institution ? dict.institutionName.find(filter.institution) : -1;
    const wantAgency = filter.agency ? dict.agency.find(filter.agency) : -1;
    const wantProduct = filter.product ? dict.product.find(filter.product) : -1;
    const wantRegion = filter.region ? dict.region.find(filter.region) : -1;
    const wantStatus = filter.status ? dict.status.find(filter.status) : -1;
    const categoryBit = filter.category ? dict.category.find(filter.category) : -1;
    const wantCategory = categoryBit < 0 ? 0 : 1 << categoryBit;

    const julianNow = julianDay(now.getTime());
    const { bankResponseDays, bankExtendedDays } = limits;

    const totals = { total: 0, routedToBank: 0, responded: 0, bankDue: 0, answeredInTime: 0, escalated: 0, disputed: 0 };
    const byInstitutionId = new Float64Array(dict.institutionId.size * 3); // count, due, in time
    const byInstitutionName = new Float64Array(dict.institutionName.size * 3);
    const byProduct = new Float64Array(dict.product.size);
    const byRegion = new Float64Array(dict.region.size);
    const byStatus = new Float64Array(dict.status.size);
    const byOutcome = new Float64Array(dict.outcome.size);
    const byMonth = new Float64Array(dict.month.size);
    const alleged = new Float64Array(32);
    const substantiatedCount = new Float64Array(32);
    const byRule = new Float64Array(32);
    const log = { complaints: 0, calls: 0, outside: 0, withStrong: 0 };
    const byOutsideHours = new Float64Array(OUTSIDE_HOURS_BANDS.length + 1);
    const byNumbers = new Float64Array(NUMBERS_BANDS.length + 1);

    const { flags, institutionId, institutionName: typedName, agency, product, region, status, outcome, day, month, routedAt } = this;
    const { categories, substantiated, totalCalls, outsideHours, distinctNumbers, breachedRules } = this;
    for (let i = 0; i < this.end; i++) {
      const f = flags[i];
      if (!(f & PRESENT)) continue;
      if (day[i] < dayFrom || day[i] > dayTo) continue;
      if (filter.institution && institutionId[i] !== wantInstitutionId && typedName[i] !== wantInstitutionName) continue;
      if (filter.agency && agency[i] !== wantAgency) continue;
      if (filter.product && product[i] !== wantProduct) continue;
      if (filter.region && region[i] !== wantRegion) continue;
      if (filter.status && status[i] !== wantStatus) continue;
      if (filter.category && !(categories[i] & wantCategory)) continue;

      totals.total++;
      const bank = (f & BANK) !== 0;
      const responded = (f & RESPONDED) !== 0;
      const inTime = (f & IN_TIME) !== 0;
      // As the SQL: julianday(now) - julianday(routedAt) > limit; NaN (not routed) is never past it.
      const due = bank && (responded || julianNow - routedAt[i] > (f & EXTENDED ? bankExtendedDays : bankResponseDays));
      if (bank) totals.routedToBank++;
      if (responded) totals.responded++;
      if (due) totals.bankDue++;
      if (inTime) totals.answeredInTime++;
      if (f & ESCALATED) totals.escalated++;
      if (f & DISPUTED) totals.disputed++;

      const byInstitution = institutionId[i] ? byInstitutionId : byInstitutionName;
      const at = (institutionId[i] || typedName[i]) * 3;
      byInstitution[at]++;
      if (due) byInstitution[at + 1]++;
      if (inTime) byInstitution[at + 2]++;

      byProduct[product[i]]++;
      byRegion[region[i]]++;
      byStatus[status[i]]++;
      byOutcome[outcome[i]]++;
      byMonth[month[i]]++;

      for (let mask = categories[i]; mask; mask &= mask - 1) {
        const bit = 31 - Math.clz32(mask & -mask);
        alleged[bit]++;
        if (substantiated[i] & (1 << bit)) substantiatedCount[bit]++;
      }

      if (f & HAS_LOG) {
        log.complaints++;
        if (totalCalls[i] !== NO_NUMBER) log.calls += totalCalls[i];
        if (outsideHours[i] !== NO_NUMBER) log.outside += outsideHours[i];
        if (f & STRONG) log.withStrong++;
        byOutsideHours[band(outsideHours[i], OUTSIDE_HOURS_BANDS)]++;
        byNumbers[band(distinctNumbers[i], NUMBERS_BANDS)]++;
        for (let mask = breachedRules[i]; mask; mask &= mask - 1) byRule[31 - Math.clz32(mask & -mask)]++;
      }
    }

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
    return {
      totals,
      byCategory: dict.category.values.flatMap((category, bit) =>
        alleged[bit] > 0 ? [{ category, alleged: alleged[bit], substantiated: substantiatedCount[bit] }] : [],
      ),
      byInstitution: [...institutions(dict.institutionId, byInstitutionId, true), ...institutions(dict.institutionName, byInstitutionName, false)],
      byProduct: keyCounts(dict.product, byProduct),
      byRegion: keyCounts(dict.region, byRegion),
      byStatus: keyCounts(dict.status, byStatus),
      outcomes: keyCounts(dict.outcome, byOutcome),
      months: keyCounts(dict.month, byMonth).map(({ key, count }) => ({ month: key, count })),
      callLogs: {
        ...log,
        byRule: dict.rule.values.flatMap((ruleId, bit) => (byRule[bit] > 0 ? [{ ruleId, count: byRule[bit] }] : [])),
        byOutsideHours: [...byOutsideHours],
        byNumbers: [...byNumbers],
      },
    };
  }
}

/** The band a number falls in, as the SQL's CASE: the first upper bound it does not pass; a missing number in the last. */
function band(value: number, bounds: readonly number[]): number {
  if (value === NO_NUMBER) return bounds.length;
  for (let i = 0; i < bounds.length; i++) if (value <= bounds[i]) return i;
  return bounds.length;
}
