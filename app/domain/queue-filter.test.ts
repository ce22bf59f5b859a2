import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, parseQueueFilter } from "./queue-filter";

describe("the queue's cursor", () => {
  it("reads back what it wrote", () => {
    const dueAt = new Date("2026-11-20T08:00:00Z");
    expect(decodeCursor(encodeCursor(dueAt, 42))).toEqual({ dueAt, id: 42 });
  });

  it("refuses garbage and instants or ids the database cannot hold", () => {
    for (const cursor of ["zzz", "", "1_", "_1", "1.5_2", "999999999999999_1", "253402300800000_1", "1_99999999999", "1_2147483648"]) {
      expect(decodeCursor(cursor)).toBeNull();
    }
    expect(decodeCursor("253402300799999_2147483647")).not.toBeNull();
  });
});

describe("parseQueueFilter", () => {
  it("keeps what it understands and names what it left out", () => {
    const { filter, rejected } = parseQueueFilter(new URLSearchParams("product=spaceship&region=440000&after=zzz&overdue=1"));
    expect(filter).toMatchObject({ region: "440000", overdue: "1", product: undefined, after: undefined });
    expect(rejected.sort()).toEqual(["after", "product"]);
  });

  it("reads the search, the mine filter and a backward cursor", () => {
    const { filter, rejected } = parseQueueFilter(new URLSearchParams("q=%20CW-2026-000001%20&mine=1&before=1700000000000_7"));
    expect(filter).toMatchObject({ q: "CW-2026-000001", mine: "1", before: "1700000000000_7" });
    expect(rejected).toEqual([]);
    expect(parseQueueFilter(new URLSearchParams("before=zzz&mine=yes")).rejected.sort()).toEqual(["before", "mine"]);
  });

  it("leaves empty fields alone: a submitted filter form sends them", () => {
    expect(parseQueueFilter(new URLSearchParams("product=&category=&status=open")).rejected).toEqual([]);
  });
});
