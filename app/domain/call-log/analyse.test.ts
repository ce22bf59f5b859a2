import { describe, expect, it } from "vitest";
import { CATEGORIES } from "../taxonomy";
import { analyseCalls } from "./analyse";
import { HIDDEN_NUMBER, type Call, type CallDirection } from "./call";
import { BINDINGS, DEFAULT_RULE_PACK, defaultPackFor, fillWording, isHeuristic, RULE_PACK_IDS, RULE_PACKS, rulesOf } from "./rules";
import { makeSyntheticCalls } from "./synthetic";

let nextLine = 2;

/** A call at a wall-clock time in Shanghai ("2026-10-01 21:00:00"). */
function call(
  when: string,
  { direction = "missed", duration = 0, number = "+8613800138000" }: { direction?: CallDirection; duration?: number | null; number?: string } = {},
): Call {
  return {
    at: new Date(`${when.replace(" ", "T")}+08:00`),
    number,
    rawNumber: number,
    direction,
    durationSeconds: duration,
    line: nextLine++,
  };
}
const connected = (when: string) => call(when, { direction: "incoming", duration: 60 });

describe("calls outside the allowed hours", () => {
  // [local time, outside under china, outside under us_reg_f]
  it.each([
    ["00:00:00", true, true],
    ["07:59:59", true, true],
    ["08:00:00", false, false],
    ["12:00:00", false, false],
    ["21:00:00", false, false],
    ["21:00:01", false, true],
    ["21:59:59", false, true],
    ["22:00:00", true, true],
    ["23:59:59", true, true],
  ])("a call at %s: outside under china %s, under Reg F %s", (time, china, regF) => {
    const calls = [call(`2026-10-01 ${time}`)];
    expect(analyseCalls(calls, { pack: "china" }).outsideHours.count).toBe(china ? 1 : 0);
    expect(analyseCalls(calls, { pack: "us_reg_f" }).outsideHours.count).toBe(regF ? 1 : 0);
  });

  it("says which window it used, with the rule", () => {
    const findings = analyseCalls([call("2026-10-01 22:30:00")], { pack: "china" });
    expect(findings.outsideHours).toMatchObject({
      ruleId: "china.collection_hours",
      allowedFrom: "08:00:00",
      allowedUntil: "22:00:00",
      untilInclusive: false,
      count: 1,
    });
    expect(findings.results[0]).toMatchObject({
      ruleId: "china.collection_hours",
      breached: true,
      params: { from: "08:00", until: "22:00" },
    });
  });

  it("reads hours in the consumer's zone", () => {
    const calls = [call("2026-10-01 12:00:00")]; // 04:00 UTC
    expect(analyseCalls(calls).outsideHours.count).toBe(0);
    expect(analyseCalls(calls, { timeZone: "UTC" }).outsideHours.count).toBe(1);
  });

  it("ignores the consumer's own outgoing calls", () => {
    const findings = analyseCalls([call("2026-10-01 23:00:00", { direction: "outgoing", duration: 30 })]);
    expect(findings.totalCalls).toBe(0);
    expect(findings.byDirection.outgoing).toBe(1);
    expect(findings.outsideHours.count).toBe(0);
  });
});

