// npm run keys:rotate: seals every consumer's contact details under a new key, then forgets the old
// key once no row needs it. With DATA_ENCRYPTION_KEY set, the new key is that variable and the old
// ones are DATA_ENCRYPTION_KEY_PREVIOUS (comma-separated); without it, the key file is rotated.
import fs from "node:fs";
import { currentKeyId, keyFile, keyIdsInUse, newKeyBase64, resealAll, writeKeyFile } from "~/server/personal-data.server";

const fromEnvironment = Boolean(process.env.DATA_ENCRYPTION_KEY);
let keptLines: string[] = [];
if (!fromEnvironment) {
  currentKeyId(); // creates the key file on a fresh data directory
  keptLines = fs
    .readFileSync(keyFile(), "utf8")
    .split("\n")
    .filter((line) => line.trim());
  writeKeyFile([newKeyBase64(), ...keptLines]);
}
const current = currentKeyId();
const rewritten = await resealAll((done, total) =>
  process.stderr.write(`\rresealing ${done}/${total} complaints (${total ? Math.round((done / total) * 100) : 100}%)`),
);
process.stderr.write("\n");
const inUse = await keyIdsInUse();
const stillOld = [...inUse].filter((id) => id !== current);
console.log(`${rewritten} complaint(s) resealed under key ${current}`);
if (stillOld.length) {
  // A server filed something under the old key meanwhile: keep it readable, and run this again.
  console.log(`rows sealed with ${stillOld.join(", ")} remain (written while this ran): the old key is kept; run keys:rotate again`);
} else if (fromEnvironment) {
  console.log("no row needs the previous keys: remove DATA_ENCRYPTION_KEY_PREVIOUS and restart the service");
} else {
  writeKeyFile([fs.readFileSync(keyFile(), "utf8").split("\n")[0]]);
  console.log(`old key(s) removed from ${keyFile()}; running servers pick up the new key by themselves`);
}
