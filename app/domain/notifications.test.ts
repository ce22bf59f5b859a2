import { describe, expect, it } from "vitest";
import { noticesFor } from "./notifications";

describe("who is told of an event", () => {
  it("tells the consumer what others did to their complaint", () => {
    expect(noticesFor("info_requested", "routed_to_bank")).toEqual([{ audience: "consumer", kind: "info_requested" }]);
    expect(noticesFor("responded", "responded")).toEqual([{ audience: "consumer", kind: "responded" }]);
    expect(noticesFor("extended", "routed_to_bank")).toEqual([{ audience: "consumer", kind: "extended" }]);
    expect(noticesFor("miss_deadline", "escalated")).toEqual([{ audience: "consumer", kind: "escalated" }]);
    for (const type of ["concluded", "close_unanswered", "rejected"]) expect(noticesFor(type, "closed")).toEqual([{ audience: "consumer", kind: "closed" }]);
  });

  it("does not tell the consumer of their own steps", () => {
    for (const type of ["filed", "accepted", "disputed", "info_answered", "key_changed"]) {
      expect(noticesFor(type, "closed").filter((n) => n.audience === "consumer")).toEqual([]);
    }
  });

  it("tells a bank of a complaint routed to it, and both desks of a dispute", () => {
    expect(noticesFor("routed", "routed_to_bank")).toEqual([{ audience: "bank", kind: "routed_to_you" }]);
    expect(noticesFor("routed", "routed_to_regulator")).toEqual([]);
    expect(noticesFor("disputed", "escalated").map((n) => n.audience)).toEqual(["regulator", "bank"]);
  });

  it("says nothing of internal notes", () => {
    expect(noticesFor("note", "routed_to_bank")).toEqual([]);
    expect(noticesFor("substantiated", "routed_to_bank")).toEqual([]);
  });
});
