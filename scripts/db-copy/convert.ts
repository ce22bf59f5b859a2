// How a value stored by Prisma in SQLite becomes the same value in PostgreSQL's column: dates (ISO
// text with +00:00) become timestamp(3) in UTC, 0/1 become booleans, integers keep every digit.
// Anything that does not fit its column stops the copy, naming the table, column and row.

/** PostgreSQL's name for a column's type (information_schema.columns.data_type). */
export type TargetType = string;

export class ValueError extends Error {}

// Prisma's own form, the one almost every date has: taken as it is, without a Date.
const PRISMA_DATE = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3})(?:\+00:00|Z)$/;
// SQLite's CURRENT_TIMESTAMP and other text without a zone: UTC, as SQLite means it.
const NO_ZONE = /^\d{4}-\d\d-\d\d([ T]\d\d:\d\d(:\d\d(\.\d+)?)?)?$/;

function timestamp(value: unknown): string {
  if (typeof value === "string") {
    const prisma = PRISMA_DATE.exec(value);
    if (prisma) return prisma[1];
  }
  // A number is milliseconds since 1970 (Prisma's other way of storing a date in SQLite).
  const date =
    typeof value === "number" || typeof value === "bigint"
      ? new Date(Number(value))
      : typeof value === "string"
        ? new Date(NO_ZONE.test(value) ? `${value.replace(" ", "T")}Z` : value)
        : new Date(NaN);
  if (Number.isNaN(date.getTime())) throw new ValueError(`not a date: ${JSON.stringify(String(value)).slice(0, 40)}`);
  return date.toISOString().slice(0, 23);
}

function boolean(value: unknown): string {
  if (value === 1 || value === 1n || value === true) return "t";
  if (value === 0 || value === 0n || value === false) return "f";
  throw new ValueError(`not a boolean (0 or 1): ${String(value)}`);
}

function integer(value: unknown, bits: 32 | 64): string {
  if (typeof value === "bigint" || (typeof value === "number" && Number.isInteger(value))) {
    const limit = bits === 32 ? 2n ** 31n : 2n ** 63n;
    const big = BigInt(value);
    if (big < -limit || big >= limit) throw new ValueError(`${big} does not fit a ${bits}-bit integer`);
    return big.toString();
  }
  throw new ValueError(`not a whole number: ${String(value)}`);
}

/** The function that turns a SQLite value into PostgreSQL's text form of it for a column of `type` (null stays null). */
export function converterFor(type: TargetType): (value: unknown) => string | null {
  const convert = ((): ((value: unknown) => string) => {
    switch (type) {
      case "timestamp without time zone":
      case "timestamp with time zone":
        return timestamp;
      case "boolean":
        return boolean;
      case "integer":
      case "smallint":
        return (value) => integer(value, 32);
      case "bigint":
        return (value) => integer(value, 64);
      case "double precision":
      case "real":
      case "numeric":
        return (value) => {
          if (typeof value !== "number" && typeof value !== "bigint") throw new ValueError(`not a number: ${String(value)}`);
          return String(value);
        };
      case "bytea":
        return (value) => {
          if (!Buffer.isBuffer(value)) throw new ValueError("not bytes");
          return `\\x${value.toString("hex")}`;
        };
      case "text":
      case "character varying":
      case "jsonb":
      case "json":
        return (value) => {
          const text = Buffer.isBuffer(value) ? value.toString("utf8") : String(value);
          if (text.includes("\u0000")) throw new ValueError("text with a NUL character, which PostgreSQL's text cannot hold");
          return text;
        };
      default:
        throw new ValueError(`a column of type ${type}, which db:copy does not know how to fill`);
    }
  })();
  return (value) => (value === null || value === undefined ? null : convert(value));
}

/** Whether a column of this type must be read from SQLite as BigInt to keep every digit. */
export const needsBigInt = (type: TargetType) => type === "bigint";
