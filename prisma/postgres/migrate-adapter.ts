import { PrismaPg } from "@prisma/adapter-pg";
import { DriverAdapterError } from "@prisma/driver-adapter-utils";
import { randomUUID } from "node:crypto";
import pg from "pg";

// PostgreSQL's catalog types (name, "char" and their arrays) as text and text[], which the adapter knows.
const AS_TEXT: Record<number, number> = { 18: 25, 19: 25, 1002: 1009, 1003: 1009 };

function catalogTypesAsText<T>(result: T): T {
  for (const field of (result as pg.QueryResult | undefined)?.fields ?? []) field.dataTypeID = AS_TEXT[field.dataTypeID] ?? field.dataTypeID;
  return result;
}

function pool(connectionString: string): pg.Pool {
  const pool = new pg.Pool({ connectionString, max: 2 });
  pool.on("connect", (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    client.query = ((...args: unknown[]) => {
      const done = args.at(-1);
      if (typeof done !== "function") return (query(...args) as Promise<unknown>).then(catalogTypesAsText);
      const callback = done as (error: Error | null, result: unknown) => void;
      args[args.length - 1] = (error: Error | null, result: unknown) => callback(error, catalogTypesAsText(result));
      return query(...args);
    }) as typeof client.query;
  });
  return pool;
}

async function connect(pool: pg.Pool) {
  const adapter = await new PrismaPg(pool, { disposeExternalPool: true }).connect();
  adapter.executeScript = async (script) => {
    try {
      await pool.query(script);
    } catch (error) {
      const { code, severity, message, detail, column, hint } = error as pg.DatabaseError;
      if (typeof code !== "string") throw error;
      throw new DriverAdapterError({ kind: "postgres", code, severity: severity ?? "ERROR", message, detail, column, hint });
    }
  };
  return adapter;
}

/**
 * The adapter Prisma's schema engine runs over on PostgreSQL (prisma.config.ts), with two faults of
 * @prisma/adapter-pg 6.19 worked around:
 * - it refuses the `name` columns of the catalog queries migrate makes ("Column type 'name' could
 *   not be deserialized", prisma/prisma#27403, open): the pool's connections report them as text;
 * - it runs a migration's script split at every ";", which cuts a function's body (the StatsChange
 *   trigger) and any comment holding one, and commits each piece on its own: the script goes whole,
 *   as one simple query, which PostgreSQL runs in one transaction (a failed migration leaves nothing).
 * `migrate diff --from-migrations` gets a shadow database made and dropped the same way.
 */
export function migrateAdapter(connectionString: string) {
  const main = pool(connectionString);
  return {
    provider: "postgres" as const,
    adapterName: "@prisma/adapter-pg",
    connect: () => connect(main),
    connectToShadowDb: async () => {
      const database = `prisma_migrate_shadow_db_${randomUUID()}`;
      await main.query(`CREATE DATABASE "${database}"`);
      const url = new URL(connectionString);
      url.pathname = `/${database}`;
      const shadow = await connect(pool(url.toString()));
      const dispose = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await dispose();
        await main.query(`DROP DATABASE "${database}"`);
      };
      return shadow;
    },
  };
}
