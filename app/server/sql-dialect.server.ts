import type { Engine } from "./engine.server";

/**
 * What raw SQL must say differently on SQLite and on PostgreSQL, and nothing else: every other part
 * of a statement is written once, in the SQL both accept (double-quoted names, TRUE/FALSE, CASE,
 * COALESCE, EXISTS, row values). Pure text: the workers build their statements with it too.
 * See docs/decisions/024-sql-on-two-engines.md.
 */
export interface Dialect {
  readonly engine: Engine;
  /** The statement as the driver takes it: `?` placeholders stay on SQLite, become `$1`, `$2`, … on PostgreSQL. */
  readonly numbered: (sql: string) => string;
  /** A stored time's day in China (UTC+8 all year since 1991), 'YYYY-MM-DD'; NULL stays NULL. */
  readonly chinaDay: (time: string) => string;
  /** A stored time's month in China, 'YYYY-MM'. */
  readonly chinaMonth: (time: string) => string;
  /**
   * A time as a value that compares as the instant: SQLite's julianday() (dates are text there,
   * and a writer may have used another ISO form), the timestamp itself on PostgreSQL. `time` may be a
   * bound parameter holding ISO text.
   */
  readonly instant: (time: string) => string;
  /**
   * julianday() as SQLite computes it (whole milliseconds since the Julian epoch, divided), for the
   * statistics index's deadline column: both engines give the same double.
   */
  readonly julianDay: (time: string) => string;
  /**
   * A text column holding JSON, parsed once per row: `join` goes after the table in FROM, and `value`
   * is what the JSON pieces below read (on SQLite the column itself, whose functions parse it fast).
   */
  readonly parsedJson: (column: string, alias: string) => { join: string; value: string };
  /** A number inside a text column holding JSON, at `path` (keys), NULL when absent. */
  readonly jsonNumber: (column: string, ...path: string[]) => string;
  /** A text inside a text column holding JSON, at `path`. */
  readonly jsonText: (column: string, ...path: string[]) => string;
  /** `FROM` items for each element of the JSON array at `key` of the column, as alias `r`: read with `element…`. */
  readonly jsonElements: (column: string, key: string, alias: string) => string;
  /** A number in one element of jsonElements. */
  readonly elementNumber: (alias: string, key: string) => string;
  /** A text in one element of jsonElements. */
  readonly elementText: (alias: string, key: string) => string;
  /** The values joined with `separator`, in the order `orderBy` (SQLite: the order the rows come in, so sort in a subquery). */
  readonly joined: (value: string, separator: string, orderBy?: string) => string;
  /** A join SQLite must take in the order written (its CROSS JOIN); an inner join to PostgreSQL, which plans it well. */
  readonly fixedJoin: string;
  /** Appended to a text in ORDER BY: byte order, as SQLite's default (PostgreSQL's follows the locale). */
  readonly byteOrder: string;
  /**
   * Whether `col IN (…) ORDER BY` the index's next columns reads the index in order, a part per value
   * (SQLite), rather than every matching entry and a sort (PostgreSQL: the queue walks each status apart).
   */
  readonly mergesInList: boolean;
  /** `column`'s values in `from` (a table and its WHERE), sorted in byte order and joined with `separator`; NULL when none. */
  readonly joinedSorted: (column: string, separator: string, from: string) => string;
  /** A JSON array of the values, as text. */
  readonly jsonArray: (value: string) => string;
  /** The numbers at several paths of a text column holding JSON, as the text of a JSON array (null where absent). */
  readonly jsonNumbers: (column: string, paths: string[][]) => string;
}

const quoted = (text: string) => `'${text.replaceAll("'", "''")}'`;
const sqlitePath = (path: string[]) => quoted(`$.${path.join(".")}`);
const postgresPath = (path: string[]) => quoted(`{${path.join(",")}}`);

// Placeholders are numbered outside quoted text and identifiers only; statements are few, so each is numbered once.
const numberedCache = new Map<string, string>();
export function numberPlaceholders(sql: string): string {
  const cached = numberedCache.get(sql);
  if (cached !== undefined) return cached;
  let n = 0;
  const result = sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|\?/g, (match) => (match === "?" ? `$${++n}` : match));
  if (numberedCache.size < 5000) numberedCache.set(sql, result);
  return result;
}

