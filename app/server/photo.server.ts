import exifr from "exifr";
import { createHash } from "node:crypto";
import fsp from "node:fs/promises";
import sharp from "sharp";

/**
 * Photos as reviewers other than the regulator get them: a copy re-encoded by sharp (libvips),
 * which writes no EXIF, GPS, XMP, IPTC or ICC metadata unless asked to, and the original's
 * metadata reduced to facts (taken at, device, whether a position was there).
 * docs/decisions/021-photos-without-location.md
 */

// One libvips thread and no cache: the machine is small and every image is read once.
sharp.concurrency(1);
sharp.cache(false);

/** Formats re-encoded as themselves; anything else sharp can decode (HEIC, if its libvips has a decoder) becomes JPEG. */
const SAME_FORMAT: Record<string, "jpeg" | "png" | "webp" | "gif"> = {
  "image/jpeg": "jpeg",
  "image/png": "png",
  "image/webp": "webp",
  "image/gif": "gif",
};

/** Formats sharp's prebuilt libvips may not decode (HEVC-coded HEIC, BMP): no copy, and the file goes to the regulator only. */
const MAYBE_UNREADABLE = new Set(["image/heic", "image/heif", "image/heic-sequence", "image/heif-sequence", "image/bmp"]);

/** Decoding is lenient with what phones write (a warning is not an error) and refuses pictures over 100 megapixels. */
const INPUT = { failOn: "error", limitInputPixels: 100_000_000 } as const;

export type CleanCopy = { sha256: string; size: number; mime: string };

/** A file that claims an image type but cannot be decoded as one: refused with the filing, like any unreadable evidence. */
export class UnreadableImage extends Error {}

/**
 * Writes the clean copy of the image at `from` to `to` (a new file). Null when the format is one
 * sharp cannot decode here (then nothing is written); UnreadableImage when it should and cannot.
 * Orientation is applied to the pixels, since the tag that carried it is gone.
 */
export async function makeCleanCopy(from: string, mime: string, to: string): Promise<CleanCopy | null> {
  const format = SAME_FORMAT[mime] ?? "jpeg";
  let output: Buffer;
  try {
    const image = format === "gif" ? sharp(from, { ...INPUT, animated: true }) : sharp(from, INPUT).rotate();
    output = await image.toFormat(format, format === "jpeg" || format === "webp" ? { quality: 92 } : {}).toBuffer();
  } catch (error) {
    if (MAYBE_UNREADABLE.has(mime)) return null;
    throw new UnreadableImage(error instanceof Error ? error.message : String(error));
  }
  await fsp.writeFile(to, output, { flag: "wx" });
  return { sha256: createHash("sha256").update(output).digest("hex"), size: output.length, mime: `image/${format}` };
}

/** What a reviewer may know of a photo's metadata. */
export type PhotoFacts = { takenAt: string | null; device: string | null; hadPosition: boolean };

type Tags = Record<string, unknown>;

/**
 * The EXIF block of the file, read by exifr from the file (JPEG, PNG, HEIC, TIFF) or, for
 * formats exifr does not open (WebP), from the block sharp finds. Null when there is none.
 */
async function readTags(file: string): Promise<{ tags: Tags | null; xmp: string }> {
  const options = { tiff: true, exif: true, gps: true, xmp: false, iptc: false, reviveValues: false, translateValues: false };
  let tags: Tags | null = null;
  let xmp = "";
  try {
    tags = ((await exifr.parse(file, options)) as Tags | undefined) ?? null;
  } catch {
    // Unknown to exifr or broken: sharp's reading below is the second chance.
  }
  try {
    const meta = await sharp(file, INPUT).metadata();
    xmp = meta.xmp?.toString("utf8") ?? "";
    if (!tags && meta.exif) {
      // sharp gives the APP1 payload; exifr reads the TIFF structure after the "Exif\0\0" mark.
      const tiff = meta.exif.subarray(0, 6).toString("latin1") === "Exif\0\0" ? meta.exif.subarray(6) : meta.exif;
      tags = ((await exifr.parse(tiff, options)) as Tags | undefined) ?? null;
    }
  } catch {
    // A format sharp cannot open (HEIC here): exifr's reading is all there is.
  }
  return { tags, xmp };
}

/** Printable text only, cut short: it is shown on reviewers' pages. */
function tagText(value: unknown, max: number): string | null {
  if (typeof value !== "string") return null;
  const text = Array.from(value.replace(/[\u0000-\u001f\u007f-\u009f]/g, "").trim())
    .slice(0, max)
    .join("");
  return text || null;
}

/** EXIF's "2026:05:01 21:30:00" and its offset, as "2026-05-01 21:30:00 +08:00": the camera's clock, as it read. */
function takenAt(tags: Tags): string | null {
  const raw = tagText(tags.DateTimeOriginal ?? tags.CreateDate ?? tags.DateTime, 32);
  const match = raw && /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(raw);
  if (!match || match[1] === "0000") return null;
  const offset = tagText(tags.OffsetTimeOriginal ?? tags.OffsetTime, 8);
  const time = `${match[1]}-${match[2]}-${match[3]} ${match[4]}:${match[5]}:${match[6]}`;
  return offset && /^[+-]\d{2}:\d{2}$/.test(offset) ? `${time} ${offset}` : time;
}

/** "Make Model", without the make twice when the model repeats it. */
function device(tags: Tags): string | null {
  const make = tagText(tags.Make, 60);
  const model = tagText(tags.Model, 60);
  if (make && model) return model.toLowerCase().startsWith(make.toLowerCase()) ? model : `${make} ${model}`;
  return make ?? model;
}

/** Reads the facts of a photo's metadata; a photo without any gives three empty facts. */
export async function readPhotoFacts(file: string): Promise<PhotoFacts> {
  const { tags, xmp } = await readTags(file);
  const gpsInExif = !!tags && (tags.GPSLatitude !== undefined || tags.GPSLongitude !== undefined);
  return {
    takenAt: tags && takenAt(tags),
    device: tags && device(tags),
    hadPosition: gpsInExif || /GPS(Latitude|Longitude)/.test(xmp),
  };
}

/** The position the photo's EXIF records, for the regulator only; null when it has none. */
export async function readPosition(file: string): Promise<{ latitude: number; longitude: number } | null> {
  const { tags } = await readTags(file);
  const latitude = tags?.latitude;
  const longitude = tags?.longitude;
  return typeof latitude === "number" && typeof longitude === "number" && Number.isFinite(latitude + longitude) ? { latitude, longitude } : null;
}

/** Work for the photo worker thread (photo.worker.ts): an upload's facts and clean copy, or the regulator's positions. */
export type PhotoJob = { op: "prepare"; file: string; mime: string; to: string } | { op: "positions"; files: string[] };

export type PhotoJobResult =
  | { op: "prepare"; ok: true; facts: PhotoFacts; clean: CleanCopy | null }
  | { op: "prepare"; ok: false; reason: string }
  | { op: "positions"; positions: ({ latitude: number; longitude: number } | null)[] };

export async function runPhotoJob(job: PhotoJob): Promise<PhotoJobResult> {
  if (job.op === "positions") return { op: "positions", positions: await Promise.all(job.files.map((file) => readPosition(file).catch(() => null))) };
  try {
    const facts = await readPhotoFacts(job.file);
    return { op: "prepare", ok: true, facts, clean: await makeCleanCopy(job.file, job.mime, job.to) };
  } catch (error) {
    if (error instanceof UnreadableImage) return { op: "prepare", ok: false, reason: error.message };
    throw error;
  }
}
