import { describe, expect, it } from "vitest";
import { journalTrimmer } from "./stats-trim.server";

const MINUTE = 60_000;

describe("how far a server trims the statistics journal", () => {
  it("on SQLite, all it has read", () => {
    const trim = journalTrimmer("sqlite", 10 * MINUTE);
    expect(trim(40, 0)).toBe(40);
    expect(trim(55, MINUTE)).toBe(55);
  });

  it("on PostgreSQL, only what it had read ten minutes ago, which every other instance has read since", () => {
    const trim = journalTrimmer("postgres", 10 * MINUTE);
    // One read a minute: nothing is trimmed until a read is ten minutes old.
    const trimmed = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120].map((seq, minute) => trim(seq, minute * MINUTE));
    expect(trimmed).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 20]);
    // A server that read nothing new for a while trims through the newest read that is old enough.
    expect(trim(120, 30 * MINUTE)).toBe(120);
    expect(trim(130, 31 * MINUTE)).toBe(0);
  });
});