describe("connected calls per day (china)", () => {
  it("allows 3 connected calls in a day", () => {
    const findings = analyseCalls(
      ["09:00", "10:00", "11:00"].map((t) => connected(`2026-10-01 ${t}:00`)),
      { pack: "china" },
    );
    expect(findings.connectedPerDay).toMatchObject({
      ruleId: "china.connected_calls_per_day",
      limit: 3,
      mostInADay: 3,
      daysOverLimit: [],
    });
    expect(findings.suggestedCategories).toEqual([]);
  });

  it("flags the 4th connected call in a day, pointing at that day's connected calls", () => {
    const calls = ["09:00", "10:00", "11:00", "12:00"].map((t) => connected(`2026-10-01 ${t}:00`));
    const missed = call("2026-10-01 13:00:00");
    const findings = analyseCalls([...calls, missed, connected("2026-10-02 09:00:00")], { pack: "china" });
    expect(findings.connectedPerDay.daysOverLimit).toEqual([{ date: "2026-10-01", count: 4 }]);
    expect(findings.results.find((r) => r.ruleId === "china.connected_calls_per_day")?.lines).toEqual(calls.map((c) => c.line));
    expect(findings.suggestedCategories).toEqual(["harassment.repeated_calls"]);
    expect(findings.strongFindings).toBe(1);
  });

  it("does not count missed calls, 0-second calls or outgoing calls as connected", () => {
    const findings = analyseCalls([
      ...["09:00", "10:00", "11:00"].map((t) => connected(`2026-10-01 ${t}:00`)),
      call("2026-10-01 12:00:00", { direction: "missed" }),
      call("2026-10-01 13:00:00", { direction: "rejected" }),
      call("2026-10-01 14:00:00", { direction: "incoming", duration: 0 }),
      call("2026-10-01 15:00:00", { direction: "outgoing", duration: 60 }),
    ]);
    expect(findings.connectedPerDay.daysOverLimit).toEqual([]);
    expect(findings.totalCalls).toBe(6);
  });

  it("splits days at local midnight", () => {
    const calls = ["2026-10-01 23:58:00", "2026-10-01 23:59:00", "2026-10-02 00:01:00", "2026-10-02 00:02:00"].map(connected);
    expect(analyseCalls(calls).connectedPerDay.daysOverLimit).toEqual([]);
    // The same instants are all on 1 October in UTC.
    expect(analyseCalls(calls, { timeZone: "UTC" }).connectedPerDay.daysOverLimit).toEqual([{ date: "2026-10-01", count: 4 }]);
  });

  it("has no daily limit under Reg F", () => {
    const findings = analyseCalls(
      ["09:00", "10:00", "11:00", "12:00"].map((t) => connected(`2026-10-01 ${t}:00`)),
      { pack: "us_reg_f" },
    );
    expect(findings.connectedPerDay).toMatchObject({ ruleId: null, limit: null, mostInADay: 4, daysOverLimit: [] });
  });
});

describe("calls within 7 consecutive days (Reg F)", () => {
  const days = (count: number, from = 1) => Array.from({ length: count }, (_, i) => call(`2026-10-${String(from + i).padStart(2, "0")} 10:00:00`));

  it("does not presume harassment for 7 calls in 7 days", () => {
    const findings = analyseCalls(days(7), { pack: "us_reg_f" });
    expect(findings.sevenDays).toEqual({
      ruleId: "us_reg_f.seven_in_seven",
      limit: 7,
      maxCalls: 7,
      from: "2026-10-01",
      to: "2026-10-07",
    });
    expect(findings.suggestedCategories).toEqual([]);
  });

  it("presumes harassment for an 8th call within the same 7 days", () => {
    const findings = analyseCalls([...days(7), call("2026-10-07 11:00:00")], { pack: "us_reg_f" });
    expect(findings.sevenDays.maxCalls).toBe(8);
    expect(findings.results.find((r) => r.ruleId === "us_reg_f.seven_in_seven")).toMatchObject({
      breached: true,
      count: 8,
    });
    expect(findings.suggestedCategories).toEqual(["harassment.repeated_calls"]);
  });

  it("does not count an 8th call on the 8th day in the same window", () => {
    const findings = analyseCalls(days(8), { pack: "us_reg_f" });
    expect(findings.sevenDays.maxCalls).toBe(7);
    expect(findings.results.find((r) => r.ruleId === "us_reg_f.seven_in_seven")?.breached).toBe(false);
  });

  it("still reports the busiest 7 days under the china pack, without a rule", () => {
    const findings = analyseCalls(days(8));
    expect(findings.sevenDays).toMatchObject({ ruleId: null, limit: null, maxCalls: 7 });
  });
});

describe("calls within 7 days after a conversation (Reg F)", () => {
  const regF = (calls: Call[]) => analyseCalls(calls, { pack: "us_reg_f" }).afterConversation;

  it("counts a call on day 7, the conversation's date being day 1", () => {
    expect(regF([connected("2026-10-01 10:00:00"), call("2026-10-07 20:59:00")])).toMatchObject({
      count: 1,
      conversations: 1,
    });
  });

  it("does not count a call on day 8", () => {
    expect(regF([connected("2026-10-01 10:00:00"), call("2026-10-08 08:00:00")])).toMatchObject({ count: 0 });
  });

  it("counts a later call on the day of the conversation but not an earlier one", () => {
    const earlier = call("2026-10-01 09:00:00");
    const later = call("2026-10-01 11:00:00");
    expect(regF([later, connected("2026-10-01 10:00:00"), earlier])).toMatchObject({ count: 1, lines: [later.line] });
  });

  it("needs a connected conversation to start the period", () => {
    expect(regF([call("2026-10-01 10:00:00", { direction: "incoming", duration: 0 }), call("2026-10-02 10:00:00")])).toMatchObject({
      count: 0,
      conversations: 0,
    });
  });

  it("is a strong finding under Reg F and absent from the china pack", () => {
    const calls = [connected("2026-10-01 10:00:00"), call("2026-10-03 10:00:00")];
    const findings = analyseCalls(calls, { pack: "us_reg_f" });
    expect(findings.strongFindings).toBe(1);
    expect(findings.suggestedCategories).toEqual(["harassment.repeated_calls"]);
    expect(analyseCalls(calls).afterConversation).toBeNull();
  });
});

