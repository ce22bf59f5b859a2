import { describe, expect, it } from "vitest";
import { ComplaintFacts, type ComplaintFact } from "./complaint-facts";

const julian = (iso: string) => (Date.parse(iso) + 210866760000000) / 86400000;
const NOW = new Date("2026-06-30T00:00:00Z");
const names = (id: string) => ({ cmb: "招商银行", icbc: "工商银行" })[id];

function fact(overrides: Partial<ComplaintFact> = {}): ComplaintFact {
  return {
    institutionId: "cmb",
    institutionName: "招商银行",
    agency: "某某资产管理有限公司",
    product: "credit_card",
    region: "310000",
    status: "submitted",
    outcome: null,
    day: "2026-06-01",
    month: "2026-06",
    routedToBank: false,
    responseDueJulian: null,
    responded: false,
    answeredInTime: false,
    escalated: false,
    disputed: false,
    categories: [{ category: "harassment.repeated_calls", substantiated: false }],
    callLog: null,
    ...overrides,
  };
}

describe("the one-pass count", () => {
  it("counts a bank's unanswered complaint as due only once the deadline in force has passed", () => {
    const facts = new ComplaintFacts();
    const routed = { routedToBank: true, status: "routed_to_bank" };
    facts.set(1, fact({ ...routed, responseDueJulian: julian("2026-06-29T23:59:59.999Z") })); // passed 1 ms ago: due
    facts.set(2, fact({ ...routed, responseDueJulian: julian("2026-06-30T00:00:00.000Z") })); // ends now: not yet
    facts.set(3, fact({ ...routed, responseDueJulian: julian("2026-07-01T00:00:00.000Z") })); // extended: not yet
    facts.set(4, fact({ ...routed, responseDueJulian: julian("2026-07-10T00:00:00.000Z"), responded: true, answeredInTime: true }));
    facts.set(5, fact({ routedToBank: false })); // with the regulator: no creditor's deadline
    const { totals, byInstitution } = facts.count({}, NOW, names);
    expect(totals).toMatchObject({ total: 5, routedToBank: 4, responded: 1, bankDue: 2, answeredInTime: 1 });
    expect(byInstitution).toEqual([{ id: "cmb", name: "招商银行", count: 5, due: 2, inTime: 1 }]);
  });

  it("matches an institution by its id or by the name typed, and groups typed names apart", () => {
    const facts = new ComplaintFacts();
    facts.set(1, fact());
    facts.set(2, fact({ institutionId: null, institutionName: "招商银行" }));
    facts.set(3, fact({ institutionId: null, institutionName: "某某网络小贷" }));
    facts.set(4, fact({ institutionId: "icbc", institutionName: "工商银行" }));
    expect(facts.count({ institution: "cmb" }, NOW, names).totals.total).toBe(1);
    expect(facts.count({ institution: "招商银行" }, NOW, names).totals.total).toBe(2);
    expect(facts.count({ institution: "nobody" }, NOW, names).totals.total).toBe(0);
    expect(facts.count({}, NOW, (id) => (id === "cmb" ? "China Merchants Bank" : undefined)).byInstitution).toEqual([
      { id: "cmb", name: "China Merchants Bank", count: 1, due: 0, inTime: 0 },
      { id: "icbc", name: "icbc", count: 1, due: 0, inTime: 0 },
      { id: null, name: "招商银行", count: 1, due: 0, inTime: 0 },
      { id: null, name: "某某网络小贷", count: 1, due: 0, inTime: 0 },
    ]);
  });

  it("filters by days in China's calendar, both ends included, and by category", () => {
    const facts = new ComplaintFacts();
    facts.set(1, fact({ day: "2026-05-31", month: "2026-05" }));
    facts.set(2, fact({ day: "2026-06-01", categories: [{ category: "third_party.family", substantiated: true }] }));
    facts.set(3, fact({ day: "2026-06-30" }));
    facts.set(4, fact({ day: "2026-07-01", month: "2026-07" }));
    const june = facts.count({ from: "2026-06-01", to: "2026-06-30" }, NOW, names);
    expect(june.totals.total).toBe(2);
    expect(june.months).toEqual([{ month: "2026-06", count: 2 }]);
    const family = facts.count({ category: "third_party.family" }, NOW, names);
    expect(family.totals.total).toBe(1);
    expect(family.byCategory).toEqual([{ category: "third_party.family", alleged: 1, substantiated: 1, foundByReviewer: 0 }]);
    expect(facts.count({ to: "2026-05-31" }, NOW, names).totals.total).toBe(1);
  });

  it("counts a category a reviewer found apart from what consumers alleged, and filters only by the alleged", () => {
    const facts = new ComplaintFacts();
    const found = { category: "harassment.inconvenient_hours", substantiated: true, alleged: false };
    facts.set(1, fact({ categories: [{ category: "harassment.repeated_calls", substantiated: true }, found] }));
    facts.set(2, fact({ categories: [{ category: "harassment.inconvenient_hours", substantiated: true }] }));
    facts.set(3, fact());
    expect(facts.count({}, NOW, names).byCategory).toEqual([
      { category: "harassment.repeated_calls", alleged: 2, substantiated: 1, foundByReviewer: 0 },
      { category: "harassment.inconvenient_hours", alleged: 1, substantiated: 1, foundByReviewer: 1 },
    ]);
    expect(facts.count({ category: "harassment.inconvenient_hours" }, NOW, names).totals.total).toBe(1);
    // Reloaded without the finding (withdrawn): nothing of it stays.
    facts.set(1, fact());
    expect(facts.count({}, NOW, names).byCategory.find((c) => c.category === "harassment.inconvenient_hours")).toMatchObject({ foundByReviewer: 0 });
  });

  it("counts call logs as the SQL does: a missing number adds nothing and falls in the last band", () => {
    const facts = new ComplaintFacts();
    const log = { totalCalls: 40, outsideHours: 0, distinctNumbers: 1, strong: false, breachedRules: [] };
    facts.set(1, fact({ callLog: log }));
    facts.set(2, fact({ callLog: { ...log, outsideHours: 12, distinctNumbers: 5, strong: true, breachedRules: ["china.collection_hours", "cw.burst"] } }));
    facts.set(3, fact({ callLog: { ...log, totalCalls: null, outsideHours: null, distinctNumbers: null } }));
    facts.set(4, fact());
    expect(facts.count({}, NOW, names).callLogs).toEqual({
      complaints: 3,
      calls: 80,
      outside: 12,
      withStrong: 1,
      byRule: [
        { ruleId: "china.collection_hours", count: 1 },
        { ruleId: "cw.burst", count: 1 },
      ],
      byOutsideHours: [1, 0, 0, 1, 1],
      byNumbers: [1, 0, 1, 1],
    });
  });

  it("replaces a complaint in place and forgets a deleted one", () => {
    const facts = new ComplaintFacts();
    facts.set(7, fact({ status: "submitted" }));
    facts.set(7, fact({ status: "closed", outcome: "explanation", escalated: true, disputed: true }));
    facts.set(3000, fact());
    facts.delete(3000);
    facts.delete(12); // never held
    const counts = facts.count({}, NOW, names);
    expect(facts.size).toBe(1);
    expect(counts.byStatus).toEqual([{ key: "closed", count: 1 }]);
    expect(counts.outcomes).toEqual([{ key: "explanation", count: 1 }]);
    expect(counts.totals).toMatchObject({ total: 1, escalated: 1, disputed: 1 });
  });
});

