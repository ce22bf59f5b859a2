// While seed:demo fills an empty database, the indexes of the tables it writes are dropped and
// made again at the end: SQLite then sorts each index once instead of updating every index on
// every row (on a fresh database the inserts' index updates were most of the seed's main thread).
// Their definitions are kept in a file beside the database until they are back, so a seed that
// is stopped half-way has them made again by the next seed:demo (or by `--restore-indexes`).
// SQLite only: on PostgreSQL the seed writes beside running servers, whose queries would lose their
// indexes, and the indexes are kept up by the database server's process while the seed's thread
// makes the next batch (decision 026).
import type Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import { dataDir } from "~/server/paths.server";

const TABLES = ["Complaint", "Event", "ComplaintCategory", "CollectorPhone"];
const pendingFile = () => path.join(dataDir(), "seed-dropped-indexes.json");

type IndexDefinition = { name: string; sql: string };

/** The indexes that can be made again from their SQL (not those SQLite makes for a table's own UNIQUE or PRIMARY KEY). */
function droppable(connection: Database.Database): IndexDefinition[] {
  return connection
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${TABLES.map(() => "?").join(", ")}) ORDER BY name`)
    .all(...TABLES) as IndexDefinition[];
}

/** Nothing seeded or filed yet: the indexes may be dropped while seeding. */
export function emptyDatabase(connection: Database.Database): boolean {
  return !connection.prepare('SELECT EXISTS (SELECT 1 FROM "Complaint") OR EXISTS (SELECT 1 FROM "Event")').pluck().get();
}

/** Drops the indexes of the seeded tables, remembering them on disk first. */
export function dropSeedIndexes(connection: Database.Database): number {
  const indexes = droppable(connection);
  fs.writeFileSync(pendingFile(), JSON.stringify(indexes, null, 1), { mode: 0o600 });
  connection
    .transaction(() => {
      for (const { name } of indexes) connection.exec(`DROP INDEX "${name.replaceAll('"', '""')}"`);
    })
    .immediate();
  return indexes.length;
}

/** Makes again the indexes an earlier drop left on disk, one by one with progress; false if there were none. */
export function restoreSeedIndexes(connection: Database.Database, progress: (message: string) => void): boolean {
  if (!fs.existsSync(pendingFile())) return false;
  const indexes = JSON.parse(fs.readFileSync(pendingFile(), "utf8")) as IndexDefinition[];
  indexes.forEach(({ name, sql }, i) => {
    progress(`indexing ${i + 1}/${indexes.length}: ${name}`);
    // A unique index fails here if the seeded rows broke it: the seed stops with SQLite's message.
    connection.exec(sql.replace(/^CREATE (UNIQUE )?INDEX /i, (start) => `${start}IF NOT EXISTS `));
  });
  fs.rmSync(pendingFile());
  return true;
}
