import crypto, { type KeyObject } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { headMessage, type ChainHead } from "~/domain/audit-chain";
import { dataDir } from "./paths.server";

/**
 * The audit signing key (Ed25519). It signs the chain head and anchors, and a seal key for
 * every event is derived from it, so it must live outside the database: AUDIT_SIGNING_KEY
 * (PEM, or base64 of the PKCS#8 DER or of the 32-byte seed), else a key generated once into
 * DATA_DIR/.audit-signing-key with a warning, as SESSION_SECRET is.
 */
const env = z.object({ AUDIT_SIGNING_KEY: z.string().trim().min(1).optional() }).parse(process.env);

export type AuditKey = {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** base64 of the public key's SPKI DER: the body of its PEM. */
  publicKeyText: string;
  /** first 16 hex digits of the SHA-256 of the public key's DER. */
  keyId: string;
  sealKey: Buffer;
  source: string;
};

const PKCS8_ED25519_SEED_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

export function parseSigningKey(text: string): KeyObject {
  const trimmed = text.trim();
  const key = trimmed.startsWith("-----BEGIN")
    ? crypto.createPrivateKey(trimmed)
    : (() => {
        const der = Buffer.from(trimmed, "base64");
        return crypto.createPrivateKey({ key: der.length === 32 ? Buffer.concat([PKCS8_ED25519_SEED_PREFIX, der]) : der, format: "der", type: "pkcs8" });
      })();
  if (key.asymmetricKeyType !== "ed25519") throw new Error(`the audit signing key must be an Ed25519 key, not ${key.asymmetricKeyType}`);
  return key;
}

export function publicKeyParts(publicKey: KeyObject) {
  const der = publicKey.export({ format: "der", type: "spki" });
  return { publicKeyText: der.toString("base64"), keyId: crypto.createHash("sha256").update(der).digest("hex").slice(0, 16) };
}

/** The key and what is derived from it (public key, key id, seal key), from its PEM or base64 text. */
export function auditKeyFromText(text: string, source = "text"): AuditKey {
  const privateKey = parseSigningKey(text);
  const publicKey = crypto.createPublicKey(privateKey);
  const seed = Buffer.from(privateKey.export({ format: "jwk" }).d!, "base64url");
  // A separate key for the seals, derived so that one secret is all there is to keep.
  const sealKey = Buffer.from(crypto.hkdfSync("sha256", seed, Buffer.alloc(0), "collection-watch audit seal v1", 32));
  return { privateKey, publicKey, ...publicKeyParts(publicKey), sealKey, source };
}

export function keyFile(): string {
  return path.join(dataDir(), ".audit-signing-key");
}

function generateKeyFile(file: string) {
  console.warn(`AUDIT_SIGNING_KEY is not set: generated one in ${file}. Set it in the environment for production, and keep it out of DATA_DIR.`);
  const { privateKey } = crypto.generateKeyPairSync("ed25519");
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, privateKey.export({ format: "pem", type: "pkcs8" }), { mode: 0o600 });
  try {
    // link() fails if another process got there first; then theirs is the key.
    fs.linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    fs.unlinkSync(temporary);
  }
}

let cached: AuditKey | undefined;

/** The key, generating it into DATA_DIR when there is none: for whatever appends events or anchors. */
export function auditKey(): AuditKey {
  if (cached) return cached;
  if (env.AUDIT_SIGNING_KEY) return (cached = auditKeyFromText(env.AUDIT_SIGNING_KEY, "AUDIT_SIGNING_KEY"));
  const file = keyFile();
  if (!fs.existsSync(file)) generateKeyFile(file);
  return (cached = auditKeyFromText(fs.readFileSync(file, "utf8"), file));
}

/** The key if there is one, never generating it: verifying with a new key would prove nothing. */
export function existingAuditKey(): AuditKey | null {
  if (cached || env.AUDIT_SIGNING_KEY || fs.existsSync(keyFile())) return auditKey();
  return null;
}

export function signHead(key: AuditKey, head: ChainHead): string {
  return crypto.sign(null, Buffer.from(headMessage(head)), key.privateKey).toString("base64");
}

/** Checks a signed head against a public key given as KeyObject or as base64 SPKI DER (an anchor's publicKey). */
export function headSignatureHolds(publicKey: KeyObject | string, head: ChainHead, signature: string): boolean {
  try {
    const key = typeof publicKey === "string" ? crypto.createPublicKey({ key: Buffer.from(publicKey, "base64"), format: "der", type: "spki" }) : publicKey;
    return crypto.verify(null, Buffer.from(headMessage(head)), key, Buffer.from(signature, "base64"));
  } catch {
    return false;
  }
}

/** Why a process whose key is not the chain's refuses to append to it or to vouch for it. */
export function otherKeyMessage(chainKeyId: string, key: AuditKey): string {
  return `the audit chain is signed by key ${chainKeyId}, but this process has key ${key.keyId} (from ${key.source}): set AUDIT_SIGNING_KEY to the chain's key`;
}
