import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { creditorKeys, KEEP_TYPED, matchCreditor, type CreditorEntry } from "~/domain/creditor-names";
import { INSTITUTION_KINDS } from "~/domain/taxonomy";
import type { Institution } from "@prisma/client";
import { db } from "./db.server";
import { readRows } from "./reads.server";

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
  }),
);

/**
 * Loads prisma/institutions.json into the database; institutions are upserted, never removed
 * (complaints refer to them: a retired one goes in a migration that moves its complaints), and the
 * aliases are replaced, as nothing refers to them. A name given to two institutions is refused.
 */
export async function loadInstitutionDirectory(file = path.resolve("prisma/institutions.json")) {
  const entries = directorySchema.parse(JSON.parse(fs.readFileSync(file, "utf8")));
  creditorKeys(entries);
  await db.$transaction(async (tx) => {
    for (const { aliases: _aliases, note: _note, ...entry } of entries) await tx.institution.upsert({ where: { id: entry.id }, create: entry, update: entry });
    await tx.institutionAlias.deleteMany({});
    await tx.institutionAlias.createMany({ data: entries.flatMap((e) => e.aliases.map((alias) => ({ alias, institutionId: e.id }))) });
  });
  return entries.length;
}

/** The directory for the filing form and the queue's filter (read on every regulator's queue page, so not through Prisma). */
export function listInstitutions() {
  return Promise.resolve(readRows<Institution>("SELECT id, nameZh, nameEn, kind FROM Institution ORDER BY kind, id"));
}

export type DirectoryEntry = Institution & CreditorEntry;

/** The directory with each institution's aliases, for the filing form's suggestions and for resolving a typed name. */
export function creditorDirectory(): DirectoryEntry[] {
  const aliases = readRows<{ alias: string; institutionId: string }>("SELECT alias, institutionId FROM InstitutionAlias ORDER BY rowid");
  return readRows<Institution>("SELECT id, nameZh, nameEn, kind FROM Institution ORDER BY kind, id").map((i) => ({
    ...i,
    aliases: aliases.filter((a) => a.institutionId === i.id).map((a) => a.alias),
  }));
}

export type Creditor = { institutionId: string | null; institutionName: string };

/**
 * The creditor a filing names: a directory entry when the words name one exactly (or the consumer
 * picked one of the entries offered), the words as typed when they match nothing or the consumer
 * chose to keep them, and otherwise the close entries to offer ("did you mean…").
 */
export function resolveCreditor(typed: string, choice = ""): { creditor: Creditor } | { candidates: DirectoryEntry[] } {
  const directory = creditorDirectory();
  const picked = directory.find((e) => e.id === choice);
  if (picked) return { creditor: { institutionId: picked.id, institutionName: picked.nameZh } };
  const unknown = { creditor: { institutionId: null, institutionName: typed.trim() } };
  if (choice === KEEP_TYPED) return unknown;
  const match = matchCreditor(typed, creditorKeys(directory));
  if (match.kind === "exact") return { creditor: { institutionId: match.entry.id, institutionName: match.entry.nameZh } };
  if (match.kind === "close") return { candidates: match.candidates };
  return unknown;
}