export const sqlite: Dialect = {
  engine: "sqlite",
  numbered: (sql) => sql,
  parsedJson: (column) => ({ join: "", value: column }),
  chinaDay: (time) => `date(${time}, '+8 hours')`,
  chinaMonth: (time) => `strftime('%Y-%m', ${time}, '+8 hours')`,
  instant: (time) => `julianday(${time})`,
  julianDay: (time) => `julianday(${time})`,
  jsonNumber: (column, ...path) => `json_extract(${column}, ${sqlitePath(path)})`,
  jsonText: (column, ...path) => `json_extract(${column}, ${sqlitePath(path)})`,
  jsonElements: (column, key, alias) => `json_each(${column}, ${sqlitePath([key])}) ${alias}`,
  elementNumber: (alias, key) => `json_extract(${alias}.value, ${sqlitePath([key])})`,
  elementText: (alias, key) => `json_extract(${alias}.value, ${sqlitePath([key])})`,
  // SQLite's group_concat keeps the order its input rows come in: callers order a subquery.
  joined: (value, separator) => `group_concat(${value}, ${quoted(separator)})`,
  fixedJoin: "CROSS JOIN",
  mergesInList: true,
  byteOrder: "",
  joinedSorted: (column, separator, from) => `(SELECT group_concat(${column}, ${quoted(separator)}) FROM (SELECT ${column} FROM ${from} ORDER BY ${column}))`,
  jsonArray: (value) => `json_group_array(${value})`,
  jsonNumbers: (column, paths) => `json_extract(${column}, ${paths.map(sqlitePath).join(", ")})`,
};

// Booleans in JSON compare as SQLite's json_extract gives them (true → 1): to a number, true 1, false 0.
const postgresNumber = (json: string) =>
  `(CASE jsonb_typeof(${json}) WHEN 'number' THEN (${json})::float8 WHEN 'boolean' THEN CASE WHEN (${json})::boolean THEN 1 ELSE 0 END END)`;

export const postgres: Dialect = {
  engine: "postgres",
  numbered: numberPlaceholders,
  // Each ::jsonb parses the text again: eight numbers read from one analysis parsed it eight times.
  // OFFSET 0 keeps the planner from pulling the cast up into each use.
  parsedJson: (column, alias) => ({ join: `LEFT JOIN LATERAL (SELECT (${column})::jsonb AS "doc" OFFSET 0) ${alias} ON TRUE`, value: `${alias}."doc"` }),
  chinaDay: (time) => `to_char((${time})::timestamp + interval '8 hours', 'YYYY-MM-DD')`,
  chinaMonth: (time) => `to_char((${time})::timestamp + interval '8 hours', 'YYYY-MM')`,
  // Timestamps are UTC without a zone; ISO text with +00:00 casts to the same (the zone is ignored, and it is always UTC).
  instant: (time) => `(${time})::timestamp`,
  julianDay: (time) => `((round(extract(epoch from (${time})::timestamp) * 1000) + 210866760000000)::float8 / 86400000::float8)`,
  jsonNumber: (column, ...path) => postgresNumber(`(${column})::jsonb #> ${postgresPath(path)}`),
  jsonText: (column, ...path) => `((${column})::jsonb #>> ${postgresPath(path)})`,
  jsonElements: (column, key, alias) => `jsonb_array_elements((${column})::jsonb -> ${quoted(key)}) ${alias}(value)`,
  elementNumber: (alias, key) => postgresNumber(`${alias}.value -> ${quoted(key)}`),
  elementText: (alias, key) => `(${alias}.value ->> ${quoted(key)})`,
  joined: (value, separator, orderBy) => `string_agg(${value}, ${quoted(separator)}${orderBy ? ` ORDER BY ${orderBy}` : ""})`,
  // Where a row is stored: the order written, as long as rows are not updated (the directory's are replaced).
  fixedJoin: "JOIN",
  mergesInList: false,
  byteOrder: ' COLLATE "C"',
  joinedSorted: (column, separator, from) => `(SELECT string_agg(${column}, ${quoted(separator)} ORDER BY ${column} COLLATE "C") FROM ${from})`,
  jsonArray: (value) => `COALESCE(json_agg(${value}), '[]')::text`,
  jsonNumbers: (column, paths) => `jsonb_build_array(${paths.map((path) => postgres.jsonNumber(column, ...path)).join(", ")})::text`,
};

export function dialectOf(engine: Engine): Dialect {
  return engine === "postgres" ? postgres : sqlite;
}
