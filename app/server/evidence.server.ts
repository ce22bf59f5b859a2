import { createReadableStreamFromReadable } from "@remix-run/node";
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { fileTypeFromFile } from "file-type";
import { findCallLogHeader, HEAD_LINES } from "~/domain/call-log/parse";
import { xmlCallLogFormat, xmlEncodingOf, xmlRootOf } from "~/domain/call-log/xml-formats";
import { isInlineSafe, kindOfSniffedType, looksLikeCsv, looksLikeMarkup, XLSX_MIME, XML_MIME, type EvidenceKind } from "~/domain/evidence-types";
import { db } from "./db.server";
import { csrfMatches, expectedCsrf } from "./csrf.server";
import { bodyLimits, limits } from "./env.server";
import { FormRefusal, parseForm, type FileHandler } from "./form-body.server";
import { fsyncPath } from "./fsync.server";
import { deadUploadDirs, evidenceDir, uploadDir } from "./paths.server";
import { UnreadableImage, type CleanCopy, type PhotoFacts } from "./photo.server";
import { positionsInWorker, preparePhotoInWorker } from "./photo-worker.server";

/** A file received from a form, on disk under uploads/ until the filing is committed. */
export type StagedFile = {
  field: string;
  name: string;
  tmpPath: string;
  size: number;
  sha256: string;
  tooLarge: boolean;
  /** An image's clean copy while it is staged: removed with the file if the write does not happen. */
  cleanPath?: string;
};

export type Upload = { formData: FormData; files: StagedFile[]; tooManyFiles: boolean };

/** Longest file name kept, in characters (code points): a name is shown on every page that lists evidence. */
const NAME_MAX = 200;

/**
 * The file's name as the consumer's phone gave it, without any path or control characters.
 * Cut by code points and made well-formed, so a name cut in the middle of an emoji (by the
 * phone, the browser or our own limit) keeps a replacement character instead of half a pair.
 */
export function cleanName(name: string): string {
  const wellFormed = name.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
  const base = wellFormed.split(/[\\/]/).pop() ?? "";
  return (
    Array.from(base.replace(/[\u0000-\u001f\u007f-\u009f]/g, ""))
      .slice(0, NAME_MAX)
      .join("")
      .trim() || "file"
  );
}

/**
 * Streams a multipart body to disk: each file is hashed and counted as it
 * passes, and never held whole in memory. Text fields come back as FormData so
 * the same zod schema as the browser's can read them. The CSRF token must come
 * before the first file part (every form renders it first) and is checked then:
 * without it, no file byte is written.
 */
export async function receiveUpload(request: Request, fileFields: string[]): Promise<Upload> {
  const files: StagedFile[] = [];
  const writes: Promise<void>[] = [];
  let tooManyFiles = false;
  const csrf = await expectedCsrf(request);
  let csrfChecked = false;

  const onFile: FileHandler = (field, stream, info, formData) => {
    if (!csrfChecked) {
      if (!csrfMatches(csrf, formData.get("csrf"))) throw new FormRefusal(403, "error.csrf");
      csrfChecked = true;
    }
    // An empty file input still sends a part with no name: not a file.
    if (!info.filename || !fileFields.includes(field)) {
      stream.resume();
      return;
    }
    // The call log is one file; evidence is up to MAX_FILES.
    const max = field === "callLog" ? 1 : limits.maxFiles;
    if (files.filter((f) => f.field === field).length >= max) {
      tooManyFiles = true;
      stream.resume();
      return;
    }
    const staged: StagedFile = {
      field,
      name: cleanName(info.filename),
      tmpPath: path.join(uploadDir(), randomUUID()),
      size: 0,
      sha256: "",
      tooLarge: false,
    };
    files.push(staged);
    const hash = createHash("sha256");
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        staged.size += chunk.length;
        done(null, chunk);
      },
    });
    writes.push(
      pipeline(stream, counter, fs.createWriteStream(staged.tmpPath, { flags: "wx" })).then(() => {
        staged.sha256 = hash.digest("hex");
        staged.tooLarge = stream.truncated === true;
      }),
    );
  };

  // Evidence files and the call log, plus one file part of slack so "too many" is seen, not cut off silently.
  const formLimits = { maxBytes: bodyLimits.uploadBytes, files: limits.maxFiles + 2, fileBytes: limits.maxFileBytes };
  try {
    const formData = await parseForm(request, formLimits, onFile, () => (tooManyFiles = true));
    await Promise.all(writes);
    return { formData, files, tooManyFiles };
  } catch (error) {
    await Promise.allSettled(writes);
    await discardStaged(files);
    throw error;
  }
}

