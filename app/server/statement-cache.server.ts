import type Database from "better-sqlite3";

/**
 * A SQLite connection's statements, each prepared once and kept: preparing costs more than running
 * most of them. `max` only bounds a mistake (SQL built with values in it): past it, all are forgotten.
 */
export function statementCache(connection: Database.Database, max: number): (sql: string) => Database.Statement {
  const statements = new Map<string, Database.Statement>();
  return (sql) => {
    let statement = statements.get(sql);
    if (!statement) {
      if (statements.size >= max) statements.clear();
      statement = connection.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
}
