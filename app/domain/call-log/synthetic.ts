/**
 * Deterministic, realistic-looking call logs for benchmarks and demos: the same
 * (count, seed) always gives the same calls. A handful of collector numbers (mobiles,
 * a landline, a 400 line, some withheld) call mostly in office hours with some evenings,
 * nights and bursts; family and friends call now and then; the consumer calls out.
 */
import { HIDDEN_NUMBER, type Call, type CallDirection } from "./call";
import { DEFAULT_TIME_ZONE, zoneClock } from "./zone";

export interface SyntheticOptions {
  /** The first day of the log. Default 2026-09-01 00:00 Asia/Shanghai. */
  start?: Date;
}

/** mulberry32: small, fast and good enough for test data. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function makeSyntheticCalls(count: number, seed: number, options: SyntheticOptions = {}): Call[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const start = (options.start ?? new Date("2026-08-31T16:00:00Z")).getTime();

  const mobile = () => `1${pick(["3", "5", "7", "8", "9"])}${String(Math.floor(next() * 1e9)).padStart(9, "0")}`;
  const collectors = [mobile(), mobile(), mobile(), mobile(), "0755-23456789", "400-123-4567", "95588", HIDDEN_NUMBER];
  const personal = [mobile(), mobile(), mobile()];

  // Most collection calls in office hours; about one in seven in the evening or at night.
  const collectorHours = [9, 9, 10, 10, 11, 11, 12, 14, 14, 15, 15, 16, 17, 18, 19, 20, 21, 22, 23, 7];
  const personalHours = [8, 12, 13, 18, 19, 20, 21];
  // About 20 calls a day, so a log of 10,000 calls spans some 500 days.
  const days = Math.max(1, Math.ceil(count / 20));

  const calls: Call[] = [];
  while (calls.length < count) {
    const day = Math.floor(next() * days);
    const roll = next();
    const fromCollector = roll < 0.8;
    const number = fromCollector ? pick(collectors) : pick(personal);
    const hour = fromCollector ? pick(collectorHours) : pick(personalHours);
    let at = start + day * DAY + hour * HOUR + Math.floor(next() * 3600) * 1000;

    let direction: CallDirection;
    if (!fromCollector && roll > 0.93) direction = "outgoing";
    else {
      const answer = next();
      direction = answer < 0.25 ? "incoming" : answer < 0.75 ? "missed" : "rejected";
    }
    const durationSeconds = direction === "incoming" || direction === "outgoing" ? Math.floor(5 + next() * 300) : 0;

    // Now and then a collector redials several times within minutes.
    const redials = fromCollector && next() < 0.05 ? 2 + Math.floor(next() * 3) : 0;
    for (let r = 0; r <= redials && calls.length < count; r++) {
      calls.push({
        at: new Date(at),
        number,
        rawNumber: number === HIDDEN_NUMBER ? "未知号码" : number.replace(/-/g, ""),
        direction: r === 0 ? direction : "missed",
        durationSeconds: r === 0 ? durationSeconds : 0,
        line: 0,
      });
      at += Math.floor(1 + next() * 4) * MINUTE;
    }
  }

  calls.sort((a, b) => a.at.getTime() - b.at.getTime());
  // Line 1 is the header of the file these calls would come from.
  calls.forEach((call, index) => (call.line = index + 2));
  return calls;
}

const EXPORT_TYPES: Record<CallDirection, string> = { incoming: "呼入", missed: "未接", outgoing: "呼出", rejected: "拒接" };

/**
 * Calls as a Chinese phone writes its export (类型, 号码, 日期 "2026/10/1 09:12:56",
 * 时长 "00:01:35"), wall-clock times in `timeZone`; lines end in CRLF as on Windows.
 * What `parseCallLog` reads back gives the same calls.
 */
export function callLogCsv(calls: Call[], timeZone = DEFAULT_TIME_ZONE): string {
  const clock = zoneClock(timeZone);
  const pad = (n: number) => String(n).padStart(2, "0");
  const lines = ["通话类型,电话号码,日期,通话时长"];
  for (const call of calls) {
    const t = clock.local(call.at.getTime());
    const d = call.durationSeconds ?? 0;
    const duration = `${pad(Math.floor(d / 3600))}:${pad(Math.floor(d / 60) % 60)}:${pad(d % 60)}`;
    lines.push(`${EXPORT_TYPES[call.direction]},${call.rawNumber},${t.year}/${t.month}/${t.day} ${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)},${duration}`);
  }
  return `${lines.join("\r\n")}\r\n`;
}