describe("bursts", () => {
  it("finds 3 calls within 10 minutes", () => {
    const findings = analyseCalls(["10:00:00", "10:05:00", "10:10:00"].map((t) => call(`2026-10-01 ${t}`)));
    expect(findings.bursts).toMatchObject({ ruleId: "cw.burst", count: 1, callsInBursts: 3 });
    expect(findings.bursts.list[0]).toMatchObject({
      from: "2026-10-01T02:00:00.000Z",
      to: "2026-10-01T02:10:00.000Z",
      calls: 3,
    });
  });

  it("does not find 3 calls spread over 10 minutes and 1 second", () => {
    const findings = analyseCalls(["10:00:00", "10:05:00", "10:10:01"].map((t) => call(`2026-10-01 ${t}`)));
    expect(findings.bursts).toMatchObject({ count: 0, callsInBursts: 0 });
  });

  it("merges overlapping windows and counts each call once", () => {
    const barrage = ["10:00", "10:04", "10:08", "10:12", "10:16"].map((t) => call(`2026-10-01 ${t}:00`));
    const later = ["15:00", "15:01", "15:02"].map((t) => call(`2026-10-01 ${t}:00`));
    const lone = call("2026-10-01 18:00:00");
    const findings = analyseCalls([...later, lone, ...barrage]);
    expect(findings.bursts).toMatchObject({ count: 2, callsInBursts: 8 });
    expect(findings.bursts.list.map((burst) => burst.calls)).toEqual([5, 3]);
  });

  it("suggests repeated calls but is not a strong finding", () => {
    const findings = analyseCalls(["10:00:00", "10:01:00", "10:02:00"].map((t) => call(`2026-10-01 ${t}`)));
    expect(findings.suggestedCategories).toEqual(["harassment.repeated_calls"]);
    expect(findings.strongFindings).toBe(0);
  });

  it("is a pattern, never a breach, under every pack", () => {
    const calls = ["10:00:00", "10:01:00", "10:02:00"].map((t) => call(`2026-10-01 ${t}`));
    for (const pack of RULE_PACK_IDS) {
      const burst = analyseCalls(calls, { pack }).results.find((r) => r.ruleId === "cw.burst");
      expect(burst).toMatchObject({ breached: false, pattern: true, strong: false, binding: "heuristic", count: 1 });
    }
    expect(analyseCalls(calls.slice(0, 2)).results.find((r) => r.ruleId === "cw.burst")).toMatchObject({ breached: false, pattern: false });
  });
});

describe("the whole picture", () => {
  const calls = [
    call("2026-10-01 21:14:00", { number: "+8613800138000", direction: "incoming", duration: 95 }), // Thursday
    call("2026-10-01 22:30:00", { number: "+8613800138000" }),
    call("2026-10-02 07:45:00", { number: "+861062345678", direction: "rejected" }),
    call("2026-10-02 12:00:00", { number: "+8613912345678", direction: "outgoing", duration: 60 }),
    call("2026-10-02 14:00:00", { number: "+864001234567" }),
    call("2026-10-02 14:30:00", { number: HIDDEN_NUMBER }),
  ];
  const findings = analyseCalls(calls, {
    collectorNumbers: ["+86 138 0013 8000", "(010) 6234 5678", "13500000000", ""],
  });

  it("counts calls, days and numbers", () => {
    expect(findings.totalCalls).toBe(5);
    expect(findings.byDirection).toEqual({ incoming: 1, missed: 3, outgoing: 1, rejected: 1, voicemail: 0, blocked: 0 });
    expect(findings.firstCallAt).toBe("2026-10-01T13:14:00.000Z");
    expect(findings.busiestDay).toEqual({ date: "2026-10-02", count: 3 });
    expect(findings.distinctNumbers).toBe(3);
    expect(findings.hiddenNumberCalls).toBe(1);
    expect(findings.topNumbers[0]).toEqual({ number: "+8613800138000", calls: 2 });
  });

  it("matches the named collector numbers however they were written", () => {
    expect(findings.collectorMatches).toEqual([
      { number: "+8613800138000", calls: 2 },
      { number: "+861062345678", calls: 1 },
    ]);
    expect(findings.unmatchedCollectorNumbers).toEqual(["+8613500000000"]);
  });

  it("suggests categories and counts strong findings", () => {
    expect(findings.outsideHours.count).toBe(2);
    expect(findings.suggestedCategories).toEqual(["harassment.inconvenient_hours"]);
    expect(findings.strongFindings).toBe(1);
  });

  it("fills a weekday × hour matrix, Monday first", () => {
    expect(findings.dayHourMatrix).toHaveLength(7);
    expect(findings.dayHourMatrix.every((row) => row.length === 24)).toBe(true);
    expect(findings.dayHourMatrix[3][21]).toBe(1); // Thursday 21:00
    expect(findings.dayHourMatrix[4][14]).toBe(2); // Friday 14:00
    expect(findings.dayHourMatrix.flat().reduce((a, b) => a + b, 0)).toBe(5);
  });

  it("is plain JSON", () => {
    expect(JSON.parse(JSON.stringify(findings))).toEqual(findings);
  });

  it("handles an empty log", () => {
    const empty = analyseCalls([]);
    expect(empty).toMatchObject({
      totalCalls: 0,
      busiestDay: null,
      firstCallAt: null,
      strongFindings: 0,
      suggestedCategories: [],
    });
    expect(empty.sevenDays).toMatchObject({ maxCalls: 0, from: null, to: null });
  });
});

