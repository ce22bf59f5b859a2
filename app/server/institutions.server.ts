import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { creditorKeys, KEEP_TYPED, matchCreditor, nameConflicts, type CreditorEntry } from "~/domain/creditor-names";
import { INSTITUTION_KINDS } from "~/domain/taxonomy";
import type { Institution } from "@prisma/client";
import { appendEvent } from "./audit.server";
import { lockFor } from "./concurrency.server";
import { db } from "./db.server";
import { readDialect, readRows } from "./reads.server";

const directorySchema = z.array(
  z.object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    nameZh: z.string().min(1),
    nameEn: z.string().min(1),
    kind: z.enum(INSTITUTION_KINDS),
    // The names people use (招行, 借呗, CMB); each belongs to one institution.
    aliases: z.array(z.string().min(1)).default([]),
    // Why a brand belongs where it does (助贷 platforms, renamed companies): for whoever edits the file.
    note: z.string().optional(),
    // Ids of former entries this one takes over (a brand listed as if it were a company): see retire().
    replaces: z.array(z.string()).default([]),
  }),
);

/**
 * Loads prisma/institutions.json into the database; institutions are upserted, never removed but
 * through an entry's `replaces` (complaints refer to them), and the aliases are replaced, as nothing
 * refers to them. A name given to two institutions is refused.
 */
export async function loadInstitutionDirectory(file = path.resolve("prisma/institutions.json")) {
  const entries = directorySchema.parse(JSON.parse(fs.readFileSync(file, "utf8")));
  const conflicts = nameConflicts(entries);
  if (conflicts.length) throw new Error(`institutions.json: ${conflicts.join("; ")}`);
  const retiring = entries.flatMap((e) => e.replaces).filter((id) => entries.some((e) => e.id === id));
  if (retiring.length) throw new Error(`institutions.json retires ${retiring.join(", ")} but still lists them`);
  // Instances starting together load it one after another (on SQLite, transactions already do).
  await db.$transaction(async (tx) => {
    await lockFor(tx, "institutions");
    for (const { aliases: _aliases, note: _note, replaces: _replaces, ...entry } of entries) {
      await tx.institution.upsert({ where: { id: entry.id }, create: entry, update: entry });
    }
    await tx.institutionAlias.deleteMany({});
    await tx.institutionAlias.createMany({
      data: entries.flatMap((e) => e.aliases.map((alias, position) => ({ alias, institutionId: e.id, position }))),
    });
  });
  for (const entry of entries) for (const old of entry.replaces) await retire(old, entry);
  return entries.length;
}

const RETIRE_BATCH = 200;

/**
 * Moves a retired institution's complaints to the entry that replaces it, each with an audited
 * `creditor_corrected` event by the system (a change to a complaint's rows without an event would
 * read as tampering to `npm run audit:verify`), then its reviewers, then drops it. Runs once: the
 * next start finds no such institution.
 */
async function retire(oldId: string, entry: { id: string; nameZh: string }) {
  if (!(await db.institution.findUnique({ where: { id: oldId } }))) return;
  const total = await db.complaint.count({ where: { institutionId: oldId } });
  for (let moved = 0; moved < total;) {
    const done = await db.$transaction(async (tx) => {
      await lockFor(tx, "institutions");
      const batch = await tx.complaint.findMany({
        where: { institutionId: oldId },
        select: { id: true, status: true, institutionName: true },
        orderBy: { id: "asc" },
        take: RETIRE_BATCH,
      });
      for (const complaint of batch) {
        await tx.complaint.update({ where: { id: complaint.id }, data: { institutionId: entry.id, institutionName: entry.nameZh, version: { increment: 1 } } });
        await appendEvent(tx, {
          complaintId: complaint.id,
          type: "creditor_corrected",
          actorRole: "system",
          actorId: null,
          fromStatus: complaint.status,
          toStatus: complaint.status,
          note: `${complaint.institutionName} (${oldId}) → ${entry.nameZh} (${entry.id})`,
          public: true,
        });
      }
      return batch.length;
    });
    if (done === 0) break;
    moved += done;
    console.log(`Institution directory: ${oldId} → ${entry.id}: ${moved} of ${total} complaints moved`);
  }
  await db.$transaction([
    db.user.updateMany({ where: { institutionId: oldId }, data: { institutionId: entry.id } }),
    db.institution.delete({ where: { id: oldId } }),
  ]);
}

export type DirectoryEntry = Institution & CreditorEntry;

type Directory = { institutions: Institution[]; entries: DirectoryEntry[]; keys: Map<string, DirectoryEntry> };
let kept: { version: number; directory: Directory } | null = null;

