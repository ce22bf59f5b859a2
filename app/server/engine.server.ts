export type Engine = "sqlite" | "postgres";

/** DATABASE_URL `postgres://` or `postgresql://` means PostgreSQL; a `file:` URL or none, SQLite under DATA_DIR. */
export function engine(): Engine {
  return /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "") ? "postgres" : "sqlite";
}
