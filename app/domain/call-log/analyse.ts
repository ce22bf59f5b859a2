/**
 * What a call log shows against a rule pack. Pure and fast: the calls are sorted once,
 * each call's local time is computed once, and every window (day, 7 days, 10 minutes,
 * after a conversation) is a single pass with two pointers, so 10,000 calls take a few
 * milliseconds.
 *
 * Counting choices, each on the side of not overstating a breach:
 * - Every call but an outgoing one (incoming, missed, voicemail, rejected, blocked) is a
 *   collection call; outgoing calls are the consumer's own. Every counted call in the log is taken to be a collection call:
 *   the consumer is asked to upload the calls from collectors, and `collectorMatches`
 *   shows which numbers they named.
 * - A call is "connected" when it is incoming and lasted more than 0 seconds, or is
 *   incoming with no duration recorded (the phone says it was answered).
 * - Days are local calendar days in the consumer's zone. "7 consecutive days" are 7
 *   calendar days, not 168 hours.
 * - A conversation is a connected incoming call; one the consumer started cannot be
 *   told from an outgoing call to someone else, so it does not open a 7-day period.
 * - Reg F counts per debt; a log cannot tell debts apart, so all calls are counted together.
 *
 * Findings are plain JSON (strings and numbers, no Date objects) so a loader can return them.
 */
import { phoneKey } from "../phone";
import { CATEGORIES, type Category } from "../taxonomy";
import { CALL_DIRECTIONS, HIDDEN_NUMBER, type Call, type CallDirection } from "./call";
import { isHeuristic, isWithinAllowedHours, rulePack, type Binding, type Rule, type RulePackId } from "./rules";
import { DEFAULT_TIME_ZONE, isoDateOfDay, zoneClock } from "./zone";

export interface AnalyseOptions {
  pack?: RulePackId;
  /** The collector numbers the consumer named, as typed. */
  collectorNumbers?: string[];
  /** The consumer's zone. Default Asia/Shanghai. */
  timeZone?: string;
}

/** One rule of the pack applied to the log, ready to render with the rule's wording. */
export interface RuleFinding {
  ruleId: string;
  kind: Rule["kind"];
  /** A written rule is broken. Never true of a heuristic (a burst): that is a `pattern`. */
  breached: boolean;
  /** A heuristic's pattern is in the log: shown to people, never counted as a breach. Missing in analyses stored before. */
  pattern?: boolean;
  strong: boolean;
  /** How binding the rule is (law … heuristic). Missing in analyses stored before: read the rule's. */
  binding?: Binding;
  /** The number in the wording's {{count}}. */
  count: number;
  params: Record<string, string | number>;
  /** File lines of the calls behind the finding, for highlighting. */
  lines: number[];
}

export interface DayCount {
  /** YYYY-MM-DD, local. */
  date: string;
  count: number;
}

export interface Findings {
  pack: RulePackId;
  timeZone: string;
  /** Collection calls: every call but the outgoing ones. */
  totalCalls: number;
  byDirection: Record<CallDirection, number>;
  /** ISO instants of the first and last collection call. */
  firstCallAt: string | null;
  lastCallAt: string | null;
  outsideHours: {
    ruleId: string;
    allowedFrom: string;
    fromInclusive: boolean;
    allowedUntil: string;
    untilInclusive: boolean;
    count: number;
    lines: number[];
  };
  busiestDay: DayCount | null;
  connectedPerDay: {
    /** Null when the pack has no daily limit. */
    ruleId: string | null;
    limit: number | null;
    mostInADay: number;
    daysOverLimit: DayCount[];
  };
  /** Missing in analyses stored before, and null when the pack has no such limit. */
  unansweredPerDay?: {
    ruleId: string;
    limit: number;
    mostInADay: number;
    daysOverLimit: DayCount[];
  } | null;
  sevenDays: {
    ruleId: string | null;
    limit: number | null;
    /** The most calls in any 7 consecutive local days. */
    maxCalls: number;
    /** First and last day with calls in that busiest window. */
    from: string | null;
    to: string | null;
  };
  /** Null when the pack has no such rule. */
  afterConversation: {
    ruleId: string;
    days: number;
    conversations: number;
    count: number;
    lines: number[];
  } | null;
  distinctNumbers: number;
  hiddenNumberCalls: number;
  /** The ten numbers that called most, most first. */
  topNumbers: { number: string; calls: number }[];
  bursts: {
    ruleId: string;
    minCalls: number;
    withinSeconds: number;
    count: number;
    callsInBursts: number;
    list: { from: string; to: string; calls: number; lines: number[] }[];
  };
  /** Named collector numbers that appear among the collection calls. */
  collectorMatches: { number: string; calls: number }[];
  /** Named collector numbers (normalised) not in the log. */
  unmatchedCollectorNumbers: string[];
  results: RuleFinding[];
  suggestedCategories: Category[];
  /** Breaches of written rules (heuristics are never breaches), for triage routing. */
  strongFindings: number;
  /** Calls that count towards a breach of a written rule, each once, for triage routing. Missing in analyses stored before. */
  breachingCalls?: number;
  /** [weekday 0 = Monday … 6 = Sunday][local hour 0–23] → collection calls. */
  dayHourMatrix: number[][];
}

