import exifr from "exifr";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { FAKE_DEVICE, FAKE_POSITION, FAKE_TAKEN_AT, photoWithLocation, plainPhoto, undecodableHeic } from "../../test/support/photo-fixture";
import { makeCleanCopy, readPhotoFacts, readPosition, UnreadableImage } from "./photo.server";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cw-photo-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
let files = 0;
const write = (bytes: Buffer) => {
  const file = path.join(tmp, `in-${++files}`);
  fs.writeFileSync(file, bytes);
  return file;
};

describe.each(["jpeg", "png", "webp"] as const)("a %s photo with a position in its EXIF", (format) => {
  it("has a clean copy of the same format and dimensions with no EXIF, GPS, XMP, IPTC or ICC", async () => {
    const original = write(await photoWithLocation(format, { width: 96, height: 40 }));
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const to = path.join(tmp, `clean-${files}`);
    const copy = await makeCleanCopy(original, `image/${format}`, to);
    expect(copy?.mime).toBe(`image/${format}`);
    const meta = await sharp(to).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual([format, 96, 40]);
    expect([meta.exif, meta.xmp, meta.iptc, meta.icc]).toEqual([undefined, undefined, undefined, undefined]);
    expect(await exifr.gps(fs.readFileSync(to)).catch(() => undefined)).toBeUndefined();
    expect(fs.readFileSync(to).includes("GPS")).toBe(false);
    expect(fs.readFileSync(to).includes("FakeCam")).toBe(false);
    expect(copy?.size).toBe(fs.statSync(to).size);
  });

  it("gives its facts (taken at, device, a position was there) and its position only when asked", async () => {
    const original = write(await photoWithLocation(format));
    expect(await readPhotoFacts(original)).toEqual({ takenAt: FAKE_TAKEN_AT, device: FAKE_DEVICE, hadPosition: true });
    const position = await readPosition(original);
    expect(position?.latitude).toBeCloseTo(FAKE_POSITION.latitude, 4);
    expect(position?.longitude).toBeCloseTo(FAKE_POSITION.longitude, 4);
  });
});

describe("photos the library cannot make a copy of", () => {
  it("a picture with no metadata has empty facts and no position", async () => {
    const file = write(await plainPhoto("png"));
    expect(await readPhotoFacts(file)).toEqual({ takenAt: null, device: null, hadPosition: false });
    expect(await readPosition(file)).toBeNull();
  });

  it("a JPEG that is not one is refused and writes nothing", async () => {
    const broken = write(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 7)]));
    const to = path.join(tmp, "never");
    await expect(makeCleanCopy(broken, "image/jpeg", to)).rejects.toBeInstanceOf(UnreadableImage);
    expect(fs.existsSync(to)).toBe(false);
  });

  it("a HEIC that libvips cannot decode gets no copy rather than a refusal", async () => {
    const heic = write(undecodableHeic());
    const to = path.join(tmp, "heic-copy");
    expect(await makeCleanCopy(heic, "image/heic", to)).toBeNull();
    expect(fs.existsSync(to)).toBe(false);
  });
});
