import { stringify } from "csv-stringify";
import { Readable } from "node:stream";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isoDateIn } from "~/domain/dates";
import { regionName } from "~/domain/regions";
import { redactNarrative } from "~/domain/stats/redact";
import type { StatsFilter } from "~/domain/stats/shape";
import { SMALL_CELL_THRESHOLD, suppressCount } from "~/domain/stats/suppress";
import { db } from "./db.server";
import { deadlineSettings } from "./env.server";
import { openContact } from "./personal-data.server";
import { statsWhere } from "./stats.server";

/**
 * Anonymised exports, one row per complaint, modelled on the CFPB's columns. They stream
 * from the database a page at a time, so memory stays flat however many rows there are.
 * Never a contact detail or a piece of evidence; the narrative only with consent, redacted.
 */

export const EXPORT_COLUMNS = [
  "Date received",
  "Product",
  "Categories",
  "Institution",
  "Agency",
  "Province",
  "Status",
  "Date sent to company",
  "Company response to consumer",
  "Timely response?",
  "Consumer disputed?",
  "Substantiated categories",
  "Consumer consent provided?",
  "Consumer complaint narrative",
  "Complaint ID",
] as const;

const PAGE = 500;
const day = (date: Date | null) => (date ? isoDateIn(date) : "");
const yesNo = (value: boolean | null) => (value === null ? "" : value ? "Yes" : "No");

/** What a value in a group of fewer than five complaints becomes in a row-level export. */
export const GENERALISED = "Other (fewer than 5 complaints)";

const GROUPED_COLUMNS = {
  institution: "COALESCE(c.institutionId, c.institutionName)",
  agency: "COALESCE(c.agency, '')",
  region: "c.region",
} as const;

/**
 * The values shared by at least five of the filtered complaints, per column that could single
 * someone out (a creditor typed in words, an agency, a rare province). Any other value is
 * generalised, so the row export cannot undo the `?by=` tables' "<5". The common values are
 * kept, not the rare ones: there are at most a fifth as many of them as complaints.
 */
async function commonValues(filter: StatsFilter): Promise<Record<keyof typeof GROUPED_COLUMNS, Set<string>>> {
  const where = statsWhere(filter);
  const common = async (expression: string) => {
    const rows = await db.$queryRawUnsafe<{ key: string }[]>(
      `SELECT ${expression} AS key FROM Complaint c ${where.sql} GROUP BY key HAVING COUNT(*) >= ${SMALL_CELL_THRESHOLD}`,
      ...where.params,
    );
    return new Set(rows.map((r) => String(r.key)));
  };
  return { institution: await common(GROUPED_COLUMNS.institution), agency: await common(GROUPED_COLUMNS.agency), region: await common(GROUPED_COLUMNS.region) };
}

