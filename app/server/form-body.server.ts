import busboy, { type FileInfo } from "busboy";
import type { Readable } from "node:stream";
import { bodyLimits } from "./env.server";
import { refusal } from "./refusal.server";

/**
 * Every form body the app accepts is read here, bounded: a form's content type
 * (url-encoded or multipart, nothing else: 415), its size (413, refused from
 * Content-Length before a byte is read, else as soon as the count passes it), the
 * number and size of its fields (413), and its syntax (400). Refusals are thrown
 * as translated 4xx responses (refusal.server.ts), never as a 500.
 */

export type FormLimits = {
  /** The whole body. */
  maxBytes: number;
  /** File parts handed to onFile (busboy stops emitting after this many). */
  files: number;
  /** One file's bytes; the stream is cut there and marked `truncated`. */
  fileBytes: number;
};

export type FileStream = Readable & { truncated?: boolean };

/** Thrown by a file handler to refuse the whole request (e.g. a file part before a valid CSRF token). */
export class FormRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Called for each file part, in the order of the body. It must consume the
 * stream (or resume it to skip it); throwing a FormRefusal refuses the whole request.
 */
export type FileHandler = (field: string, stream: FileStream, info: FileInfo, formData: FormData) => void;

/** A form without files (tracking, sign-in, reviewer and consumer actions): small. */
export const SMALL_FORM: FormLimits = { maxBytes: bodyLimits.formBytes, files: 0, fileBytes: 0 };

const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

/** A form without files: its fields, any file part skipped. */
export function readForm(request: Request): Promise<FormData> {
  return parseForm(request, SMALL_FORM);
}

export async function parseForm(request: Request, limits: FormLimits, onFile?: FileHandler, onTooManyFiles?: () => void): Promise<FormData> {
  const contentType = request.headers.get("content-type") ?? "";
  const mediaType = contentType.split(";")[0].trim().toLowerCase();
  if (!FORM_TYPES.includes(mediaType)) throw await refusal(request, 415, "error.http.unsupportedType");
  // Only multipart carries files: a url-encoded body is always small.
  const maxBytes = mediaType === "multipart/form-data" ? limits.maxBytes : Math.min(limits.maxBytes, bodyLimits.formBytes);
  const declared = Number(request.headers.get("content-length") ?? "0");
  const tooLarge = limits.files > 0 ? "error.http.uploadTooLarge" : "error.http.tooLarge";
  if (declared > maxBytes) throw await refusal(request, 413, tooLarge);
  const formData = new FormData();
  if (!request.body) return formData;

  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": contentType },
      defParamCharset: "utf8",
      limits: {
        fields: bodyLimits.fields,
        fieldSize: bodyLimits.fieldBytes,
        fieldNameSize: 100,
        files: limits.files,
        fileSize: limits.fileBytes,
        parts: bodyLimits.fields + limits.files,
      },
    });
  } catch {
    // A multipart type without a boundary, or a content type busboy cannot read.
    throw await refusal(request, 400, "error.http.malformed");
  }

  // The first reason to refuse wins; reading stops at once.
  let refused: FormRefusal | null = null;
  const refuse = (status: number, message: string) => (refused ??= new FormRefusal(status, message));
  let finished = false;
  // A fault of ours inside a file handler (the disk, say): a 500 after reading stops, not a refusal.
  const fault: { error: Error | null } = { error: null };

  parser.on("field", (name, value, info) => {
    if (info.nameTruncated || info.valueTruncated) refuse(413, "error.http.fieldTooLarge");
    else formData.append(name, value);
  });
  parser.on("fieldsLimit", () => refuse(413, "error.http.tooManyFields"));
  parser.on("partsLimit", () => refuse(413, "error.http.tooManyFields"));
  parser.on("filesLimit", () => onTooManyFiles?.());
  parser.on("file", (field, stream: FileStream, info) => {
    // Stopping the parser destroys the part being read with an error: that is ours, not a crash.
    stream.on("error", () => {});
    if (refused || !onFile) {
      stream.resume();
      return;
    }
    try {
      onFile(field, stream, info, formData);
    } catch (error) {
      stream.resume();
      if (error instanceof FormRefusal) refused ??= error;
      else fault.error ??= error instanceof Error ? error : new Error(String(error));
    }
  });
  const done = new Promise<void>((resolve) => {
    parser.on("close", () => {
      finished = true;
      resolve();
    });
    parser.on("error", () => {
      // Busboy's errors are all about the body: a malformed or over-long part header, a truncated body.
      refuse(400, "error.http.malformed");
      resolve();
    });
  });

  // Read by hand rather than pipe: a refusal stops reading without cancelling the request's
  // stream, which would reset the connection before the answer is sent (server.js discards the rest).
  const reader = request.body.getReader();
  let received = 0;
  try {
    while (!refused && !fault.error) {
      const { done: ended, value } = await reader.read();
      if (ended) {
        parser.end();
        break;
      }
      received += value.byteLength;
      if (received > maxBytes) {
        refuse(413, tooLarge);
        break;
      }
      if (!parser.write(value)) await new Promise((resolve) => (refused ? resolve(null) : waitForDrain(parser, resolve)));
    }
  } catch {
    // The client went away or sent something the HTTP layer could not read.
    refuse(400, "error.http.malformed");
  } finally {
    reader.releaseLock();
  }
  if (fault.error) {
    parser.destroy();
    throw fault.error;
  }
  if (!refused) await done;
  if (!refused && !finished) refuse(400, "error.http.malformed");
  if (refused) {
    parser.destroy();
    const { status, message } = refused as FormRefusal;
    throw await refusal(request, status, message);
  }
  return formData;
}

function waitForDrain(parser: busboy.Busboy, resolve: (value: null) => void) {
  const wake = () => {
    parser.off("drain", wake);
    parser.off("error", wake);
    parser.off("close", wake);
    resolve(null);
  };
  parser.on("drain", wake);
  parser.on("error", wake);
  parser.on("close", wake);
}
