import exifr from "exifr";
import { createHash } from "node:crypto";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, visibleText } from "./support/client";
import { createUser, runCli } from "./support/cli";
import { filingForm, listFiles, validFiling } from "./support/filing";
import { FAKE_DEVICE, FAKE_TAKEN_AT, loopingHeic, photoWithLocation, undecodableHeic } from "./support/photo-fixture";
import { act, fileComplaint, signIn } from "./support/reviewer";
import { startServer, type TestServer } from "./support/server";
import { openTestDb } from "./support/test-db";

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

async function download(client: Client, href: string) {
  const response = await client.get(href);
  expect(response.status).toBe(200);
  return { type: response.headers.get("content-type"), bytes: Buffer.from(await response.arrayBuffer()) };
}

/** The evidence links of a reviewer's page, by file name. */
function evidenceLinks(html: string, code: string): Map<string, string> {
  const links = [...html.matchAll(new RegExp(`<a href="(/triage/${code}/evidence/\\d+)">([^<]+)</a>`, "g"))];
  return new Map(links.map((m) => [m[2], m[1]]));
}

describe("photos reach reviewers without the consumer's location", () => {
  let server: TestServer;
  let regulator: Client;
  let bank: Client;
  let consumer: Client;
  let code: string;
  const originals: Record<string, Buffer> = {};

  beforeAll(async () => {
    server = await startServer();
    createUser(server.dataDir, "regulator@example.cn", "regulator");
    createUser(server.dataDir, "cmb@example.cn", "bank", "cmb");
    regulator = await signIn(server.url, "regulator@example.cn");
    bank = await signIn(server.url, "cmb@example.cn");
    originals["门口.jpg"] = await photoWithLocation("jpeg", { width: 120, height: 80 });
    originals["短信.png"] = await photoWithLocation("png");
    originals["聊天.webp"] = await photoWithLocation("webp");
    const files = Object.entries({ ...originals, "相册.heic": undecodableHeic() }).map(([name, bytes]) => ({
      field: "evidence",
      file: new File([new Uint8Array(bytes)], name),
    }));
    ({ consumer, code } = await fileComplaint(server.url, {}, files));
    expect((await act(regulator, code, { intent: "route", route: "bank", reason: "测试：交银行处理" })).status).toBe(302);
  });
  afterAll(() => server?.stop());

  it("gives the bank's reviewer a copy without EXIF, GPS or XMP, of the same picture", async () => {
    const links = evidenceLinks(await (await bank.get(`/triage/${code}`)).text(), code);
    // The HEIC, which the library cannot decode here, is not among them.
    expect([...links.keys()].sort()).toEqual(Object.keys(originals).sort());
    for (const [name, original] of Object.entries(originals)) {
      const { type, bytes } = await download(bank, links.get(name)!);
      const meta = await sharp(bytes).metadata();
      const before = await sharp(original).metadata();
      expect([type, meta.width, meta.height], name).toEqual([`image/${before.format}`, before.width, before.height]);
      expect([meta.exif, meta.xmp, meta.iptc], name).toEqual([undefined, undefined, undefined]);
      expect(await exifr.gps(bytes).catch(() => undefined), name).toBeUndefined();
      expect(bytes.includes(FAKE_DEVICE), name).toBe(false);
      expect(sha256(bytes), name).not.toBe(sha256(original));
    }
  });

  it("gives the regulator, and the consumer who filed them, the original bytes with the hash the page shows", async () => {
    const html = await (await regulator.get(`/triage/${code}`)).text();
    const links = evidenceLinks(html, code);
    const track = await (await consumer.get(`/track/${code}`)).text();
    for (const [name, original] of Object.entries(originals)) {
      const { bytes } = await download(regulator, links.get(name)!);
      expect(sha256(bytes), name).toBe(sha256(original));
      expect(html, name).toContain(sha256(original));
      const consumerHref = links.get(name)!.replace("/triage/", "/track/");
      expect(track).toContain(consumerHref);
      expect(sha256((await download(consumer, consumerHref)).bytes), name).toBe(sha256(original));
    }
  });

  it("tells reviewers when and with what the photo was taken and that it had a position, and only the regulator where", async () => {
    const bankPage = visibleText(await (await bank.get(`/triage/${code}`, { "accept-language": "en" })).text());
    const regulatorPage = visibleText(await (await regulator.get(`/triage/${code}`, { "accept-language": "en" })).text());
    for (const page of [bankPage, regulatorPage]) {
      expect(page).toContain(`Taken ${FAKE_TAKEN_AT} (camera clock)`);
      expect(page).toContain(`Device: ${FAKE_DEVICE}`);
      expect(page).toContain("Had a position");
    }
    expect(regulatorPage).toContain("Position: latitude 31.23250, longitude 121.49250");
    expect(bankPage).not.toContain("31.23");
    expect(bankPage).not.toContain("121.49");
    expect(bankPage).toContain("You see a copy without its EXIF, GPS, XMP and other metadata");
  });

  it("keeps a photo the library cannot decode (HEIC here) from everyone but the regulator", async () => {
    const regulatorLinks = evidenceLinks(await (await regulator.get(`/triage/${code}`)).text(), code);
    const href = regulatorLinks.get("相册.heic")!;
    expect(sha256((await download(regulator, href)).bytes)).toBe(sha256(undecodableHeic()));
    expect((await bank.get(href)).status).toBe(404);
    const bankPage = visibleText(await (await bank.get(`/triage/${code}`, { "accept-language": "en" })).text());
    expect(bankPage).toContain("相册.heic");
    expect(bankPage).toContain("No copy without metadata could be made (a format we cannot decode): only the regulator may open the original.");
  });

  it("refuses a picture that cannot be read and leaves no row and no file behind", async () => {
    const before = listFiles(path.join(server.dataDir, "evidence")).sort();
    const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from("JFIF\0"), Buffer.alloc(400, 0x5a)]);
    const filer = new Client(server.url);
    const csrf = await filer.csrf("/complaints/new");
    const files = [
      { field: "evidence", file: new File([new Uint8Array(originals["门口.jpg"])], "好的.jpg") },
      { field: "evidence", file: new File([new Uint8Array(broken)], "坏的.jpg") },
    ];
    const response = await filer.post("/complaints/new", filingForm(csrf, validFiling(), files), { "accept-language": "en" });
    expect(response.status).toBe(400);
    expect(visibleText(await response.text())).toContain("“坏的.jpg” looks like an image but cannot be read");
    expect(listFiles(path.join(server.dataDir, "evidence")).sort()).toEqual(before);
    expect(listFiles(path.join(server.dataDir, "uploads"))).toEqual([]);
    const db = openTestDb(server.dataDir, { readonly: true });
    try {
      expect(await db.get('SELECT count(*) AS n FROM "Complaint"')).toEqual({ n: 1 });
    } finally {
      await db.close();
    }
  });

  it("gives photos stored before clean copies their facts and copy with npm run setup's script, once", async () => {
    const db = openTestDb(server.dataDir);
    try {
      const rows = () => db.all('SELECT "cleanSha256", "photoRead", device, "hadPosition" FROM "Evidence" ORDER BY id');
      const cleaned = await rows();
      // As a version before clean copies left them: no copy, nothing read.
      await db.run(
        'UPDATE "Evidence" SET "cleanSha256" = NULL, "cleanMime" = NULL, "cleanSize" = NULL, "photoRead" = FALSE, device = NULL, "takenAt" = NULL, "hadPosition" = FALSE',
      );
      const links = evidenceLinks(await (await bank.get(`/triage/${code}`)).text(), code);
      expect(links.size).toBe(0);
      const first = runCli("clean-photos", [], server.dataDir);
      expect(first.status, first.stderr).toBe(0);
      expect(first.stdout).toContain("4 photo(s): 3 given a clean copy, 1 in a format without one");
      expect(await rows()).toEqual(cleaned);
      const again = runCli("clean-photos", [], server.dataDir);
      expect([again.status, again.stdout]).toEqual([0, ""]);
    } finally {
      await db.close();
    }
    const links = evidenceLinks(await (await bank.get(`/triage/${code}`)).text(), code);
    const { bytes } = await download(bank, links.get("门口.jpg")!);
    expect(await exifr.gps(bytes).catch(() => undefined)).toBeUndefined();
  });
});

describe("a photo whose metadata a reader loops on", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ PHOTO_TIMEOUT_MS: "2000" });
  });
  afterAll(() => server?.stop());

  it("is refused once the time is up, and the server answers meanwhile and after", async () => {
    const filer = new Client(server.url);
    const csrf = await filer.csrf("/complaints/new");
    const files = [{ field: "evidence", file: new File([new Uint8Array(loopingHeic())], "循环.heic") }];
    const pending = filer.post("/complaints/new", filingForm(csrf, validFiling(), files), { "accept-language": "en" });
    expect((await new Client(server.url).get("/")).status).toBe(200);
    const response = await pending;
    expect(response.status).toBe(400);
    expect(visibleText(await response.text())).toContain("“循环.heic” looks like an image but cannot be read");
    expect(listFiles(path.join(server.dataDir, "evidence"))).toEqual([]);
    expect(listFiles(path.join(server.dataDir, "uploads"))).toEqual([]);
  });
});
