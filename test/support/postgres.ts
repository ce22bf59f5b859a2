import { execFileSync } from "node:child_process";
import { databaseUrl, psql } from "./engine";

/**
 * A fresh PostgreSQL database for one test file, on the cluster PG_TEST_URL names (an admin URL:
 * .ci/run starts one), migrated as `npm run setup` migrates one; dropped by `drop`.
 */
export function freshPostgres(prefix: string): { url: string; drop: () => void } {
  const admin = process.env.PG_TEST_URL!;
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}`;
  psql(admin, `CREATE DATABASE "${name}"`);
  const url = databaseUrl(admin, name);
  execFileSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: url }, stdio: "pipe" });
  return { url, drop: () => psql(admin, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}
