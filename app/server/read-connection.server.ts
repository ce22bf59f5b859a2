import Database from "better-sqlite3";
import { databaseUrl } from "./paths.server";

/**
 * A read-only connection of its own, for work that must not run on the web server's event loop
 * or wait behind its writes: a worker thread opens one. In WAL mode it reads the last committed
 * state while the server writes, and never blocks the writer.
 */
export function openReadConnection(file = databaseUrl().replace(/^file:/, "")): Database.Database {
  const connection = new Database(file, { readonly: true, fileMustExist: true });
  connection.pragma("busy_timeout = 5000");
  return connection;
}
