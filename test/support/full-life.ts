import { expect } from "vitest";
import type { Client } from "./client";
import { runCli } from "./cli";
import { fixtureFile } from "./filing";
import { act, consumerAct, fileComplaint } from "./reviewer";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A life of changes over HTTP, for tests that count what it leaves behind: five filings (one with a
 * call log), routing, a corrected creditor, a rejection, an extension, responses, a dispute, a
 * substantiated finding and a conclusion. The server must run with four-second days and have the
 * regulator and cmb's reviewer signed in. Past the bank's limit the deadline job (another process)
 * escalates the one complaint left unanswered.
 */
export async function liveAFullLife(url: string, dataDir: string, regulator: Client, bank: Client) {
  const answered = await fileComplaint(url, { categories: ["harassment.repeated_calls", "third_party.family"], region: "440000" });
  const extended = await fileComplaint(url, { product: "online_loan", agency: null });
  const missed = await fileComplaint(url, { categories: ["privacy.disclosure"] });
  const withLog = await fileComplaint(url, { institution: "某某网络小贷", categories: ["harassment.inconvenient_hours"] }, [
    { field: "callLog", file: fixtureFile("calllog.csv") },
  ]);
  const rejected = await fileComplaint(url, { region: "110000" });

  for (const code of [answered.code, extended.code, missed.code])
    expect((await act(regulator, code, { intent: "route", route: "bank", reason: "由银行先行处理" })).status).toBe(302);
  expect((await act(regulator, withLog.code, { intent: "route", route: "regulator", reason: "监管人员直接处理" })).status).toBe(302);
  // The regulator finds the lender's name was the consumer's guess: the counts move to the institution.
  expect((await act(regulator, withLog.code, { intent: "correct_creditor", institutionId: "icbc" })).status).toBe(302);
  expect((await act(regulator, rejected.code, { intent: "reject", reason: "不属于催收投诉" })).status).toBe(302);
  expect((await act(bank, extended.code, { intent: "extend", reason: "需要调取录音。" })).status).toBe(302);
  expect((await act(bank, extended.code, { intent: "respond", outcome: "explanation", message: "已核实并处理。" })).status).toBe(302);
  expect((await act(bank, answered.code, { intent: "respond", outcome: "non_monetary_relief", message: "已更换催收公司。" })).status).toBe(302);
  expect((await consumerAct(answered.consumer, answered.code, { intent: "dispute", message: "他们今天又打来了。" })).status).toBe(302);
  expect((await act(regulator, answered.code, { intent: "substantiate", category: "third_party.family", substantiated: "yes" })).status).toBe(302);
  expect((await act(regulator, answered.code, { intent: "conclude", finding: "substantiated", message: "催收行为违规，已责令整改。" })).status).toBe(302);

  await pause(4500);
  expect(runCli("deadlines", [], dataDir).stdout).toContain(`${missed.code}: routed_to_bank → escalated`);
  return { answered, extended, missed, withLog, rejected };
}
