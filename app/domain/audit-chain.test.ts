import { describe, expect, it } from "vitest";
import { complaintStateDigest, eventHash, firstBrokenEvent, GENESIS_HASH, sealOf, type ChainedEvent, type ComplaintState } from "./audit-chain";

const sealKey = Buffer.alloc(32, 7);

function chain(count: number, key = sealKey): ChainedEvent[] {
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
      stateDigest: "a".repeat(64),
    };
    const hash = eventHash(content, prev);
    events.push({ ...content, id: i, prevHash: prev, hash, seal: sealOf(key, hash) });
    prev = hash;
  }
  return events;
}

/** What someone with the database but not the key can do: rewrite from `from` on and recompute every hash after it. */
function recompute(events: ChainedEvent[], from: number) {
  let prev = from === 0 ? GENESIS_HASH : events[from - 1].hash;
  for (const event of events.slice(from)) {
    event.prevHash = prev;
    event.hash = eventHash(event, prev, event.seal != null);
    prev = event.hash;
  }
}

describe("audit chain", () => {
  it("holds when nothing was touched", () => {
    expect(firstBrokenEvent(chain(5), GENESIS_HASH, sealKey)).toBeNull();
  });

  it("names an edited event", () => {
    const events = chain(5);
    events[2] = { ...events[2], note: "rewritten" };
    expect(firstBrokenEvent(events)).toEqual({ id: 3, reason: "hash" });
  });

  it("names an event whose state digest was changed", () => {
    const events = chain(5);
    events[3] = { ...events[3], stateDigest: "b".repeat(64) };
    expect(firstBrokenEvent(events)).toEqual({ id: 4, reason: "hash" });
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

  it("names the first recomputed event by its seal, with the key", () => {
    const events = chain(6);
    events[2].note = "rewritten";
    recompute(events, 2);
    // Without the key the hashes alone hold: that is what the seal and the signed head are for.
    expect(firstBrokenEvent(events)).toBeNull();
    expect(firstBrokenEvent(events, GENESIS_HASH, sealKey)).toEqual({ id: 3, reason: "seal" });
  });

  it("does not let a seal be dropped to fall back to the old formula", () => {
    const events = chain(4);
    events[2].seal = null;
    events[2].stateDigest = null;
    events[3].seal = null;
    recompute(events, 2);
    expect(firstBrokenEvent(events)).toEqual({ id: 3, reason: "unsealed" });
  });

  it("still verifies events written before seals and digests", () => {
    const content = { complaintId: 1, type: "filed", actorRole: "consumer", actorId: null, fromStatus: null, toStatus: "submitted", note: null, public: true };
    const old = { ...content, createdAt: new Date(Date.UTC(2026, 0, 1)) };
    const first = { ...old, id: 1, prevHash: GENESIS_HASH, hash: eventHash(old, GENESIS_HASH, false), seal: null };
    const next = { ...old, createdAt: new Date(Date.UTC(2026, 0, 2)), stateDigest: "c".repeat(64) };
    const hash = eventHash(next, first.hash);
    const second = { ...next, id: 2, prevHash: first.hash, hash, seal: sealOf(sealKey, hash) };
    expect(firstBrokenEvent([first, second], GENESIS_HASH, sealKey)).toBeNull();
  });
});

describe("complaint state digest", () => {
  const state: ComplaintState = {
    code: "CW-2026-000001",
    createdAt: new Date("2026-11-01T02:00:00.000Z"),
    source: "web",
    externalId: null,
    status: "routed_to_bank",
    institutionId: "cmb",
    institutionName: "招商银行",
    agency: null,
    product: "credit_card",
    region: "310000",
    incidentStart: "2026-10-01",
    incidentEnd: null,
    narrative: "每天晚上打电话。",
    desiredResolution: null,
    priorComplaint: false,
    consent: true,
    routedTo: "bank",
    routedAt: new Date("2026-11-02T02:00:00.000Z"),
    dueAt: new Date("2026-11-17T02:00:00.000Z"),
    extensionLevel: 0,
    extensionReason: null,
    awaitingInfo: false,
    outcome: null,
    respondedAt: null,
    finding: null,
    duplicateOfId: null,
    closedAt: null,
    categories: [
      { category: "third_party.family", substantiated: null },
      { category: "harassment.repeated_calls", substantiated: true },
    ],
    collectorPhones: ["13800000002", "13800000001"],
    evidence: ["b".repeat(64), "a".repeat(64)],
  };

  it("keeps the digests recorded when the extension was a boolean, and tells the ladder's top step apart", () => {
    // Computed by the digest as it was before extensionLevel replaced "extended" (false, then true).
    expect(complaintStateDigest(state)).toBe("69a2baf6953a80868ccf3eba1ea935a4a13d73a3a45afc9cdff3dd040e20a8e2");
    expect(complaintStateDigest({ ...state, extensionLevel: 1, extensionReason: "x" })).toBe(
      "33c0e11649290eadf783b78e8dcff467d61f6776f33c4ae54248fef03e2d6853",
    );
    expect(complaintStateDigest({ ...state, extensionLevel: 2, extensionReason: "x" })).not.toBe(
      complaintStateDigest({ ...state, extensionLevel: 1, extensionReason: "x" }),
    );
  });

  it("keeps the digests of alleged categories, and tells a category a reviewer found apart", () => {
    const alleged = { ...state, categories: state.categories.map((c) => ({ ...c, alleged: true })) };
    expect(complaintStateDigest(alleged)).toBe("69a2baf6953a80868ccf3eba1ea935a4a13d73a3a45afc9cdff3dd040e20a8e2");
    const found = { category: "harassment.inconvenient_hours", substantiated: true };
    expect(complaintStateDigest({ ...state, categories: [...state.categories, { ...found, alleged: false }] })).not.toBe(
      complaintStateDigest({ ...state, categories: [...state.categories, found] }),
    );
  });

  it("does not depend on the order rows come back in", () => {
    const reordered = {
      ...state,
      categories: [...state.categories].reverse(),
      collectorPhones: [...state.collectorPhones].reverse(),
      evidence: [...state.evidence].reverse(),
    };
    expect(complaintStateDigest(reordered)).toBe(complaintStateDigest(state));
  });

  it("changes with every field that matters", () => {
    const digest = complaintStateDigest(state);
    const changes: Partial<ComplaintState>[] = [
      { status: "closed" },
      { routedTo: "regulator" },
      { institutionId: "icbc" },
      { dueAt: new Date("2026-12-01T00:00:00.000Z") },
      { outcome: "explanation" },
      { finding: "substantiated" },
      { narrative: "改过的陈述" },
      { categories: [{ category: "harassment.repeated_calls", substantiated: false }, state.categories[0]] },
      { evidence: ["b".repeat(64), "d".repeat(64)] },
      { evidence: ["b".repeat(64)] },
      { collectorPhones: ["13800000001"] },
    ];
    for (const change of changes) expect(complaintStateDigest({ ...state, ...change }), JSON.stringify(change)).not.toBe(digest);
  });
});
