import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { creditorDueSql, isPastDue, isTimely, timelySql } from "./timely";

const due = new Date("2026-10-15T16:00:00.000Z"); // 24:00 Beijing time on 15 October
const at = (ms: number) => new Date(due.getTime() + ms);

describe("a timely answer", () => {
  it("is one given at or before the deadline in force, not a millisecond after", () => {
    expect(isTimely({ respondedAt: at(-1), responseDueAt: due })).toBe(true);
    expect(isTimely({ respondedAt: due, responseDueAt: due })).toBe(true);
    expect(isTimely({ respondedAt: at(1), responseDueAt: due })).toBe(false);
    expect(isTimely({ respondedAt: null, responseDueAt: due })).toBeNull();
    expect(isTimely({ respondedAt: due, responseDueAt: null })).toBeNull();
  });

  it("is past due exactly when an answer then would not be timely", () => {
    for (const ms of [-1, 0, 1]) expect(isPastDue(due, at(ms))).toBe(!isTimely({ respondedAt: at(ms), responseDueAt: due }));
  });

  it("says the same in SQL, whichever ISO form the dates were written in", () => {
    const db = new Database(":memory:");
    db.exec("CREATE TABLE Complaint (routedTo TEXT, respondedAt TEXT, responseDueAt TEXT)");
    const prismaText = (date: Date | null) => (date ? date.toISOString().replace("Z", "+00:00") : null);
    const cases = [at(-1), due, at(1), null];
    for (const respondedAt of cases) {
      for (const form of [prismaText, (d: Date | null) => d?.toISOString() ?? null]) {
        db.prepare("DELETE FROM Complaint").run();
        db.prepare("INSERT INTO Complaint VALUES ('bank', ?, ?)").run(form(respondedAt), prismaText(due));
        const row = db.prepare(`SELECT ${timelySql("c")} AS timely, ${creditorDueSql("?", "c")} AS due FROM Complaint c`).get(prismaText(at(1))) as {
          timely: number | null;
          due: number;
        };
        const expected = isTimely({ respondedAt, responseDueAt: due });
        expect(row.timely === null ? null : row.timely === 1).toBe(expected);
        // Answered, or unanswered with the deadline passed (at(1) is past it).
        expect(row.due).toBe(1);
      }
    }
    db.prepare("UPDATE Complaint SET respondedAt = NULL").run();
    expect((db.prepare(`SELECT ${creditorDueSql("?", "c")} AS due FROM Complaint c`).get(prismaText(due)) as { due: number }).due).toBe(0);
    db.close();
  });
});
