// Prisma cannot download its native engines here: run the JavaScript engine over a driver adapter,
// better-sqlite3 or, for a postgres:// DATABASE_URL, node-postgres (docs/decisions/022).
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= "/dev/null";
process.env.PRISMA_QUERY_ENGINE_LIBRARY ??= "/dev/null";

import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { defineConfig } from "prisma/config";
import { engine } from "./app/server/engine.server";
import { databaseUrl } from "./app/server/paths.server";
import { migrateAdapter } from "./prisma/postgres/migrate-adapter";

const url = databaseUrl();
process.env.DATABASE_URL = url;
const postgres = engine() === "postgres";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  // Each engine has its schema (the PostgreSQL one generated from SQLite's) and, beside it, its migrations.
  schema: postgres ? "prisma/postgres/schema.prisma" : "prisma/schema.prisma",
  adapter: async () => (postgres ? migrateAdapter(url) : new PrismaBetterSQLite3({ url })),
});
