/**
 * CSV lines for the row export, written by hand because the export spends its time here: the
 * same text csv-stringify writes with `escape_formulas` (export-csv.test.ts compares them), at a
 * fraction of the cost a cell, since a cell is quoted only when it holds a comma, quote or line
 * break. A cell that starts like a formula (=, +, -, @, tab, CR, or their full-width forms) is
 * prefixed with a quote: consumers type agency and creditor names, and `=HYPERLINK(…)` must not
 * run in an analyst's spreadsheet.
 */
const NEEDS_QUOTES = /[",\n\r]/;
const FORMULA = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

export function csvCell(value: string | null | undefined): string {
  if (!value) return "";
  const text = FORMULA.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows as CSV lines, each ended by "\n". */
export function csvLines(rows: readonly (readonly (string | null)[])[]): string {
  let out = "";
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) out += i ? `,${csvCell(row[i])}` : csvCell(row[i]);
    out += "\n";
  }
  return out;
}
