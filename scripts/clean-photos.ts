// npm run photos:clean, also run by npm run setup: images stored before clean copies existed get
// their metadata facts (taken at, device, whether a position was there) and a copy without EXIF,
// GPS, XMP or IPTC, which is what reviewers other than the regulator then get
// (docs/decisions/021-photos-without-location.md). Safe to run again: with nothing to do it reads
// one index. Progress on stderr.
import fs from "node:fs";
import { db } from "~/server/db.server";
import { cleanStoredPhoto } from "~/server/evidence.server";
import { uploadDir } from "~/server/paths.server";
import { progressLine } from "./progress";

const where = { kind: "image", photoRead: false };
const total = await db.evidence.count({ where });
const progress = progressLine();
const outcomes = { cleaned: 0, withheld: 0, unreadable: 0, missing: 0 };
let after = 0;
let done = 0;
for (;;) {
  const batch = await db.evidence.findMany({
    where: { ...where, id: { gt: after } },
    orderBy: { id: "asc" },
    take: 50,
    select: { id: true, sha256: true, mime: true },
  });
  if (!batch.length) break;
  for (const row of batch) {
    outcomes[await cleanStoredPhoto(row)]++;
    done++;
    progress.update(`cleaning photos ${done}/${total} (${Math.round((done / total) * 100)}%)`);
  }
  after = batch[batch.length - 1].id;
}
progress.done();
if (done) {
  console.log(`${done} photo(s): ${outcomes.cleaned} given a clean copy, ${outcomes.withheld} in a format without one (regulator only)`);
  // A stored row whose file is gone is a problem for `npm run verify`, not for this script: it is tried again next time.
  if (outcomes.unreadable) console.warn(`${outcomes.unreadable} photo(s) could not be read: the regulator alone opens them; tried again next time`);
  if (outcomes.missing) console.warn(`${outcomes.missing} photo(s) missing from evidence/: run npm run verify`);
}
// This process's upload folder is empty now; a server's start would remove it anyway.
fs.rmSync(uploadDir(), { recursive: true, force: true });
await db.$disconnect();