export function isCollectionCall(call: Call): boolean {
  return call.direction !== "outgoing";
}

export function isConnected(call: Call): boolean {
  return call.direction === "incoming" && (call.durationSeconds === null || call.durationSeconds > 0);
}

/** Normalised as the parser normalises calling numbers, so the two compare. */
export function comparableNumber(input: string): string {
  return phoneKey(input) ?? input.normalize("NFKC").replace(/\D/g, "");
}

function hhmm(clock: string): string {
  return clock.slice(0, 5);
}

export function analyseCalls(calls: Call[], options: AnalyseOptions = {}): Findings {
  const pack = rulePack(options.pack);
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const clock = zoneClock(timeZone);

  const byDirection = Object.fromEntries(CALL_DIRECTIONS.map((direction) => [direction, 0])) as Record<CallDirection, number>;
  for (const call of calls) byDirection[call.direction]++;

  const counted = calls.filter(isCollectionCall).sort((a, b) => a.at.getTime() - b.at.getTime() || a.line - b.line);
  const n = counted.length;
  const times = new Float64Array(n);
  const days = new Int32Array(n);

  const dayHourMatrix = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  const outsideLines: number[] = [];
  const callsPerDay = new Map<number, number>();
  const connectedPerDay = new Map<number, number>();
  const unansweredPerDay = new Map<number, number>();
  const perNumber = new Map<string, number>();
  let hiddenNumberCalls = 0;

  for (let i = 0; i < n; i++) {
    const call = counted[i];
    const ms = call.at.getTime();
    const local = clock.local(ms);
    times[i] = ms;
    days[i] = local.dayNumber;
    dayHourMatrix[local.weekday][local.hour]++;
    if (!isWithinAllowedHours(local.secondOfDay, pack.quietHours)) outsideLines.push(call.line);
    callsPerDay.set(local.dayNumber, (callsPerDay.get(local.dayNumber) ?? 0) + 1);
    if (isConnected(call)) connectedPerDay.set(local.dayNumber, (connectedPerDay.get(local.dayNumber) ?? 0) + 1);
    else unansweredPerDay.set(local.dayNumber, (unansweredPerDay.get(local.dayNumber) ?? 0) + 1);
    if (call.number === HIDDEN_NUMBER) hiddenNumberCalls++;
    else perNumber.set(call.number, (perNumber.get(call.number) ?? 0) + 1);
  }

  // Busiest day; ties go to the earlier day (the map is filled in time order).
  let busiestDay: DayCount | null = null;
  for (const [day, count] of callsPerDay) {
    if (!busiestDay || count > busiestDay.count) busiestDay = { date: isoDateOfDay(day), count };
  }

  // Connected calls per day against the daily limit.
  const dailyRule = pack.connectedCallsPerDay;
  let mostConnected = 0;
  const daysOverLimit: DayCount[] = [];
  const overLimit = new Set<number>();
  for (const [day, count] of connectedPerDay) {
    mostConnected = Math.max(mostConnected, count);
    if (dailyRule && count > dailyRule.maxPerDay) {
      daysOverLimit.push({ date: isoDateOfDay(day), count });
      overLimit.add(day);
    }
  }
  const overLimitLines: number[] = [];
  for (let i = 0; i < n; i++) if (overLimit.has(days[i]) && isConnected(counted[i])) overLimitLines.push(counted[i].line);

  // Unanswered collection calls (missed, rejected, blocked, voicemail, rang but not
  // connected) per day against the pack's limit; the log is the consumer's one number.
  const unansweredRule = pack.unansweredCallsPerDay;
  let mostUnanswered = 0;
  const unansweredDaysOver: DayCount[] = [];
  const unansweredOver = new Set<number>();
  for (const [day, count] of unansweredPerDay) {
    mostUnanswered = Math.max(mostUnanswered, count);
    if (unansweredRule && count > unansweredRule.maxPerDay) {
      unansweredDaysOver.push({ date: isoDateOfDay(day), count });
      unansweredOver.add(day);
    }
  }
  const unansweredLines: number[] = [];
  for (let i = 0; i < n; i++) if (unansweredOver.has(days[i]) && !isConnected(counted[i])) unansweredLines.push(counted[i].line);

  // Most calls in any 7 consecutive local days: a window over the days that have calls.
  const windowDays = pack.callsInDays?.days ?? 7;
  const dayList = [...callsPerDay.keys()];
  let best = { calls: 0, from: -1, to: -1 };
  for (let right = 0, left = 0, sum = 0; right < dayList.length; right++) {
    sum += callsPerDay.get(dayList[right]) ?? 0;
    while (dayList[right] - dayList[left] >= windowDays) sum -= callsPerDay.get(dayList[left++]) ?? 0;
    if (sum > best.calls) best = { calls: sum, from: dayList[left], to: dayList[right] };
  }

  // Calls within N days after a conversation, the conversation's date being day 1: a
  // call on day D+N-1 counts, one on day D+N does not. A later conversation restarts
  // the period; each call counts once however many periods it falls in.
  const afterRule = pack.afterConversation;
  let afterConversation: Findings["afterConversation"] = null;
  if (afterRule) {
    let lastConversationDay: number | null = null;
    let conversations = 0;
    const lines: number[] = [];
    for (let i = 0; i < n; i++) {
      if (lastConversationDay !== null && days[i] - lastConversationDay <= afterRule.days - 1) lines.push(counted[i].line);
      if (isConnected(counted[i])) {
        lastConversationDay = days[i];
        conversations++;
      }
    }
    afterConversation = { ruleId: afterRule.id, days: afterRule.days, conversations, count: lines.length, lines };
  }

  // Bursts: every window of minCalls or more calls whose first and last are at most
  // withinSeconds apart (inclusive: 3 calls 10:00 apart are a burst, 10:01 apart are not).
  // Windows that share a call merge into one burst, so a long barrage is one burst and
  // no call is counted twice.
  const burstRule = pack.burst;
  const withinMs = burstRule.withinSeconds * 1000;
  const burstRanges: [number, number][] = [];
  for (let right = 0, left = 0; right < n; right++) {
    while (times[right] - times[left] > withinMs) left++;
    if (right - left + 1 >= burstRule.minCalls) {
      const last = burstRanges[burstRanges.length - 1];
      if (last && left <= last[1]) last[1] = right;
      else burstRanges.push([left, right]);
    }
  }
  const burstList = burstRanges.map(([from, to]) => ({
    from: new Date(times[from]).toISOString(),
    to: new Date(times[to]).toISOString(),
    calls: to - from + 1,
    lines: counted.slice(from, to + 1).map((call) => call.line),
  }));
  const callsInBursts = burstList.reduce((sum, burst) => sum + burst.calls, 0);

  // Named collector numbers.
  const named = [...new Set((options.collectorNumbers ?? []).map(comparableNumber).filter((number) => number !== ""))];
  const collectorMatches = named
    .filter((number) => perNumber.has(number))
    .map((number) => ({ number, calls: perNumber.get(number) ?? 0 }))
    .sort((a, b) => b.calls - a.calls);
  const unmatchedCollectorNumbers = named.filter((number) => !perNumber.has(number));

  const topNumbers = [...perNumber]
    .map(([number, count]) => ({ number, calls: count }))
    .sort((a, b) => b.calls - a.calls || (a.number < b.number ? -1 : 1))
    .slice(0, 10);

  // Each rule of the pack, as a finding to render; a breach suggests the rule's categories.
  const results: RuleFinding[] = [];
  const suggested = new Set<Category>();
  const apply = (rule: Rule, seen: boolean, count: number, params: RuleFinding["params"], lines: number[] = []) => {
    // A heuristic's pattern is never a breach, whatever a pack says of it.
    const heuristic = isHeuristic(rule);
    const breached = seen && !heuristic;
    results.push({
      ruleId: rule.id,
      kind: rule.kind,
      breached,
      pattern: seen && heuristic,
      strong: rule.strong && !heuristic,
      binding: rule.binding,
      count,
      params,
      lines,
    });
    if (seen) for (const category of rule.categories) suggested.add(category);
  };
  const quiet = pack.quietHours;
  apply(
    quiet,
    outsideLines.length > 0,
    outsideLines.length,
    { count: outsideLines.length, from: hhmm(quiet.allowedFrom), until: hhmm(quiet.allowedUntil) },
    outsideLines,
  );
  if (dailyRule) {
    apply(dailyRule, daysOverLimit.length > 0, daysOverLimit.length, { count: daysOverLimit.length, limit: dailyRule.maxPerDay }, overLimitLines);
  }
  if (unansweredRule) {
    apply(
      unansweredRule,
      unansweredDaysOver.length > 0,
      unansweredDaysOver.length,
      { count: unansweredDaysOver.length, limit: unansweredRule.maxPerDay },
      unansweredLines,
    );
  }
  const inDaysRule = pack.callsInDays;
  if (inDaysRule) {
    apply(inDaysRule, best.calls > inDaysRule.maxCalls, best.calls, {
      count: best.calls,
      limit: inDaysRule.maxCalls,
      days: inDaysRule.days,
      from: best.from < 0 ? "" : isoDateOfDay(best.from),
      to: best.to < 0 ? "" : isoDateOfDay(best.to),
    });
  }
  if (afterRule && afterConversation) {
    apply(afterRule, afterConversation.count > 0, afterConversation.count, { count: afterConversation.count, days: afterRule.days }, afterConversation.lines);
  }
  apply(
    burstRule,
    burstList.length > 0,
    burstList.length,
    { count: burstList.length, calls: callsInBursts, minCalls: burstRule.minCalls, minutes: burstRule.withinSeconds / 60 },
    burstList.flatMap((burst) => burst.lines),
  );

  return {
    pack: pack.id,
    timeZone,
    totalCalls: n,
    byDirection,
    firstCallAt: n > 0 ? new Date(times[0]).toISOString() : null,
    lastCallAt: n > 0 ? new Date(times[n - 1]).toISOString() : null,
    outsideHours: {
      ruleId: quiet.id,
      allowedFrom: quiet.allowedFrom,
      fromInclusive: quiet.fromInclusive,
      allowedUntil: quiet.allowedUntil,
      untilInclusive: quiet.untilInclusive,
      count: outsideLines.length,
      lines: outsideLines,
    },
    busiestDay,
    connectedPerDay: {
      ruleId: dailyRule?.id ?? null,
      limit: dailyRule?.maxPerDay ?? null,
      mostInADay: mostConnected,
      daysOverLimit,
    },
    unansweredPerDay: unansweredRule
      ? { ruleId: unansweredRule.id, limit: unansweredRule.maxPerDay, mostInADay: mostUnanswered, daysOverLimit: unansweredDaysOver }
      : null,
    sevenDays: {
      ruleId: inDaysRule?.id ?? null,
      limit: inDaysRule?.maxCalls ?? null,
      maxCalls: best.calls,
      from: best.from < 0 ? null : isoDateOfDay(best.from),
      to: best.to < 0 ? null : isoDateOfDay(best.to),
    },
    afterConversation,
    distinctNumbers: perNumber.size,
    hiddenNumberCalls,
    topNumbers,
    bursts: {
      ruleId: burstRule.id,
      minCalls: burstRule.minCalls,
      withinSeconds: burstRule.withinSeconds,
      count: burstList.length,
      callsInBursts,
      list: burstList,
    },
    collectorMatches,
    unmatchedCollectorNumbers,
    results,
    suggestedCategories: CATEGORIES.filter((category) => suggested.has(category)),
    strongFindings: results.filter((result) => result.breached && result.strong).length,
    breachingCalls: new Set(results.flatMap((result) => (result.breached && result.strong ? result.lines : []))).size,
    dayHourMatrix,
  };
}
