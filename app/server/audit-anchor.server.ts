import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { z } from "zod";
import { anchorSchema, type Anchor } from "~/domain/audit-chain";
import { headSignatureHolds, publicKeyParts, signHead, type AuditKey } from "./audit-key.server";
import { dataDir } from "./paths.server";

/**
 * Anchors: signed chain heads kept outside the database, one JSON line each, appended to a
 * file (AUDIT_ANCHOR_FILE) or printed for publication. Whoever rewrites or truncates the chain
 * cannot rewrite the anchors, so an anchored event that is missing or changed gives them away.
 */

const env = z.object({ AUDIT_ANCHOR_FILE: z.string().trim().min(1).optional() }).parse(process.env);

/** The anchor file: a command's --file, else AUDIT_ANCHOR_FILE, else none. */
export function anchorFileSetting(argument?: string): string | null {
  const file = argument ?? env.AUDIT_ANCHOR_FILE;
  return file ? path.resolve(file) : null;
}

export function createAnchor(key: AuditKey, head: { eventId: number; hash: string }, now = new Date()): Anchor {
  const signedAt = now;
  return {
    eventId: head.eventId,
    hash: head.hash,
    signedAt: signedAt.toISOString(),
    keyId: key.keyId,
    publicKey: key.publicKeyText,
    signature: signHead(key, { ...head, signedAt }),
  };
}

function realPathOfNearestAncestor(target: string): string {
  let dir = target;
  const rest: string[] = [];
  while (!fs.existsSync(dir)) {
    rest.unshift(path.basename(dir));
    dir = path.dirname(dir);
  }
  return path.join(fs.realpathSync(dir), ...rest);
}

/** Why this file cannot hold anchors, or null. Inside DATA_DIR it would share the database's fate. */
export function anchorFileProblem(file: string): string | null {
  const target = realPathOfNearestAncestor(path.resolve(file));
  const data = fs.realpathSync(dataDir());
  if (target === data || target.startsWith(data + path.sep))
    return `the anchor file must be outside DATA_DIR (${data}): whoever can change the database can change what is beside it`;
  return null;
}

export function appendAnchor(file: string, anchor: Anchor) {
  const fd = fs.openSync(file, "a", 0o644);
  try {
    fs.writeSync(fd, JSON.stringify(anchor) + "\n");
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export type AnchorProblem = { line: number; eventId: number | null; reason: "unreadable" | "key" | "signature" | "missing" | "hash"; message: string };
export type AnchorCheck = { ok: true; anchors: number; last: Anchor | null } | { ok: false; anchors: number; problem: AnchorProblem };

/**
 * Reads the anchor file a line at a time and checks each anchor: signed by this key, and
 * its event still in the chain with the same hash. Returns the first that fails.
 */
export async function checkAnchors(file: string, key: AuditKey | null, hashOf: (eventId: number) => Promise<string | null>): Promise<AnchorCheck> {
  const lines = readline.createInterface({ input: fs.createReadStream(file, "utf8"), crlfDelay: Infinity });
  let line = 0;
  let anchors = 0;
  let last: Anchor | null = null;
  const fail = (eventId: number | null, reason: AnchorProblem["reason"], message: string): AnchorCheck => {
    lines.close();
    return { ok: false, anchors, problem: { line, eventId, reason, message: `anchor at line ${line} of ${file}: ${message}` } };
  };
  for await (const text of lines) {
    line++;
    if (!text.trim()) continue;
    let anchor: Anchor;
    try {
      anchor = anchorSchema.parse(JSON.parse(text));
    } catch {
      return fail(null, "unreadable", "not a signed chain head");
    }
    const head = { eventId: anchor.eventId, hash: anchor.hash, signedAt: new Date(anchor.signedAt) };
    let embeddedId: string | null = null;
    try {
      embeddedId = publicKeyParts(crypto.createPublicKey({ key: Buffer.from(anchor.publicKey, "base64"), format: "der", type: "spki" })).keyId;
    } catch {
      embeddedId = null;
    }
    if (embeddedId !== anchor.keyId || (key && anchor.keyId !== key.keyId)) {
      return fail(anchor.eventId, "key", `signed by another key (${anchor.keyId}), not this database's audit key (${key?.keyId ?? "none"})`);
    }
    if (!headSignatureHolds(anchor.publicKey, head, anchor.signature))
      return fail(anchor.eventId, "signature", "its signature does not hold (the line was edited)");
    const hash = await hashOf(anchor.eventId);
    if (hash === null) return fail(anchor.eventId, "missing", `event ${anchor.eventId} is no longer in the chain: the chain was truncated or rewritten`);
    if (hash !== anchor.hash)
      return fail(anchor.eventId, "hash", `event ${anchor.eventId} no longer has the anchored hash: the chain was rewritten at or before it`);
    anchors++;
    last = anchor;
  }
  return { ok: true, anchors, last };
}
