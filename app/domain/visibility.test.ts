import { describe, expect, it } from "vitest";
import { canSeePart, eventAudiences, internalAuthorsReadBy } from "./visibility";

describe("who reads what", () => {
  it("keeps a regulator's internal notes from banks and consumers, and a bank's from consumers", () => {
    expect(eventAudiences({ public: false, actorRole: "regulator" })).toEqual(["regulator"]);
    expect(eventAudiences({ public: false, actorRole: "bank" })).toEqual(["bank", "regulator"]);
    expect(eventAudiences({ public: false, actorRole: "someone new" })).toEqual(["regulator"]);
    expect(eventAudiences({ public: true, actorRole: "bank" })).toEqual(["consumer", "bank", "regulator"]);
  });

  it("gives a database filter that agrees with the table", () => {
    expect(internalAuthorsReadBy("consumer")).toEqual([]);
    expect(internalAuthorsReadBy("bank")).toEqual(["bank"]);
    expect(internalAuthorsReadBy("regulator").sort()).toEqual(["bank", "consumer", "regulator", "system"]);
    expect(internalAuthorsReadBy("analyst")).toEqual([]);
  });

  it("shows the suggested route and findings to the regulator only", () => {
    expect(canSeePart("bank", "suggestion")).toBe(false);
    expect(canSeePart("bank", "substantiation")).toBe(false);
    expect(canSeePart("regulator", "suggestion")).toBe(true);
    expect(canSeePart("analyst", "account")).toBe(false);
  });
});
