import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { dataDir } from "./paths.server";

/**
 * The consumer's name, phone and e-mail are sealed with AES-256-GCM before they reach the
 * database, so a copied database file (a backup, a stolen disk) does not give them away. The
 * key comes from DATA_ENCRYPTION_KEY (32 bytes, base64), or is generated once into
 * DATA_DIR/.data-encryption-key with a warning, like the session secret. Keys that sealed older
 * rows stay readable (DATA_ENCRYPTION_KEY_PREVIOUS, or the later lines of the key file) until
 * `npm run keys:rotate` has sealed every row under the current key. No database here, so a
 * worker thread may seal too; personal-data.server.ts adds what reads and rewrites rows.
 */

export const CONTACT_FIELDS = ["consumerName", "consumerPhone", "consumerEmail"] as const;
type ContactField = (typeof CONTACT_FIELDS)[number];
type Contact = Record<ContactField, string | null>;

export const PREFIX = "enc:v1:";
type Key = { id: string; bytes: Buffer };
type Keyring = { current: Key; all: Map<string, Key>; source: "environment" | "file" };

export function keyFile(): string {
  return path.join(dataDir(), ".data-encryption-key");
}

function toKey(base64: string): Key {
  const bytes = Buffer.from(base64.trim(), "base64");
  if (bytes.length !== 32) throw new Error("a data encryption key must be 32 bytes, base64-encoded");
  return { id: createHash("sha256").update(bytes).digest("hex").slice(0, 8), bytes };
}

export function newKeyBase64(): string {
  return randomBytes(32).toString("base64");
}

/** The key file's lines: the current key first, then older ones still needed to read old rows. */
export function writeKeyFile(keys: string[]) {
  const file = keyFile();
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, keys.join("\n") + "\n", { mode: 0o600 });
  fs.renameSync(temporary, file);
}

function loadKeyring(): Keyring {
  const fromEnv = process.env.DATA_ENCRYPTION_KEY;
  let lines: string[];
  let source: Keyring["source"];
  if (fromEnv) {
    lines = [fromEnv, ...(process.env.DATA_ENCRYPTION_KEY_PREVIOUS ?? "").split(",")];
    source = "environment";
  } else {
    if (!fs.existsSync(keyFile())) {
      console.warn(`DATA_ENCRYPTION_KEY is not set: generated one in ${keyFile()}. Set it in the environment for production, and keep it apart from backups.`);
      fs.writeFileSync(keyFile(), newKeyBase64() + "\n", { mode: 0o600, flag: "wx" });
    }
    lines = fs.readFileSync(keyFile(), "utf8").split("\n");
    source = "file";
  }
  const keys = lines.filter((line) => line.trim()).map(toKey);
  return { current: keys[0], all: new Map(keys.map((k) => [k.id, k])), source };
}

let keyring: Keyring | null = null;
let keyFileSeen = 0;
let keyFileCheckedAt = 0;

/** The keyring, read again when the key file changed (a rotation while the server runs); looked at once a second at most. */
function ring(): Keyring {
  if (keyring?.source === "file" && Date.now() - keyFileCheckedAt > 1000) {
    keyFileCheckedAt = Date.now();
    const changed = fs.statSync(keyFile(), { throwIfNoEntry: false })?.mtimeMs ?? 0;
    if (changed !== keyFileSeen) keyring = null;
  }
  if (!keyring) {
    keyring = loadKeyring();
    keyFileSeen = keyring.source === "file" ? fs.statSync(keyFile()).mtimeMs : 0;
  }
  return keyring;
}

export function currentKeyId(): string {
  return ring().current.id;
}

/** Seals one value; the field's name is bound in, so a value cannot be moved to another column. */
export function seal(value: string | null, field: ContactField): string | null {
  if (value === null) return null;
  const { current } = ring();
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", current.bytes, iv);
  cipher.setAAD(Buffer.from(field));
  const body = Buffer.concat([cipher.update(value, "utf8"), cipher.final()]);
  return `${PREFIX}${current.id}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
}

/** Opens a sealed value; a value stored before sealing existed is returned as it is. */
export function open(value: string | null, field: ContactField): string | null {
  if (value === null || !value.startsWith(PREFIX)) return value;
  const [keyId, payload] = value.slice(PREFIX.length).split(":");
  // A key this process has not seen yet: a rotation may have just written it.
  if (!ring().all.has(keyId)) keyring = null;
  const key = ring().all.get(keyId);
  if (!key) throw new Error(`personal data sealed with key ${keyId}, which is not in the keyring`);
  const bytes = Buffer.from(payload, "base64url");
  const decipher = createDecipheriv("aes-256-gcm", key.bytes, bytes.subarray(0, 12));
  decipher.setAAD(Buffer.from(field));
  decipher.setAuthTag(bytes.subarray(12, 28));
  return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString("utf8");
}

export function sealContact(contact: Contact): Contact {
  return {
    consumerName: seal(contact.consumerName, "consumerName"),
    consumerPhone: seal(contact.consumerPhone, "consumerPhone"),
    consumerEmail: seal(contact.consumerEmail, "consumerEmail"),
  };
}

/** The complaint with its contact details readable, for the pages and exports allowed to use them. */
export function openContact<T extends Contact>(complaint: T): T {
  return {
    ...complaint,
    consumerName: open(complaint.consumerName, "consumerName"),
    consumerPhone: open(complaint.consumerPhone, "consumerPhone"),
    consumerEmail: open(complaint.consumerEmail, "consumerEmail"),
  };
}
