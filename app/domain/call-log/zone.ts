/**
 * Wall-clock time in the consumer's zone, both ways, without a time-zone library.
 * Asia/Shanghai and UTC are fixed offsets (China has kept UTC+8 without daylight
 * saving since 1991; call logs are newer than that). Any other IANA zone goes
 * through Intl, with its offsets remembered per quarter hour so 10,000 calls cost
 * a few hundred Intl calls at most.
 */

export const DEFAULT_TIME_ZONE = "Asia/Shanghai";

const FIXED_OFFSET_MINUTES: Record<string, number> = {
  "Asia/Shanghai": 480,
  PRC: 480,
  UTC: 0,
  "Etc/UTC": 0,
  GMT: 0,
  "Etc/GMT": 0,
};

const MINUTE = 60_000;
const DAY = 86_400_000;
const QUARTER_HOUR = 15 * MINUTE;

export interface WallClock {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export interface LocalTime extends WallClock {
  /** 0 = Monday … 6 = Sunday (ISO order, as Chinese calendars print the week). */
  weekday: number;
  /** Days since 1970-01-01 in the local calendar: equal numbers are the same local date. */
  dayNumber: number;
  /** 0 … 86399 */
  secondOfDay: number;
}

export interface ZoneClock {
  timeZone: string;
  /** Minutes east of UTC at this instant. */
  offsetMinutes(epochMs: number): number;
  local(epochMs: number): LocalTime;
  /** The instant a wall-clock reading means in this zone (epoch milliseconds). */
  toInstant(wall: WallClock): number;
}

/** Throws a RangeError for a zone Intl does not know. */
export function zoneClock(timeZone: string = DEFAULT_TIME_ZONE): ZoneClock {
  const fixed = FIXED_OFFSET_MINUTES[timeZone];
  const offsetMinutes = fixed !== undefined ? () => fixed : intlOffsets(timeZone);

  function local(epochMs: number): LocalTime {
    const shifted = epochMs + offsetMinutes(epochMs) * MINUTE;
    const date = new Date(shifted);
    const dayNumber = Math.floor(shifted / DAY);
    return {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
      hour: date.getUTCHours(),
      minute: date.getUTCMinutes(),
      second: date.getUTCSeconds(),
      weekday: (date.getUTCDay() + 6) % 7,
      dayNumber,
      secondOfDay: Math.floor((shifted - dayNumber * DAY) / 1000),
    };
  }

  function toInstant(wall: WallClock): number {
    const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
    const first = asUtc - offsetMinutes(asUtc) * MINUTE;
    const second = asUtc - offsetMinutes(first) * MINUTE;
    // Around a daylight-saving change the two guesses differ; the second is the
    // offset in force at the instant itself.
    return second;
  }

  return { timeZone, offsetMinutes, local, toInstant };
}

function intlOffsets(timeZone: string): (epochMs: number) => number {
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  });
  const cache = new Map<number, number>();
  return (epochMs) => {
    // Offsets change on whole quarter hours (UTC) in every zone in use today.
    const bucket = Math.floor(epochMs / QUARTER_HOUR);
    const known = cache.get(bucket);
    if (known !== undefined) return known;
    const at = bucket * QUARTER_HOUR;
    const parts: Record<string, number> = {};
    for (const part of format.formatToParts(new Date(at))) {
      if (part.type !== "literal") parts[part.type] = Number(part.value);
    }
    const wallAsUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
    const offset = Math.round((wallAsUtc - at) / MINUTE);
    cache.set(bucket, offset);
    return offset;
  };
}

/** YYYY-MM-DD of a local day number. */
export function isoDateOfDay(dayNumber: number): string {
  return new Date(dayNumber * DAY).toISOString().slice(0, 10);
}
