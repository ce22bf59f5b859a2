import { describe, expect, it } from "vitest";
import { eventHash, firstBrokenEvent, GENESIS_HASH, type ChainedEvent } from "./audit-chain";

function chain(count: number): ChainedEvent[] {
  const events: ChainedEvent[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= count; i++) {
    const content = {
      complaintId: 1,
      type: "comment",
      actorRole: "consumer",
      actorId: null,
      fromStatus: "submitted",
      toStatus: "submitted",
      note: `note ${i}`,
      public: true,
      createdAt: new Date(Date.UTC(2026, 10, i)),
    };
    const hash = eventHash(content, prev);
    events.push({ ...content, id: i, prevHash: prev, hash });
    prev = hash;
  }
  return events;
}

describe("audit chain", () => {
  it("holds when nothing was touched", () => {
    expect(firstBrokenEvent(chain(5))).toBeNull();
  });

  it("names an edited event", () => {
    const events = chain(5);
    events[2] = { ...events[2], note: "rewritten" };
    expect(firstBrokenEvent(events)).toEqual({ id: 3, reason: "hash" });
  });

  it("names the event after a removed one", () => {
    const events = chain(5);
    events.splice(1, 1);
    expect(firstBrokenEvent(events)).toEqual({ id: 3, reason: "prev" });
  });

  it("notices reordering", () => {
    const events = chain(4);
    [events[1], events[2]] = [events[2], events[1]];
    expect(firstBrokenEvent(events)).toEqual({ id: 3, reason: "prev" });
  });
});
