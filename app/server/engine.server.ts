export type Engine = "sqlite" | "postgres";

export function engine(): Engine {
  return /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "") ? "postgres" : "sqlite";
}
