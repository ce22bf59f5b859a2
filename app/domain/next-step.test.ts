import { describe, expect, it } from "vitest";
import { i18nFor } from "~/i18n/i18n";
import { periodEnd } from "./calendar/legal-period";
import { infoAnswerDue } from "./info-request";
import { nextStep, sayLine, type NextStep, type NextStepComplaint } from "./next-step";

/** A moment in Beijing time. */
const beijing = (text: string) => new Date(`${text}+08:00`);
// The creditor's period ends at 24:00 on 8 December 2026 (Beijing), i.e. 00:00 on the 9th.
const creditorDue = beijing("2026-12-09T00:00:00");
const now = beijing("2026-11-30T10:00:00");

function complaint(changes: Partial<NextStepComplaint> = {}): NextStepComplaint {
  return {
    status: "routed_to_bank",
    awaitingInfo: false,
    infoDueAt: null,
    dueAt: creditorDue,
    creditor: "招商银行",
    extensionLevel: 0,
    extensionReason: null,
    outcome: null,
    finding: null,
    ...changes,
  };
}

/** The step as a reader of each language sees it: the headline, then the details. */
function read(step: NextStep, locale: "zh-CN" | "en"): string[] {
  const t = i18nFor(locale).t;
  return [step.headline, ...step.details].map((line) => sayLine(line, (key, values) => t(key, values), locale));
}

describe("what happens next on a complaint", () => {
  it("names the creditor and the last day it has to respond, not the instant after", () => {
    const step = nextStep(complaint(), now);
    expect(step.turn).toBe("creditor");
    expect(step.form).toBeNull();
    expect(read(step, "zh-CN")).toEqual(["招商银行需在 2026年12月8日前答复"]);
    expect(read(nextStep(complaint({ creditor: "China Merchants Bank" }), now), "en")).toEqual(["China Merchants Bank must respond by 8 December 2026"]);
  });

  it("after an extension, says the new date and the reason", () => {
    const step = nextStep(complaint({ extensionLevel: 1, extensionReason: "需要调取通话录音", dueAt: beijing("2026-12-24T00:00:00") }), now);
    expect(read(step, "zh-CN")).toEqual(["招商银行需在 2026年12月23日前答复", "答复期限已延长。理由：需要调取通话录音"]);
  });

  it('says a creditor\'s "in progress" leaves its date as it was', () => {
    expect(read(nextStep(complaint({ outcome: "in_progress" }), now), "zh-CN")).toEqual([
      "招商银行需在 2026年12月8日前答复",
      "招商银行表示正在处理，答复期限不变。",
    ]);
  });

  it("asks the consumer for information by their date, with the form, and says the creditor's date still runs", () => {
    const infoDueAt = infoAnswerDue(beijing("2026-12-09T15:00:00")); // 10 days: the 19th, a Saturday, moves to Monday the 21st
    const step = nextStep(complaint({ awaitingInfo: true, infoDueAt }), now);
    expect(step.turn).toBe("consumer");
    expect(step.form).toBe("answer_info");
    expect(read(step, "zh-CN")).toEqual(["请在 2026年12月21日前补充材料", "招商银行需在 2026年12月8日前答复"]);
    expect(read(step, "en")[0]).toBe("Please provide the information by 21 December 2026");
  });

  it("still takes the answer once the consumer's date has passed, and says so", () => {
    const step = nextStep(complaint({ status: "submitted", awaitingInfo: true, infoDueAt: beijing("2026-11-30T00:00:00") }), now);
    expect(step.form).toBe("answer_info");
    expect(read(step, "zh-CN")[0]).toBe("补充材料的期限（2026年11月29日）已过，您仍可补充");
  });

  it("asks for information without a date when the request was made before requests had one", () => {
    expect(read(nextStep(complaint({ awaitingInfo: true }), now), "zh-CN")[0]).toBe("请补充材料");
  });

  it("asks the consumer to accept or dispute a response by its date, saying what silence means", () => {
    const step = nextStep(complaint({ status: "responded", outcome: "explanation", dueAt: periodEnd(beijing("2026-12-08T09:00:00"), 15) }), now);
    expect(step.turn).toBe("consumer");
    expect(step.form).toBe("accept_or_dispute");
    expect(read(step, "zh-CN")).toEqual(["请在 2026年12月23日前选择接受或申诉", "逾期未选择的，投诉将按已接受答复办结。", "招商银行的答复：办结：作出解释"]);
  });

  it("gives triage and the regulator their dates", () => {
    const triage = nextStep(complaint({ status: "submitted", dueAt: beijing("2026-12-03T00:00:00") }), now);
    expect(triage.turn).toBe("triage");
    expect(read(triage, "zh-CN")).toEqual(["工作人员正在审核您的投诉，会在 2026年12月2日前转交处理"]);
    const regulator = nextStep(complaint({ status: "escalated", dueAt: beijing("2027-02-01T00:00:00") }), now);
    expect(regulator.turn).toBe("regulator");
    expect(read(regulator, "en")).toEqual([
      "A regulator must decide by 31 January 2027",
      "招商银行 did not respond in time, so a regulator now handles the complaint.",
    ]);
    const disputed = nextStep(complaint({ status: "escalated", outcome: "explanation", dueAt: beijing("2027-02-01T00:00:00") }), now);
    expect(read(disputed, "zh-CN")).toEqual(["监管人员需在 2027年1月31日前给出结论", "您对答复提出了申诉，投诉已转交监管人员。"]);
  });

  it("says how a closed complaint ended: the regulator's finding, else the response the consumer accepted", () => {
    expect(read(nextStep(complaint({ status: "closed", outcome: "explanation", finding: "substantiated" }), now), "zh-CN")).toEqual([
      "投诉已办结。监管结论：属实",
    ]);
    expect(read(nextStep(complaint({ status: "closed", outcome: "explanation" }), now), "zh-CN")).toEqual(["投诉已办结：作出解释"]);
    expect(read(nextStep(complaint({ status: "closed", outcome: "monetary_relief" }), now), "en")).toEqual(["Closed with monetary relief"]);
    expect(read(nextStep(complaint({ status: "rejected" }), now), "zh-CN")).toEqual(["投诉未受理，原因见处理记录"]);
    const withdrawn = nextStep(complaint({ status: "withdrawn", awaitingInfo: true }), now);
    expect(withdrawn).toMatchObject({ turn: "none", form: null });
  });
});