/** Complaint rows in id order, a page at a time, already anonymised. */
async function* exportRows(filter: StatsFilter): AsyncGenerator<Record<(typeof EXPORT_COLUMNS)[number], string>> {
  const common = await commonValues(filter);
  const where = statsWhere(filter, "c.id > ?");
  let after = 0;
  for (;;) {
    // The filter is SQL (shared with the dashboard); the page of ids then loads through Prisma.
    const ids = await db.$queryRawUnsafe<{ id: number | bigint }[]>(
      `SELECT c.id FROM Complaint c ${where.sql} ORDER BY c.id LIMIT ${PAGE}`,
      ...where.params,
      after,
    );
    if (!ids.length) return;
    const complaints = await db.complaint.findMany({
      where: { id: { in: ids.map((r) => Number(r.id)) } },
      orderBy: { id: "asc" },
      include: {
        institution: { select: { nameEn: true, nameZh: true } },
        categories: { select: { category: true, substantiated: true } },
        collectorPhones: { select: { number: true } },
        events: { where: { type: "disputed" }, select: { id: true } },
      },
    });
    for (const sealed of complaints) {
      const c = openContact(sealed);
      const limit = c.extended ? deadlineSettings.bankExtendedDays : deadlineSettings.bankResponseDays;
      const timely = c.respondedAt && c.routedAt ? c.respondedAt.getTime() - c.routedAt.getTime() <= limit * 86400000 : null;
      const narrative = c.consent
        ? redactNarrative(c.narrative, {
            names: c.consumerName ? [c.consumerName] : [],
            phones: [...(c.consumerPhone ? [c.consumerPhone] : []), ...c.collectorPhones.map((p) => p.number)],
            emails: c.consumerEmail ? [c.consumerEmail] : [],
          })
        : "";
      yield {
        "Date received": day(c.createdAt),
        Product: c.product,
        Categories: c.categories.map((x) => x.category).join(";"),
        Institution: common.institution.has(c.institutionId ?? c.institutionName) ? (c.institution?.nameEn ?? c.institutionName) : GENERALISED,
        Agency: !c.agency ? "" : common.agency.has(c.agency) ? c.agency : GENERALISED,
        Province: c.region === "000000" ? "" : common.region.has(c.region) ? `${c.region} ${regionName(c.region, "en")}` : GENERALISED,
        Status: c.status,
        "Date sent to company": c.routedTo === "bank" ? day(c.routedAt) : "",
        "Company response to consumer": c.outcome ?? "",
        "Timely response?": yesNo(timely),
        "Consumer disputed?": c.respondedAt ? yesNo(c.events.length > 0) : "",
        "Substantiated categories": c.categories
          .filter((x) => x.substantiated)
          .map((x) => x.category)
          .join(";"),
        "Consumer consent provided?": c.consent ? "Consent provided" : "Consent not provided",
        "Consumer complaint narrative": narrative,
        "Complaint ID": c.code,
      };
    }
    after = complaints[complaints.length - 1].id;
  }
}

/**
 * CSV in UTF-8 with a byte-order mark, so that Excel opens Chinese correctly. A cell that
 * starts with =, +, -, @, tab or CR is prefixed with a quote: consumers type agency and creditor
 * names, and `=HYPERLINK(…)` must not run in an analyst's spreadsheet.
 */
function csvWriter(columns: string[]) {
  return stringify({ header: true, columns, bom: true, escape_formulas: true });
}

export function exportCsv(filter: StatsFilter): ReadableStream<Uint8Array> {
  const csv = csvWriter([...EXPORT_COLUMNS]);
  const source = Readable.from(exportRows(filter));
  source.on("error", (error) => csv.destroy(error));
  return createReadableStreamFromReadable(source.pipe(csv));
}

/** A JSON array written one element at a time. */
export function exportJson(filter: StatsFilter): ReadableStream<Uint8Array> {
  async function* chunks() {
    yield "[";
    let first = true;
    for await (const row of exportRows(filter)) {
      yield `${first ? "\n" : ",\n"}${JSON.stringify(row)}`;
      first = false;
    }
    yield "\n]\n";
  }
  return createReadableStreamFromReadable(Readable.from(chunks()));
}

/** Counts by one dimension, with every cell under 5 shown as "<5" so a small group cannot single anyone out. */
export async function aggregateRows(filter: StatsFilter & { by: NonNullable<StatsFilter["by"]> }) {
  const where = statsWhere(filter);
  const dimension = {
    ...GROUPED_COLUMNS,
    product: "c.product",
    status: "c.status",
    month: "strftime('%Y-%m', c.createdAt, '+8 hours')",
    category: "cc.category",
  }[filter.by];
  const from = filter.by === "category" ? "ComplaintCategory cc JOIN Complaint c ON c.id = cc.complaintId" : "Complaint c";
  const rows = await db.$queryRawUnsafe<{ key: string; complaints: bigint }[]>(
    `SELECT ${dimension} AS key, COUNT(*) AS complaints FROM ${from} ${where.sql} GROUP BY key ORDER BY key`,
    ...where.params,
  );
  return rows.map((r) => ({ [filter.by]: String(r.key), complaints: suppressCount(r.complaints) }));
}

export function aggregateCsv(rows: Record<string, string | number>[], by: string): ReadableStream<Uint8Array> {
  const csv = csvWriter([by, "complaints"]);
  return createReadableStreamFromReadable(Readable.from(rows).pipe(csv));
}
