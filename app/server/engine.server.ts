export type Engine = "sqlite" | "postgres";

/** PostgreSQL when DATABASE_URL is a postgres:// or postgresql:// URL; otherwise SQLite under DATA_DIR. */
export function engine(): Engine {
  return /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "") ? "postgres" : "sqlite";
}