/**
 * The directory as the database holds it, kept in memory: every regulator's queue page, every filing
 * form and every filing read it, and it changes only when a process loads institutions.json. Each
 * read asks for DirectoryVersion, which triggers raise at every change to the directory's rows, and
 * reads the rows again only when it has moved: not after every filing, as when any commit did it.
 */
async function directory(): Promise<Directory> {
  // Read before the rows: a change committed in between is read again next time, never missed.
  const [row] = await readRows<{ version: number }>(`SELECT "version" FROM "DirectoryVersion" WHERE "id" = 1`);
  const version = row?.version ?? 0;
  if (kept?.version === version) return kept.directory;
  // In byte order on both engines (PostgreSQL's text order follows the locale); aliases as institutions.json lists them.
  const bytes = readDialect().byteOrder;
  const institutions = await readRows<Institution>(`SELECT "id", "nameZh", "nameEn", "kind" FROM "Institution" ORDER BY "kind"${bytes}, "id"${bytes}`);
  const aliases = await readRows<{ alias: string; institutionId: string }>(
    `SELECT "alias", "institutionId" FROM "InstitutionAlias" ORDER BY "institutionId"${bytes}, "position"`,
  );
  const entries = institutions.map((i) => ({ ...i, aliases: aliases.filter((a) => a.institutionId === i.id).map((a) => a.alias) }));
  kept = { version, directory: { institutions, entries, keys: creditorKeys(entries) } };
  return kept.directory;
}

/** The directory for the filing form and the queue's filter. Shared: not to be changed by the caller. */
export async function listInstitutions(): Promise<readonly Institution[]> {
  return (await directory()).institutions;
}

/** The directory with each institution's aliases, for the filing form's suggestions and for resolving a typed name. Shared: not to be changed. */
export async function creditorDirectory(): Promise<readonly DirectoryEntry[]> {
  return (await directory()).entries;
}

let published: { entries: readonly DirectoryEntry[]; body: string; etag: string } | null = null;

/**
 * The directory as the filing form fetches it (/creditors.json), with its ETag: written once each
 * time the directory changes, not on every form, so the form's page carries none of it.
 */
export async function creditorDirectoryJson(): Promise<{ body: string; etag: string }> {
  const entries = await creditorDirectory();
  if (published?.entries !== entries) {
    const body = JSON.stringify(entries.map(({ id, nameZh, nameEn, kind, aliases }) => ({ id, nameZh, nameEn, kind, aliases })));
    published = { entries, body, etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"` };
  }
  return published;
}

export type Creditor = { institutionId: string | null; institutionName: string };

/**
 * The creditor a filing names: a directory entry when the words name one exactly (or the consumer
 * picked one of the entries offered), the words as typed when they match nothing or the consumer
 * chose to keep them, and otherwise the close entries to offer ("did you mean…").
 */
export async function resolveCreditor(typed: string, choice = ""): Promise<{ creditor: Creditor } | { candidates: DirectoryEntry[] }> {
  const { entries, keys } = await directory();
  const picked = entries.find((e) => e.id === choice);
  if (picked) return { creditor: { institutionId: picked.id, institutionName: picked.nameZh } };
  const unknown = { creditor: { institutionId: null, institutionName: typed.trim() } };
  if (choice === KEEP_TYPED) return unknown;
  const match = matchCreditor(typed, keys);
  if (match.kind === "exact") return { creditor: { institutionId: match.entry.id, institutionName: match.entry.nameZh } };
  if (match.kind === "close") return { candidates: match.candidates };
  return unknown;
}

/** A "did you mean" for the filing form: what was typed and the entries close to it. */
export type CreditorQuestion = { typed: string; candidates: Pick<Institution, "id" | "nameZh" | "nameEn">[] };

/**
 * The creditor a filing form names, or the question to ask about it. The consumer's answer to an
 * earlier question (institutionChoice) counts only for the name it was asked about (institutionAsked).
 */
export async function creditorOfFiling(formData: FormData, typed: string): Promise<{ creditor: Creditor } | { question: CreditorQuestion }> {
  const field = (name: string) => {
    const value = formData.get(name);
    return typeof value === "string" ? value : "";
  };
  const resolved = await resolveCreditor(typed, field("institutionAsked") === typed ? field("institutionChoice") : "");
  if ("creditor" in resolved) return resolved;
  return { question: { typed, candidates: resolved.candidates.map(({ id, nameZh, nameEn }) => ({ id, nameZh, nameEn })) } };
}
