/**
 * What evidence may be, decided from the file's bytes (the sniffed MIME type),
 * never from its name or the browser's word.
 */

export type EvidenceKind = "image" | "audio" | "pdf" | "text" | "call_log";

const SNIFFED_KINDS: Record<string, EvidenceKind> = {
  "image/png": "image",
  "image/jpeg": "image",
  "image/gif": "image",
  "image/webp": "image",
  "image/bmp": "image",
  "image/heic": "image",
  "image/heif": "image",
  "image/heic-sequence": "image",
  "image/heif-sequence": "image",
  "audio/amr": "audio",
  "audio/mpeg": "audio",
  "audio/x-m4a": "audio",
  "audio/mp4": "audio",
  "audio/aac": "audio",
  "audio/wav": "audio",
  "audio/x-wav": "audio",
  "audio/ogg": "audio",
  "audio/opus": "audio",
  "audio/flac": "audio",
  "audio/x-flac": "audio",
  "application/pdf": "pdf",
};

/** An Excel workbook (.xlsx): taken as a call log only, never as ordinary evidence. */
export const XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** An XML call log (calls.xml and vendors' exports, domain/call-log/xml-formats.ts): taken as a call log only. */
export const XML_MIME = "application/xml";

/** The file picker's filter for call logs: CSV, an Excel workbook (not the old binary .xls) or an XML backup. */
export const CALL_LOG_ACCEPT = `.csv,text/csv,.xlsx,${XLSX_MIME},.xml,${XML_MIME},text/xml`;

export function kindOfSniffedType(mime: string): EvidenceKind | null {
  return SNIFFED_KINDS[mime] ?? null;
}

/**
 * Text that a browser would render as a page or a picture (HTML, SVG, XML) is
 * refused even as a download: it has no place among evidence and is the usual
 * carrier of script.
 */
export function looksLikeMarkup(text: string): boolean {
  return /^\uFEFF?\s*<(!--|!doctype|\?xml|[a-z])/i.test(text);
}

/** A first line with a comma, tab or semicolon between two values is a table. */
export function looksLikeCsv(text: string): boolean {
  const firstLine = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  return /[^,\t;]+[,\t;][^,\t;]*/.test(firstLine) && !looksLikeMarkup(text);
}

/** Images and audio may be shown in the page; everything else is only ever a download. */
export function isInlineSafe(mime: string): boolean {
  const kind = kindOfSniffedType(mime);
  return kind === "image" || kind === "audio";
}
