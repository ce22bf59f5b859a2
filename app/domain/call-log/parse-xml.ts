/**
 * Reads an XML call log (SMS Backup & Restore's calls.xml and the vendor exports that follow
 * it, xml-formats.ts) as a stream: text goes in by chunks, calls come out, and reading stops
 * at the first thing that cannot be read safely. With saxes, which never reads a DTD: a
 * document with a DOCTYPE is refused as soon as it is seen, so no entity is ever declared,
 * expanded or fetched (no XXE, no "billion laughs"). Only the five predefined entities and
 * character references are read.
 *
 * What is held at a time is one element's attributes, the calls read so far and their
 * problems: the caller's row limit bounds both lists, and text or a tag longer than
 * MAX_XML_GAP characters between two tags is refused before saxes buffers more of it.
 */
import { SaxesParser, type SaxesTagPlain } from "saxes";
import { HIDDEN_NUMBER, type Call } from "./call";
import { readNumber, type CallLogProblem } from "./parse";
import { HIDDEN_PRESENTATIONS, xmlCallLogFormat, type XmlCallLogFormat } from "./xml-formats";

/** Why a whole file is refused; each is a message of its own (error.callLog.xml…). */
export type XmlRefusal = "notXml" | "doctype" | "unknownRoot" | "tooManyRows";

export class XmlCallLogRefused extends Error {
  constructor(
    readonly reason: XmlRefusal,
    /** The root element's name, for "unknownRoot". */
    readonly detail = "",
  ) {
    super(`XML call log refused: ${reason}`);
  }
}

/** A call element is well under 1 KB; a million characters without a tag is no call log. */
export const MAX_XML_GAP = 1024 * 1024;

/** Epoch milliseconds from 2000-01-01 to 2100-01-01: anything else is no call's date. */
const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);

export class XmlCallLogReader {
  private readonly parser = new SaxesParser<{ position: true; xmlns: false }>({ position: true, xmlns: false });
  private format: XmlCallLogFormat | null = null;
  private depth = 0;
  private tagLine = 1;
  private sinceTag = 0;
  private readonly calls: Call[] = [];
  private readonly problems: CallLogProblem[] = [];
  /** Elements read under the root: calls, rows that could not be read and anything else alike. */
  rows = 0;

  constructor(private readonly maxRows: number) {
    const parser = this.parser;
    parser.on("error", (error) => {
      throw error instanceof XmlCallLogRefused ? error : new XmlCallLogRefused("notXml");
    });
    parser.on("doctype", () => {
      throw new XmlCallLogRefused("doctype");
    });
    parser.on("opentagstart", () => {
      this.tagLine = parser.line;
    });
    parser.on("opentag", (tag) => this.open(tag));
    // saxes ends a self-closing tag with a closetag too.
    parser.on("closetag", () => {
      this.depth--;
      this.sinceTag = 0;
    });
  }

  /** The next piece of the document. Throws XmlCallLogRefused. */
  write(text: string): void {
    this.sinceTag += text.length;
    if (this.sinceTag > MAX_XML_GAP) throw new XmlCallLogRefused("notXml");
    this.parser.write(text);
  }

  /** The end of the document. Throws XmlCallLogRefused. */
  end(): { calls: Call[]; problems: CallLogProblem[]; rows: number; format: string } {
    this.parser.close();
    if (!this.format) throw new XmlCallLogRefused("notXml");
    this.problems.sort((a, b) => a.line - b.line);
    return { calls: this.calls, problems: this.problems, rows: this.rows, format: this.format.id };
  }

  private open(tag: SaxesTagPlain): void {
    this.sinceTag = 0;
    this.depth++;
    if (this.depth === 1) {
      this.format = xmlCallLogFormat(tag.name);
      if (!this.format) throw new XmlCallLogRefused("unknownRoot", tag.name.slice(0, 50));
    } else {
      if (++this.rows > this.maxRows) throw new XmlCallLogRefused("tooManyRows");
      if (this.depth === 2 && this.format?.records.includes(tag.name.toLowerCase())) this.read(tag.attributes, this.format);
    }
  }

  private read(attributes: Record<string, string>, format: XmlCallLogFormat): void {
    const line = this.tagLine;
    const lower = new Map(Object.entries(attributes).map(([name, value]) => [name.toLowerCase(), value.trim()]));
    const field = (names: string[]) => names.map((name) => lower.get(name)).find((value) => value !== undefined);
    const problem = (reason: CallLogProblem["reason"]) => {
      this.problems.push({ line, reason });
    };

    const date = field(format.attributes.date) ?? "";
    const at = /^\d{1,15}$/.test(date) ? Number(date) : NaN;
    if (!(at >= EARLIEST && at < LATEST)) return problem("date");

    const rawNumber = field(format.attributes.number) ?? "";
    const presentation = field(format.attributes.presentation);
    const number = presentation !== undefined && HIDDEN_PRESENTATIONS.has(presentation) ? HIDDEN_NUMBER : readNumber(rawNumber);
    if (number === null) return problem("number");

    const durationText = field(format.attributes.duration);
    let durationSeconds: number | null = null;
    if (durationText !== undefined && durationText !== "") {
      if (!/^\d{1,9}$/.test(durationText)) return problem("duration");
      durationSeconds = Number(durationText);
    }

    const typeText = field(format.attributes.type);
    let direction = typeText === undefined ? undefined : format.types[typeText];
    if (typeText === undefined) {
      // As for a CSV without a type column: talk time means answered, anything else is not counted as connected.
      direction = durationSeconds !== null && durationSeconds > 0 ? "incoming" : "missed";
    }
    if (!direction) return problem("type");

    this.calls.push({ at: new Date(at), number, rawNumber, direction, durationSeconds, line });
  }
}
