export type Engine = "sqlite" | "postgres";

export const engine = (): Engine => (/^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "") ? "postgres" : "sqlite");