describe("the ?by= tables", () => {
  it("key each group as SQL groups it: a directory id or else the typed name, one group for a missing or empty agency", () => {
    const facts = new ComplaintFacts();
    facts.set(1, fact());
    facts.set(2, fact({ institutionId: null, institutionName: "cmb", agency: null }));
    facts.set(3, fact({ institutionId: null, institutionName: "某某网络小贷", agency: "" }));
    facts.set(4, fact({ agency: null, categories: [{ category: "privacy.contacts", substantiated: false, alleged: false }] }));
    const sorted = (rows: { key: string; count: number }[]) => rows.sort((a, b) => a.key.localeCompare(b.key));
    // A name typed as "cmb" falls into the directory's group, as COALESCE(institutionId, institutionName) does.
    expect(sorted(facts.countBy({}, "institution"))).toEqual([
      { key: "cmb", count: 3 },
      { key: "某某网络小贷", count: 1 },
    ]);
    expect(sorted(facts.countBy({}, "agency"))).toEqual([
      { key: "", count: 3 },
      { key: "某某资产管理有限公司", count: 1 },
    ]);
    // What the consumer alleged; a reviewer's own finding is not a group.
    expect(facts.countBy({}, "category")).toEqual([{ key: "harassment.repeated_calls", count: 3 }]);
    expect(facts.countBy({ institution: "某某网络小贷" }, "month")).toEqual([{ key: "2026-06", count: 1 }]);
    facts.delete(1);
    expect(facts.countBy({ agency: "某某资产管理有限公司" }, "status")).toEqual([]);
  });
});
