import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { PostgresRead, SQLiteRead, type ReadConnection } from "./read-connection.server";
import { numberPlaceholders, postgres, sqlite, type Dialect } from "./sql-dialect.server";

describe("placeholders", () => {
  it("are numbered in order on PostgreSQL, and left alone inside quoted text and names", () => {
    expect(numberPlaceholders(`SELECT 'a?b', "we?rd" FROM t WHERE a = ? AND b IN (?, ?) AND c = 'it''s ?'`)).toBe(
      `SELECT 'a?b', "we?rd" FROM t WHERE a = $1 AND b IN ($2, $3) AND c = 'it''s ?'`,
    );
    expect(sqlite.numbered("SELECT ? AS x")).toBe("SELECT ? AS x");
    expect(postgres.numbered("SELECT ? AS x")).toBe("SELECT $1 AS x");
  });
});

describe("the dialect pieces", () => {
  it("write what each engine reads", () => {
    expect(sqlite.chinaMonth("c.t")).toBe("strftime('%Y-%m', c.t, '+8 hours')");
    expect(postgres.jsonText("c.f", "outsideHours", "count")).toBe("((c.f)::jsonb #>> '{outsideHours,count}')");
    expect(sqlite.jsonNumber("c.f", "outsideHours", "count")).toBe("json_extract(c.f, '$.outsideHours.count')");
    expect(postgres.joined("x", ",", "x")).toBe("string_agg(x, ',' ORDER BY x)");
  });
});

// The same expressions must give the same values on both engines. SQLite always; PostgreSQL when PG_TEST_URL names one.
const pgUrl = process.env.PG_TEST_URL;
const engines: [string, Dialect, () => ReadConnection][] = [
  ["SQLite", sqlite, () => new SQLiteRead(new Database(":memory:"))],
  ...(pgUrl ? [["PostgreSQL", postgres, () => new PostgresRead(pgUrl, 1)] as [string, Dialect, () => ReadConnection]] : []),
];
const opened: ReadConnection[] = [];
afterAll(async () => {
  for (const connection of opened) await connection.close();
});

const JULIAN_EPOCH_MS = 210866760000000;
const findings = JSON.stringify({
  totalCalls: 12,
  outsideHours: { count: 3 },
  strongFindings: 0,
  results: [
    { ruleId: "night", breached: true, strong: true },
    { ruleId: "burst", breached: true, strong: false },
    { ruleId: "daily", breached: false, strong: true },
  ],
});

describe.each(engines)("on %s", (_name, d, open) => {
  const connection = open();
  opened.push(connection);
  // A time as each engine stores it: ISO text on SQLite, a timestamp on PostgreSQL (cast from the same text).
  const time = (iso: string) => (d.engine === "postgres" ? `'${iso}'::timestamp` : `'${iso}'`);
  const one = async (sql: string) => (await connection.all<{ v: unknown }>(`SELECT ${sql} AS v`))[0].v;

  it("puts a time in China's day and month: 16:00 UTC is the next day there", async () => {
    expect(await one(d.chinaDay(time("2026-01-31T15:59:59.999+00:00")))).toBe("2026-01-31");
    expect(await one(d.chinaDay(time("2026-01-31T16:00:00.000+00:00")))).toBe("2026-02-01");
    expect(await one(d.chinaMonth(time("2026-01-31T16:00:00.000+00:00")))).toBe("2026-02");
    expect(await one(`COALESCE(${d.chinaDay("NULL")}, '')`)).toBe("");
  });

  it("gives julianday() as SQLite computes it, to the last bit", async () => {
    const ms = Date.parse("2026-10-15T16:00:00.123Z");
    expect(await one(d.julianDay(time("2026-10-15T16:00:00.123+00:00")))).toBe((ms + JULIAN_EPOCH_MS) / 86400000);
  });

  it("compares instants to the millisecond, a stored time against ISO text", async () => {
    const due = time("2026-10-15T16:00:00.000+00:00");
    const flag = (condition: string) => one(`CASE WHEN ${condition} THEN 1 ELSE 0 END`);
    expect(await flag(`${d.instant(due)} < ${d.instant("'2026-10-15T16:00:00.001+00:00'")}`)).toBe(1);
    expect(await flag(`${d.instant(due)} < ${d.instant("'2026-10-15T16:00:00.000+00:00'")}`)).toBe(0);
  });

  it("reads numbers and texts in JSON, booleans as 1 and 0, and its arrays' elements", async () => {
    const f = `'${findings}'`;
    expect(await one(d.jsonNumber(f, "outsideHours", "count"))).toBe(3);
    expect(await one(d.jsonNumber(f, "distinctNumbers"))).toBeNull();
    expect(JSON.parse((await one(d.jsonNumbers(f, [["totalCalls"], ["outsideHours", "count"], ["distinctNumbers"]]))) as string)).toEqual([12, 3, null]);
    const rules = await one(
      `(SELECT ${d.jsonArray(d.elementText("r", "ruleId"))} FROM ${d.jsonElements(f, "results", "r")}
        WHERE ${d.elementNumber("r", "breached")} = 1 AND ${d.elementNumber("r", "strong")} = 1)`,
    );
    expect(JSON.parse(rules as string)).toEqual(["night"]);
    const none = await one(`(SELECT ${d.jsonArray(d.elementText("r", "ruleId"))} FROM ${d.jsonElements(f, "results", "r")} WHERE 1 = 0)`);
    expect(JSON.parse(none as string)).toEqual([]);
  });

  it("joins values sorted in byte order, and booleans and counts come back as SQLite's", async () => {
    const from = `(SELECT 'b' AS "x" UNION ALL SELECT 'B' UNION ALL SELECT 'a') t WHERE TRUE`;
    expect(await one(d.joinedSorted('"x"', ";", from))).toBe("B;a;b");
    expect(await one("1 = 1")).toBe(1);
    expect(await one("(SELECT COUNT(*) FROM (SELECT 1 AS one UNION ALL SELECT 2) t)")).toBe(2);
  });
});

describe.skipIf(!pgUrl)("a PostgreSQL read connection", () => {
  it("gives a timestamp(3) back as the ISO text Prisma writes to SQLite", async () => {
    const connection = new PostgresRead(pgUrl!, 1);
    try {
      const [row] = await connection.all<{ t: string; u: string }>(
        "SELECT '2026-01-02T03:04:05.000+00:00'::timestamp(3) AS t, '2026-01-02 03:04:05.67'::timestamp(3) AS u",
      );
      expect(row).toEqual({ t: "2026-01-02T03:04:05.000+00:00", u: "2026-01-02T03:04:05.670+00:00" });
      // Read-only, as the SQLite one.
      await expect(connection.all("CREATE TABLE never (x int)")).rejects.toThrow(/read-only/);
    } finally {
      await connection.close();
    }
  });

  it("streams rows a batch at a time with a cursor", async () => {
    const connection = new PostgresRead(pgUrl!, 1);
    const sizes: number[] = [];
    for await (const batch of connection.batches<number[]>("SELECT g FROM generate_series(1, ?::int) g", [2500], 1000, "arrays")) sizes.push(batch.length);
    expect(sizes).toEqual([1000, 1000, 500]);
    await connection.close();
  });
});