export async function discardStaged(files: StagedFile[]) {
  await Promise.all(files.flatMap((f) => [f.tmpPath, f.cleanPath ?? ""].filter(Boolean).map((file) => fsp.rm(file, { force: true }))));
}

export type SniffResult = { ok: true; mime: string; kind: EvidenceKind } | { ok: false; reason: "refused" | "notTable" | "notCallLogXml" | "empty" };

async function readHead(file: string, bytes: number): Promise<Buffer> {
  const handle = await fsp.open(file, "r");
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Plain text in UTF-8 or GB18030 (what Chinese Excel and phones export), with no NUL bytes. */
function decodeText(head: Buffer): string | null {
  if (head.includes(0)) return null;
  for (const encoding of ["utf-8", "gb18030"]) {
    try {
      // stream: true tolerates a character cut in half at the end of the sample.
      return new TextDecoder(encoding, { fatal: true }).decode(head, { stream: true });
    } catch {
      // try the next encoding
    }
  }
  return null;
}

/** A text file's content, in UTF-8 or GB18030; null when it is not text. */
export async function readText(filePath: string): Promise<string | null> {
  return decodeText(await fsp.readFile(filePath));
}

/** Where a stored evidence file lives: named by its SHA-256. */
export function storedPath(sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error("not a SHA-256");
  return path.join(evidenceDir(), sha256);
}

/**
 * Types a staged file by its bytes. The call-log field takes a table (CSV text or an Excel
 * workbook) or an XML call log. Evidence that is a call log by its content (a CSV whose
 * header names call-log columns, or an XML call log) becomes one: it is stored as kind
 * call_log and analysed with the complaint's other logs, so a log attached in the wrong
 * field is not kept unread (docs/decisions/003-call-logs.md).
 */
export async function sniff(file: StagedFile): Promise<SniffResult> {
  if (file.size === 0) return { ok: false, reason: "empty" };
  const detected = await fileTypeFromFile(file.tmpPath);
  const head = await readHead(file.tmpPath, 64 * 1024);
  if (detected?.mime === XML_MIME) return sniffXml(file, head);
  if (detected && file.field === "callLog") {
    return detected.mime === XLSX_MIME ? { ok: true, mime: XLSX_MIME, kind: "call_log" } : { ok: false, reason: "notTable" };
  }
  if (detected) {
    const kind = kindOfSniffedType(detected.mime);
    return kind ? { ok: true, mime: detected.mime, kind } : { ok: false, reason: "refused" };
  }
  const text = decodeText(head);
  // XML without a declaration is found only by its root: a call log's, or refused as markup.
  const root = text === null ? null : xmlRootOf(text);
  if (root !== null && xmlCallLogFormat(root)) return sniffXml(file, head);
  if (text === null || looksLikeMarkup(text)) return { ok: false, reason: file.field === "callLog" ? "notTable" : "refused" };
  if (file.field === "callLog") return looksLikeCsv(text) ? { ok: true, mime: "text/csv", kind: "call_log" } : { ok: false, reason: "notTable" };
  const headLines = text
    .replace(/^\uFEFF/, "")
    .split(/\r\n|\r|\n/, HEAD_LINES)
    .join("\n");
  if (findCallLogHeader(headLines)) return { ok: true, mime: "text/csv", kind: "call_log" };
  return { ok: true, mime: "text/plain", kind: "text" };
}

/** XML is taken only as a call log whose root is one we read; the reader then decides the rest. */
function sniffXml(file: StagedFile, head: Buffer): SniffResult {
  let root: string | null = null;
  try {
    root = xmlRootOf(new TextDecoder(xmlEncodingOf(head)).decode(head));
  } catch {
    // An encoding TextDecoder does not know: not XML we can read.
  }
  if (root !== null && xmlCallLogFormat(root)) return { ok: true, mime: XML_MIME, kind: "call_log" };
  return { ok: false, reason: file.field === "callLog" ? "notCallLogXml" : "refused" };
}

/** An image's metadata facts and its clean copy (null: the library cannot decode the format; the regulator alone gets the file). */
export type PhotoPart = { facts: PhotoFacts; clean: CleanCopy | null };

export type VettedFile = StagedFile & { mime: string; kind: EvidenceKind; photo?: PhotoPart };

/** Reads an accepted image's facts and makes its clean copy beside it in uploads/, before anything is stored. */
async function preparePhoto(file: StagedFile, mime: string): Promise<PhotoPart> {
  file.cleanPath = `${file.tmpPath}.clean`;
  const photo = await preparePhotoInWorker(file.tmpPath, mime, file.cleanPath);
  if (!photo.clean) file.cleanPath = undefined;
  return photo;
}

/** Checks every staged file; errors are catalogue keys per form field, naming the file. */
export async function vetStaged(upload: Upload): Promise<{ errors: Record<string, string[]>; accepted: VettedFile[] }> {
  const errors: Record<string, string[]> = {};
  const accepted: VettedFile[] = [];
  const fail = (field: string, message: string) => (errors[field] ??= []).push(message);
  if (upload.tooManyFiles) fail("evidence", "error.file.tooMany");
  for (const file of upload.files) {
    if (file.tooLarge) {
      fail(file.field, `error.file.tooLarge|${file.name}`);
      continue;
    }
    const result = await sniff(file);
    if (!result.ok) {
      fail(file.field, `error.file.${result.reason}|${file.name}`);
      continue;
    }
    if (result.kind !== "image") {
      accepted.push({ ...file, mime: result.mime, kind: result.kind });
      continue;
    }
    try {
      const photo = await preparePhoto(file, result.mime);
      // The same object, not a copy: discardStaged(upload.files) must see the clean copy's path.
      accepted.push(Object.assign(file, { mime: result.mime, kind: result.kind, photo }));
    } catch (error) {
      if (!(error instanceof UnreadableImage)) throw error;
      fail(file.field, `error.file.unreadableImage|${file.name}`);
    }
  }
  return { errors, accepted };
}

/** A stored image's clean copy, journalled like the original under its own hash. */
export type StoredClean = CleanCopy & { journalPath: string };

export type StoredFile = {
  name: string;
  sha256: string;
  size: number;
  mime: string;
  kind: EvidenceKind;
  journalPath: string;
  facts?: PhotoFacts;
  clean?: StoredClean;
};

/** Both files a stored upload may have: the original and an image's clean copy. */
const filesOf = (file: StoredFile) => [{ journalPath: file.journalPath, sha256: file.sha256 }, ...(file.clean ? [file.clean] : [])];

/** A journalled upload's name ends in its SHA-256, so whoever finds it after a crash knows which rows may need it. */
const journalled = /\.([0-9a-f]{64})$/;

/**
 * Makes staged files durable before the rows that name them commit: each is flushed to disk and
 * renamed, in this process's upload folder, to a name that carries its hash. They move into
 * evidence/ only after the commit (publishStored), so evidence/ never holds a file without a row;
 * a crash in between is finished by the next start (recoverUploads). docs/decisions/006-crash-safe-evidence.md
 */
export async function storeStaged(files: VettedFile[]): Promise<StoredFile[]> {
  const stored: StoredFile[] = [];
  try {
    for (const file of files) {
      const entry: StoredFile = { name: file.name, sha256: file.sha256, size: file.size, mime: file.mime, kind: file.kind, journalPath: "" };
      stored.push(entry);
      if (file.photo) entry.facts = file.photo.facts;
      if (file.photo?.clean && file.cleanPath) {
        await fsyncPath(file.cleanPath);
        const journalPath = `${file.cleanPath}.${file.photo.clean.sha256}`;
        await fsp.rename(file.cleanPath, journalPath);
        entry.clean = { ...file.photo.clean, journalPath };
      }
      await fsyncPath(file.tmpPath);
      entry.journalPath = `${file.tmpPath}.${file.sha256}`;
      await fsp.rename(file.tmpPath, entry.journalPath);
    }
    for (const dir of new Set(stored.map((f) => path.dirname(f.journalPath)))) await fsyncPath(dir);
  } catch (error) {
    const written = stored.flatMap(filesOf).filter((f) => f.journalPath);
    await Promise.all(written.map((f) => fsp.rm(f.journalPath, { force: true })));
    throw error;
  }
  return stored;
}

/** Moves the files of a committed write into evidence/; the same bytes replace the same bytes, so a duplicate is harmless. */
export async function publishStored(stored: StoredFile[]) {
  if (!stored.length) return;
  for (const file of stored.flatMap(filesOf)) await fsp.rename(file.journalPath, storedPath(file.sha256));
  await fsyncPath(evidenceDir());
}

/** Whether a committed row names these bytes, as an original or as an image's clean copy. */
async function isReferenced(sha256: string): Promise<boolean> {
  return (await db.evidence.count({ where: { OR: [{ sha256 }, { cleanSha256: sha256 }] } })) > 0;
}

/** Puts one journalled file where it belongs: into evidence/ if a committed row names its hash, otherwise away. */
async function settle(journalPath: string, sha256: string): Promise<"published" | "removed"> {
  if (await isReferenced(sha256)) {
    try {
      await fsp.rename(journalPath, storedPath(sha256));
    } catch (error) {
      // Another server clearing the same dead folder moved it first.
      if ((error as NodeJS.ErrnoException).code !== "ENOENT" || !fs.existsSync(storedPath(sha256))) throw error;
    }
    await fsyncPath(evidenceDir());
    return "published";
  }
  await fsp.rm(journalPath, { force: true });
  return "removed";
}

/**
 * After a failed write: removes its files, unless the rows did commit (the move into evidence/
 * failed after the commit), in which case the files are moved into place.
 */
export async function unstore(stored: StoredFile[]) {
  for (const file of stored.flatMap(filesOf)) {
    if (!fs.existsSync(file.journalPath)) continue;
    await settle(file.journalPath, file.sha256).catch((error: unknown) =>
      // Left in this process's folder: the next start of a server on this DATA_DIR settles it.
      console.error(`evidence ${file.sha256.slice(0, 12)} not settled: ${error instanceof Error ? error.message : String(error)}`),
    );
  }
}

/**
 * Gives an image stored before clean copies existed its facts and clean copy (`npm run setup`), in
 * the order a filing uses: the copy is made durable in uploads/, the row commits, then the copy
 * moves into evidence/. A format the library cannot decode is marked read, with no copy.
 */
export async function cleanStoredPhoto(row: { id: number; sha256: string; mime: string }): Promise<"cleaned" | "withheld" | "unreadable" | "missing"> {
  const original = storedPath(row.sha256);
  if (!fs.existsSync(original)) return "missing";
  const tmpPath = path.join(uploadDir(), randomUUID());
  let facts: PhotoFacts;
  let clean: CleanCopy | null;
  try {
    ({ facts, clean } = await preparePhotoInWorker(original, row.mime, tmpPath));
  } catch (error) {
    // Accepted before photos were read: left for the regulator alone, its metadata unknown.
    if (error instanceof UnreadableImage) return "unreadable";
    throw error;
  }
  if (!clean) {
    await db.evidence.update({ where: { id: row.id }, data: { photoRead: true, ...facts } });
    return "withheld";
  }
  const journalPath = `${tmpPath}.${clean.sha256}`;
  try {
    await fsyncPath(tmpPath);
    await fsp.rename(tmpPath, journalPath);
    await fsyncPath(path.dirname(journalPath));
    await db.evidence.update({
      where: { id: row.id },
      data: { photoRead: true, ...facts, cleanSha256: clean.sha256, cleanMime: clean.mime, cleanSize: clean.size },
    });
    await fsp.rename(journalPath, storedPath(clean.sha256));
    await fsyncPath(evidenceDir());
  } catch (error) {
    await fsp.rm(tmpPath, { force: true });
    if (fs.existsSync(journalPath)) await settle(journalPath, clean.sha256);
    throw error;
  }
  return "cleaned";
}

/**
 * Clears what processes that no longer run left in uploads/: half-received files are removed, and a
 * journalled file is moved into evidence/ when its filing committed, or removed when it did not.
 * A folder whose owner still runs (another server on this DATA_DIR) is left alone.
 */
export async function recoverUploads(): Promise<{ published: number; removed: number }> {
  const done = { published: 0, removed: 0 };
  for (const entry of deadUploadDirs()) {
    const names = fs.statSync(entry, { throwIfNoEntry: false })?.isDirectory() ? await fsp.readdir(entry) : [];
    let unsettled = 0;
    for (const name of names) {
      const file = path.join(entry, name);
      const sha256 = journalled.exec(name)?.[1];
      if (!sha256) {
        await fsp.rm(file, { force: true, recursive: true });
        done.removed++;
        continue;
      }
      try {
        done[await settle(file, sha256)]++;
      } catch (error) {
        // Kept, with its folder, for the next round: it may be the only copy of a committed file.
        unsettled++;
        console.error(`upload ${name} not settled: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (!unsettled) await fsp.rm(entry, { force: true, recursive: true });
  }
  return done;
}

/**
 * Removes evidence files no row names (left by versions that stored files before committing).
 * Each is first moved aside and only then looked up again, so a filing that commits the same
 * bytes meanwhile either is seen here or moves its own copy into place afterwards.
 */
export async function sweepUnreferencedEvidence(): Promise<number> {
  const referenced = new Set((await db.evidence.groupBy({ by: ["sha256"] })).map((r) => r.sha256));
  for (const row of await db.evidence.groupBy({ by: ["cleanSha256"], where: { cleanSha256: { not: null } } })) referenced.add(row.cleanSha256 ?? "");
  let removed = 0;
  for (const name of await fsp.readdir(evidenceDir())) {
    if (referenced.has(name) || !/^[0-9a-f]{64}$/.test(name)) continue;
    const aside = path.join(uploadDir(), `${randomUUID()}.unreferenced`);
    try {
      await fsp.rename(storedPath(name), aside);
    } catch {
      continue; // gone meanwhile
    }
    if (await isReferenced(name)) await fsp.rename(aside, storedPath(name));
    else {
      await fsp.rm(aside, { force: true });
      removed++;
    }
  }
  return removed;
}

type EvidenceFile = { sha256: string; mime: string; size: number; name: string };
type EvidenceRow = EvidenceFile & { kind: string; cleanSha256: string | null; cleanMime: string | null; cleanSize: number | null };

/**
 * The file a reader gets: the original to the regulator (and to the consumer, whose own file it is),
 * an image's clean copy to everyone else. An image without one (a format the library cannot decode,
 * or stored before clean copies and not yet given one by `npm run setup`) goes to nobody else.
 */
export function fileFor(evidence: EvidenceRow, original: boolean): EvidenceFile | null {
  if (original || evidence.kind !== "image") return evidence;
  if (!evidence.cleanSha256 || !evidence.cleanMime || evidence.cleanSize === null) return null;
  const name = evidence.cleanMime === evidence.mime ? evidence.name : `${evidence.name.replace(/\.[^.]*$/, "")}.${evidence.cleanMime.slice("image/".length)}`;
  return { sha256: evidence.cleanSha256, mime: evidence.cleanMime, size: evidence.cleanSize, name };
}

/** What a reviewer's page says of a photo: its facts, the type of the file they get (null: withheld), and the position only for the regulator. */
export type PhotoView = PhotoFacts & { read: boolean; servedMime: string | null; position: { latitude: number; longitude: number } | null };

type PhotoRow = EvidenceRow & { id: number; photoRead: boolean; takenAt: string | null; device: string | null; hadPosition: boolean };

/** The photo views of a complaint's images, by evidence id; the position is read from the original, never stored. */
export async function photoViews(evidence: PhotoRow[], regulator: boolean): Promise<Record<number, PhotoView>> {
  const views: Record<number, PhotoView> = {};
  const images = evidence.filter((e) => e.kind === "image");
  const located = regulator ? images.filter((e) => e.hadPosition) : [];
  const positions = await positionsInWorker(located.map((e) => storedPath(e.sha256)));
  for (const e of images) {
    const { takenAt, device, hadPosition, photoRead: read } = e;
    const position = positions[located.indexOf(e)] ?? null;
    views[e.id] = { read, takenAt, device, hadPosition, position, servedMime: fileFor(e, regulator)?.mime ?? null };
  }
  return views;
}

/** Serves one evidence file: inline only for images and audio, and even then able to run nothing. */
export function evidenceResponse(evidence: EvidenceFile): Response {
  const disposition = isInlineSafe(evidence.mime) ? "inline" : "attachment";
  return new Response(createReadableStreamFromReadable(fs.createReadStream(storedPath(evidence.sha256))), {
    headers: {
      "Content-Type": evidence.mime,
      "Content-Length": String(evidence.size),
      "Content-Disposition": `${disposition}; filename*=UTF-8''${encodeURIComponent(evidence.name)}`,
      // server.js adds X-Content-Type-Options: nosniff to every response.
      "Content-Security-Policy": "default-src 'none'; img-src 'self'; media-src 'self'; sandbox",
      "Cache-Control": "private, no-store",
    },
  });
}
