// PostgreSQL's COPY text format, for the two jobs that send rows through COPY FROM STDIN: db:copy
// (scripts/db-copy/) and the bulk writer on PostgreSQL (bulk-connection.server.ts).

/** One field: a tab between fields, \N for null, and the backslash, tab and line ends escaped. */
export function copyField(value: string | null): string {
  if (value === null) return "\\N";
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ({ "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" })[c]!) : value;
}
