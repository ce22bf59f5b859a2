import sharp from "sharp";

/**
 * A made-up photo, built here rather than taken: a flat picture whose EXIF names a made-up camera,
 * a time, and a position (a point in the Huangpu River, nobody's home), and whose XMP repeats it.
 */
export const FAKE_POSITION = { latitude: 31.2325, longitude: 121.4925 };
export const FAKE_DEVICE = "FakeCam Test Model 7";
export const FAKE_TAKEN_AT = "2026-05-01 21:30:00 +08:00";

function dms(degrees: number): string {
  const d = Math.floor(degrees);
  const m = Math.floor((degrees - d) * 60);
  const s = Math.round(((degrees - d) * 60 - m) * 60 * 100);
  return `${d}/1 ${m}/1 ${s}/100`;
}

const XMP = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="31,13.95N" exif:GPSLongitude="121,29.55E"/></rdf:RDF></x:xmpmeta>`;

export async function photoWithLocation(format: "jpeg" | "png" | "webp", size = { width: 64, height: 48 }): Promise<Buffer> {
  return sharp({ create: { ...size, channels: 3, background: "#b03a2e" } })
    .withExif({
      IFD0: { Make: "FakeCam", Model: FAKE_DEVICE },
      IFD2: { DateTimeOriginal: "2026:05:01 21:30:00", OffsetTimeOriginal: "+08:00" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: dms(FAKE_POSITION.latitude), GPSLongitudeRef: "E", GPSLongitude: dms(FAKE_POSITION.longitude) },
    })
    .withXmp(XMP)
    .toFormat(format)
    .toBuffer();
}

/** A picture with no metadata at all. */
export async function plainPhoto(format: "jpeg" | "png" | "webp"): Promise<Buffer> {
  return sharp({ create: { width: 32, height: 32, channels: 3, background: "#2e86c1" } })
    .toFormat(format)
    .toBuffer();
}

const FTYP_HEIC = "000000186674797068656963000000006d69663168656963";

/**
 * What a phone's HEIC starts with (an ISO box naming the heic brand) and an empty meta box: typed
 * as image/heic by its bytes, and a file sharp's prebuilt libvips cannot decode, as with real
 * HEVC-coded HEIC photos.
 */
export function undecodableHeic(): Buffer {
  return Buffer.from(`${FTYP_HEIC}0000000c6d6574610000000000000000`, "hex");
}

/** A HEIC whose next box claims size 0: exifr 7.1.3 reads it for ever. */
export function loopingHeic(): Buffer {
  return Buffer.concat([Buffer.from(FTYP_HEIC, "hex"), Buffer.alloc(64)]);
}