describe("a large log", () => {
  // How fast this runs is measured in bench/, not asserted here: the machines are shared and noisy.
  it("analyses 10,000 synthetic calls under every pack and zone", () => {
    const calls = makeSyntheticCalls(10_000, 42);
    expect(makeSyntheticCalls(50, 7)).toEqual(makeSyntheticCalls(50, 7));
    for (const pack of RULE_PACK_IDS) {
      const findings = analyseCalls(calls, { pack, collectorNumbers: [calls[0].number] });
      expect(findings.totalCalls).toBeGreaterThan(9_000);
    }
    expect(analyseCalls(calls, { timeZone: "America/New_York" }).totalCalls).toBeGreaterThan(9_000);
  });
});

describe("rule packs", () => {
  const rules = RULE_PACK_IDS.flatMap((id) => rulesOf(RULE_PACKS[id]));

  it("give every rule a stable id, a source and wording in both languages", () => {
    for (const rule of rules) {
      expect(rule.id).toMatch(/^[a-z0-9_]+\.[a-z_]+$/);
      expect(BINDINGS).toContain(rule.binding);
      expect(rule.source.zh && rule.source.en && rule.wording.zh && rule.wording.en).toBeTruthy();
      expect(rule.categories.every((category) => (CATEGORIES as string[]).includes(category))).toBe(true);
    }
    const ids = new Set(rules.map((rule) => rule.id));
    expect(ids.size).toBe(new Set(rules).size);
  });

  it("keep the thresholds of the reference text", () => {
    expect(RULE_PACKS.china.quietHours).toMatchObject({ allowedFrom: "08:00:00", allowedUntil: "22:00:00" });
    expect(RULE_PACKS.china.connectedCallsPerDay?.maxPerDay).toBe(3);
    expect(RULE_PACKS.china.narrative.map((rule) => rule.id)).toEqual(["china.third_party_contact"]);
    expect(RULE_PACKS.us_reg_f.quietHours).toMatchObject({ allowedFrom: "08:00:00", allowedUntil: "21:00:00" });
    expect(RULE_PACKS.us_reg_f.callsInDays).toMatchObject({ maxCalls: 7, days: 7 });
    expect(RULE_PACKS.us_reg_f.afterConversation?.days).toBe(7);
  });

  it("fill wording placeholders from a finding's params", () => {
    const findings = analyseCalls([call("2026-10-01 22:30:00")], { pack: "china" });
    const rule = RULE_PACKS.china.quietHours;
    expect(fillWording(rule.wording.en, findings.results[0].params)).toBe("Calls between 22:00 and 08:00 the next morning, when collection is not allowed: 1");
    expect(fillWording("{{count}} {{missing}}", { count: 2 })).toBe("2 {{missing}}");
  });
});

