/**
 * How much call log a complaint may carry. A phone keeps a few hundred to a few thousand
 * calls (Android's own log stops at about 500–1,000), and a year of collection at 20 calls
 * a day is some 7,300, so these leave room for a long export and still bound what one
 * filing can make the server read: a log is read as a stream and refused as soon as it
 * passes a limit (docs/decisions/003-call-logs.md, bench/RESULTS.md).
 */

/** Rows one call log may hold after its header (calls and rows that cannot be read alike). */
export const MAX_CALL_LOG_ROWS = 20_000;

/** Rows all of a complaint's call logs may hold together, counted before duplicates are dropped. */
export const MAX_CALL_LOG_TOTAL_ROWS = 50_000;

/**
 * Cells the first sheet of a workbook may span (its rows times its widest row, as the
 * reader fills every gap): a call log of MAX_CALL_LOG_ROWS rows with 20 columns.
 */
export const MAX_SHEET_CELLS = MAX_CALL_LOG_ROWS * 20;

/** The calls the reviewer's table lists at most, per rule pack and view; the whole file stays in the evidence. */
export const MAX_LISTED_CALLS = 500;
