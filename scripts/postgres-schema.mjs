// Writes prisma/postgres/schema.prisma from prisma/schema.prisma, the one schema people edit: the
// same models for PostgreSQL, whose client is generated beside SQLite's (Prisma fixes the provider
// per schema, and one generated client serves one provider). `--check` fails when the file is stale.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SOURCE = path.join(root, "prisma/schema.prisma");
export const TARGET = path.join(root, "prisma/postgres/schema.prisma");

/** The PostgreSQL schema for a SQLite schema's text. */
export function postgresSchema(sqlite) {
  const swapped = sqlite
    .replace(/(datasource db \{[^}]*provider\s*=\s*)"sqlite"/, '$1"postgresql"')
    .replace(/(generator client \{[^}]*?)\n\}/, '$1\n  output     = "../../node_modules/.prisma/postgres-client"\n}');
  if (!swapped.includes('"postgresql"') || !swapped.includes("postgres-client")) {
    throw new Error("prisma/schema.prisma: no sqlite datasource or client generator to rewrite");
  }
  return `// Generated from prisma/schema.prisma by scripts/postgres-schema.mjs: edit that file, then run the script.\n\n${swapped}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const wanted = postgresSchema(fs.readFileSync(SOURCE, "utf8"));
  const current = fs.existsSync(TARGET) ? fs.readFileSync(TARGET, "utf8") : null;
  if (process.argv.includes("--check")) {
    if (current !== wanted) {
      console.error("prisma/postgres/schema.prisma is stale: run node scripts/postgres-schema.mjs");
      process.exit(1);
    }
  } else if (current !== wanted) {
    fs.mkdirSync(path.dirname(TARGET), { recursive: true });
    fs.writeFileSync(TARGET, wanted);
    console.log("wrote prisma/postgres/schema.prisma");
  }
}
