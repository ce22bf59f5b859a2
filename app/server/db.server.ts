import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@prisma/client";
import { databaseUrl } from "./paths.server";

function connect(): PrismaClient {
  const client = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: databaseUrl() }) });
  // WAL lets readers continue while a filing is written; NORMAL is durable in WAL mode.
  void client.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  void client.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
  void client.$executeRawUnsafe("PRAGMA foreign_keys = ON");
  void client.$executeRawUnsafe("PRAGMA busy_timeout = 5000");
  return client;
}

// One client for the process, kept across development rebuilds.
const globalForDb = globalThis as unknown as { __db?: PrismaClient };
export const db = (globalForDb.__db ??= connect());