describe("GB/T 45251—2025", () => {
  const pack = "gbt_45251" as const;

  it("forbids 22:00 to 08:00", () => {
    const at = (time: string) => analyseCalls([call(`2026-10-01 ${time}`)], { pack }).outsideHours.count;
    expect([at("21:59:59"), at("22:00:00"), at("07:59:59"), at("08:00:00")]).toEqual([0, 1, 1, 0]);
  });

  it("allows 3 effective (connected) calls a day and flags the 4th; unanswered calls are not effective", () => {
    const three = ["09:00", "10:00", "11:00"].map((t) => connected(`2026-10-01 ${t}:00`));
    const missed = ["12:00", "13:00", "14:00"].map((t) => call(`2026-10-01 ${t}:00`));
    const quiet = analyseCalls([...three, ...missed, call("2026-10-01 15:00:00", { direction: "incoming", duration: 0 })], { pack });
    expect(quiet.results.find((r) => r.ruleId === "gbt_45251.effective_calls_per_day")).toMatchObject({ breached: false, binding: "national_standard" });
    const four = analyseCalls([...three, connected("2026-10-01 16:00:00")], { pack });
    expect(four.results.find((r) => r.ruleId === "gbt_45251.effective_calls_per_day")).toMatchObject({
      breached: true,
      strong: true,
      binding: "national_standard",
      count: 1,
    });
    expect(four.strongFindings).toBe(1);
  });

  it("cites third-party contact and says what a log cannot test of it", () => {
    const [thirdParty] = RULE_PACKS.gbt_45251.narrative;
    expect(thirdParty.id).toBe("gbt_45251.third_party_contact");
    expect(thirdParty.whatALogShows?.en).toContain("cannot show whom else the collector called");
    expect(RULE_PACKS.gbt_45251.binding).toBe("national_standard");
  });
});

describe("the China Banking Association's 2026 guideline", () => {
  const pack = "cba_2026" as const;
  const unanswered = (findings: ReturnType<typeof analyseCalls>) => findings.results.find((r) => r.ruleId === "cba_2026.unanswered_calls_per_day");

  it("forbids 22:00 to 08:00", () => {
    const findings = analyseCalls([call("2026-10-01 22:00:00"), call("2026-10-02 08:00:00")], { pack });
    expect(findings.outsideHours).toMatchObject({ ruleId: "cba_2026.collection_hours", count: 1 });
    expect(findings.results[0]).toMatchObject({ breached: true, binding: "industry_guideline" });
  });

  it("allows 6 unanswered attempts a day and flags the 7th; connected calls do not count", () => {
    const six = [
      call("2026-10-01 09:00:00", { direction: "missed" }),
      call("2026-10-01 09:10:00", { direction: "rejected" }),
      call("2026-10-01 09:20:00", { direction: "blocked" }),
      call("2026-10-01 09:30:00", { direction: "voicemail" }),
      call("2026-10-01 09:40:00", { direction: "incoming", duration: 0 }),
      call("2026-10-01 09:50:00", { direction: "missed" }),
    ];
    const withConnected = analyseCalls([...six, connected("2026-10-01 11:00:00"), call("2026-10-02 09:00:00")], { pack });
    expect(unanswered(withConnected)).toMatchObject({ breached: false, count: 0 });
    expect(withConnected.unansweredPerDay).toMatchObject({ limit: 6, mostInADay: 6, daysOverLimit: [] });
    const seventh = call("2026-10-01 12:00:00");
    const over = analyseCalls([...six, seventh], { pack });
    expect(unanswered(over)).toMatchObject({ breached: true, strong: true, binding: "industry_guideline", count: 1 });
    expect(unanswered(over)?.lines).toEqual([...six, seventh].map((c) => c.line));
    expect(over.suggestedCategories).toContain("harassment.repeated_calls");
  });

  it("never allows unrelated third parties", () => {
    expect(RULE_PACKS.cba_2026.narrative[0]).toMatchObject({ id: "cba_2026.third_party_contact", binding: "industry_guideline" });
    expect(RULE_PACKS.cba_2026.binding).toBe("industry_guideline");
  });
});

describe("bindingness and the default pack", () => {
  it("states how binding each pack is", () => {
    expect(Object.fromEntries(RULE_PACK_IDS.map((id) => [id, RULE_PACKS[id].binding]))).toEqual({
      gbt_45251: "national_standard",
      cba_2026: "industry_guideline",
      china: "industry_guideline",
      us_reg_f: "regulation",
    });
    expect(isHeuristic(RULE_PACKS.china.burst)).toBe(true);
    expect(RULE_PACKS.china.narrative[0].binding).toBe("law");
  });

  it("follows the creditor's kind", () => {
    expect(defaultPackFor("bank")).toBe("cba_2026");
    expect(defaultPackFor("consumer_finance")).toBe("gbt_45251");
    expect(defaultPackFor("online_lender")).toBe("gbt_45251");
    expect(defaultPackFor(null)).toBe(DEFAULT_RULE_PACK);
    expect(defaultPackFor("pawnshop")).toBe("gbt_45251");
  });
});
