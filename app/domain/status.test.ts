import { describe, expect, it } from "vitest";
import { canTransition, isOpen, STATUSES, TRANSITIONS, type Transition } from "./status";

describe("status machine", () => {
  const allowed: Record<Transition, string[]> = {
    route_to_bank: ["submitted"],
    route_to_regulator: ["submitted"],
    reject: ["submitted"],
    respond: ["routed_to_bank"],
    accept: ["responded"],
    dispute: ["responded"],
    miss_deadline: ["routed_to_bank"],
    close_unanswered: ["responded"],
    conclude: ["routed_to_regulator", "escalated"],
    withdraw: ["submitted", "routed_to_bank", "routed_to_regulator", "responded", "escalated"],
  };

  for (const transition of Object.keys(TRANSITIONS) as Transition[]) {
    for (const status of STATUSES) {
      const expected = allowed[transition].includes(status);
      it(`${transition} from ${status} is ${expected ? "allowed" : "refused"}`, () => {
        expect(canTransition(status, transition)).toBe(expected);
      });
    }
  }

  it("knows closed, rejected and withdrawn are final", () => {
    expect(STATUSES.filter((s) => !isOpen(s))).toEqual(["closed", "rejected", "withdrawn"]);
  });
});
