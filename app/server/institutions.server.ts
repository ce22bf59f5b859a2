import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
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
  }),
);

/** Loads prisma/institutions.json into the database; entries are upserted, never removed (complaints refer to them). */
export async function loadInstitutionDirectory(file = path.resolve("prisma/institutions.json")) {
  const entries = directorySchema.parse(JSON.parse(fs.readFileSync(file, "utf8")));
  await db.$transaction(entries.map((entry) => db.institution.upsert({ where: { id: entry.id }, create: entry, update: entry })));
  return entries.length;
}

/** The directory for the filing form and the queue's filter (read on every regulator's queue page, so not through Prisma). */
export function listInstitutions() {
  return Promise.resolve(readRows<Institution>("SELECT id, nameZh, nameEn, kind FROM Institution ORDER BY kind, id"));
}

/** The consumer's words for their creditor, matched against the directory by id or either name. */
export async function resolveInstitution(text: string): Promise<{ institutionId: string | null; institutionName: string }> {
  const wanted = text.trim();
  const lower = wanted.toLowerCase();
  const all = await db.institution.findMany();
  const match = all.find((i) => i.id === lower || i.nameZh === wanted || i.nameEn.toLowerCase() === lower);
  return match ? { institutionId: match.id, institutionName: match.nameZh } : { institutionId: null, institutionName: wanted };
}
