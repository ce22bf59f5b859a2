/**
 * How much call log a complaint may carry. A phone keeps a few hundred to a few thousand
 * calls (Android's own log stops at about 500–1,000), and a year of collection at 20 calls
 * a day is some 7,300, so these leave room for a long export and still bound what one
 * filing can make the server read: a log is read as a stream and refused as soon as it
 * passes a limit (docs/decisions/003-call-logs.md, bench/RESULTS.md).
 */
import { HEAD_LINES } from "./parse";

/** Rows one call log may hold after its header (calls and rows that cannot be read alike). */
export const MAX_CALL_LOG_ROWS = 20_000;

/** Rows all of a complaint's call logs may hold together, counted before duplicates are dropped. */
export const MAX_CALL_LOG_TOTAL_ROWS = 50_000;

/** The rows of a sheet: a call log's, and the lines above them where its header may be. */
export const MAX_SHEET_ROWS = MAX_CALL_LOG_ROWS + HEAD_LINES;

/**
 * Cells the first sheet of a workbook may span (its rows times its widest row, as the
 * reader fills every gap): a call log of MAX_CALL_LOG_ROWS rows with 10 columns. The reader
 * (read-excel-file) holds the whole grid and needs some 250 bytes a cell: this many cells
 * take about 55 MB of a worker's heap and some 5 s (bench/RESULTS.md).
 */
export const MAX_SHEET_CELLS = MAX_SHEET_ROWS * 10;

/** The calls the reviewer's table lists at most, per rule pack and view; the whole file stays in the evidence. */
export const MAX_LISTED_CALLS = 500;
