/**
 * The XML call logs the app reads, one entry per exporter: the root and record elements,
 * the attributes that hold each field, and what the type codes mean. Another vendor's
 * export is one more entry here. Names are compared in lower case: exporters differ in
 * case (OPPO writes CALL_RECORDS where SMS Backup & Restore writes calls), never in meaning.
 */
import type { CallDirection } from "./call";

export interface XmlCallLogFormat {
  /** For logs and tests; never shown. */
  id: string;
  root: string;
  /** Elements under the root that are calls; any other element is skipped (but counted towards the limit). */
  records: string[];
  /** Attribute names for each field, first present wins. */
  attributes: { number: string[]; date: string[]; duration: string[]; type: string[]; presentation: string[] };
  /** Type code → direction; a code not here is a row that cannot be read ("type"). */
  types: Record<string, CallDirection>;
}

/**
 * Android's CallLog.Calls.TYPE, which backups copy as they find it. 7 is a call answered
 * on another device of the same account (ANSWERED_EXTERNALLY_TYPE): still answered.
 */
const ANDROID_TYPES: Record<string, CallDirection> = {
  "1": "incoming",
  "2": "outgoing",
  "3": "missed",
  "4": "voicemail",
  "5": "rejected",
  "6": "blocked",
  "7": "incoming",
};

/**
 * Android's CallLog.Calls.NUMBER_PRESENTATION: 1 allowed; 2 restricted (withheld), 3 unknown,
 * 4 payphone, 5 unavailable: a number the network did not give, whatever the number cell says.
 */
export const HIDDEN_PRESENTATIONS = new Set(["2", "3", "4", "5"]);

export const XML_CALL_LOG_FORMATS: XmlCallLogFormat[] = [
  {
    // SMS Backup & Restore (SyncTech), the most used Android backup app: calls.xml,
    // <calls count="n"><call number date="epoch ms" duration="s" type presentation
    // readable_date contact_name … /></calls>.
    id: "sms-backup-restore",
    root: "calls",
    records: ["call"],
    attributes: { number: ["number"], date: ["date"], duration: ["duration"], type: ["type"], presentation: ["presentation"] },
    types: ANDROID_TYPES,
  },
  {
    // OPPO (ColorOS, also realme and OnePlus) "Backup and Restore" (备份与恢复): a CALL_RECORDS
    // root with one element per call, whose attributes are Android's call-log columns
    // (number, date in epoch ms, duration in seconds, type with Android's codes). OPPO
    // publishes no format: this is what we know, not a specification, so the record element
    // is taken as CALL_RECORD or call and a few column spellings are accepted. A file that
    // differs is refused as unreadable rows (each with its line), never misread.
    id: "oppo-call-records",
    root: "call_records",
    records: ["call_record", "call"],
    attributes: {
      number: ["number", "phone_number"],
      date: ["date", "call_date"],
      duration: ["duration"],
      type: ["type", "call_type"],
      presentation: ["presentation"],
    },
    types: ANDROID_TYPES,
  },
];

export function xmlCallLogFormat(root: string): XmlCallLogFormat | null {
  const name = root.toLowerCase();
  return XML_CALL_LOG_FORMATS.find((format) => format.root === name) ?? null;
}

/**
 * The root element a document's first characters name (after the XML declaration, comments
 * and processing instructions; a DOCTYPE names it too), or null when the text is not XML.
 * For sniffing an upload; the streaming reader decides for itself.
 */
export function xmlRootOf(head: string): string | null {
  let text = head.replace(/^\uFEFF/, "");
  for (;;) {
    const before = text;
    text = text
      .replace(/^\s+/, "")
      .replace(/^<\?[\s\S]*?\?>/, "")
      .replace(/^<!--[\s\S]*?-->/, "");
    if (text === before) break;
  }
  const match = /^<(?:!DOCTYPE\s+)?([A-Za-z_][\w.:-]*)/.exec(text);
  return match ? match[1] : null;
}

/**
 * The encoding an XML document's first bytes declare: a byte-order mark, else the
 * declaration's encoding="…", else UTF-8 (XML's default). A label, as TextDecoder takes it.
 */
export function xmlEncodingOf(head: Uint8Array): string {
  if (head[0] === 0xff && head[1] === 0xfe) return "utf-16le";
  if (head[0] === 0xfe && head[1] === 0xff) return "utf-16be";
  const start = new TextDecoder("latin1").decode(head.subarray(0, 200));
  const declared = /^(?:\uFEFF|\u00EF\u00BB\u00BF)?<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(start);
  return declared ? declared[1].toLowerCase() : "utf-8";
}
