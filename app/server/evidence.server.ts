import { createReadableStreamFromReadable } from "@remix-run/node";
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { fileTypeFromFile } from "file-type";
import { isInlineSafe, kindOfSniffedType, looksLikeCsv, looksLikeMarkup, XLSX_MIME, type EvidenceKind } from "~/domain/evidence-types";
import { db } from "./db.server";
import { csrfMatches, expectedCsrf } from "./csrf.server";
import { bodyLimits, limits } from "./env.server";
import { FormRefusal, parseForm, type FileHandler } from "./form-body.server";
import { evidenceDir, uploadDir } from "./paths.server";

/** A file received from a form, on disk under uploads/ until the filing is committed. */
export type StagedFile = {
  field: string;
  name: string;
  tmpPath: string;
  size: number;
  sha256: string;
  tooLarge: boolean;
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
  await Promise.all(files.map((f) => fsp.rm(f.tmpPath, { force: true })));
}

export type SniffResult = { ok: true; mime: string; kind: EvidenceKind } | { ok: false; reason: "refused" | "notTable" | "empty" };

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

/** Types a staged file by its bytes; the call log field accepts only a table: CSV text or an Excel workbook. */
export async function sniff(file: StagedFile): Promise<SniffResult> {
  if (file.size === 0) return { ok: false, reason: "empty" };
  const detected = await fileTypeFromFile(file.tmpPath);
  if (detected && file.field === "callLog") {
    return detected.mime === XLSX_MIME ? { ok: true, mime: XLSX_MIME, kind: "call_log" } : { ok: false, reason: "notTable" };
  }
  if (detected) {
    const kind = kindOfSniffedType(detected.mime);
    return kind ? { ok: true, mime: detected.mime, kind } : { ok: false, reason: "refused" };
  }
  const text = decodeText(await readHead(file.tmpPath, 64 * 1024));
  if (text === null || looksLikeMarkup(text)) return { ok: false, reason: file.field === "callLog" ? "notTable" : "refused" };
  if (file.field === "callLog") return looksLikeCsv(text) ? { ok: true, mime: "text/csv", kind: "call_log" } : { ok: false, reason: "notTable" };
  return { ok: true, mime: "text/plain", kind: "text" };
}

export type VettedFile = StagedFile & { mime: string; kind: EvidenceKind };

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
    if (result.ok) accepted.push({ ...file, mime: result.mime, kind: result.kind });
    else fail(file.field, `error.file.${result.reason}|${file.name}`);
  }
  return { errors, accepted };
}

export type StoredFile = { name: string; sha256: string; size: number; mime: string; kind: EvidenceKind; created: boolean };

/** Moves staged files into evidence/, named by their SHA-256: the same bytes are stored once. */
export async function storeStaged(files: VettedFile[]): Promise<StoredFile[]> {
  const stored: StoredFile[] = [];
  for (const file of files) {
    const target = storedPath(file.sha256);
    const exists = fs.existsSync(target);
    if (exists) await fsp.rm(file.tmpPath, { force: true });
    else await fsp.rename(file.tmpPath, target);
    stored.push({ name: file.name, sha256: file.sha256, size: file.size, mime: file.mime, kind: file.kind, created: !exists });
  }
  return stored;
}

/** Undoes storeStaged after a failed write, leaving any file another complaint refers to. */
export async function unstore(files: StoredFile[]) {
  for (const file of files.filter((f) => f.created)) {
    const referenced = await db.evidence.count({ where: { sha256: file.sha256 } });
    if (referenced === 0) await fsp.rm(storedPath(file.sha256), { force: true });
  }
}

/** Removes uploads a crash left half-received. */
export async function clearUploads() {
  const dir = uploadDir();
  for (const name of await fsp.readdir(dir)) await fsp.rm(path.join(dir, name), { force: true });
}

/** Serves one evidence file: inline only for images and audio, and even then able to run nothing. */
export function evidenceResponse(evidence: { sha256: string; mime: string; size: number; name: string }): Response {
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
