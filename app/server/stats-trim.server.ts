import { engine, type Engine } from "./engine.server";

/**
 * How far this server may trim the statistics change journal (StatsChange) after its index has read
 * it. Every server's index reads the journal at least once a minute (stats.server.ts). With several
 * instances on one PostgreSQL, what one has read another may not have read yet, and an index that
 * finds its next rows gone rebuilds itself from the table (a full load, every minute under writes).
 * So there a server trims only through what it had read LAG_MS ago, which every other running
 * instance has read beyond since. On SQLite, one server, it trims what it has read, as before.
 */
export function journalTrimmer(on: Engine, lagMs: number) {
  const read: { at: number; seq: number }[] = [];
  return (seq: number, now = Date.now()): number => {
    if (on !== "postgres") return seq;
    read.push({ at: now, seq });
    let through = 0;
    while (read.length && now - read[0].at >= lagMs) through = read.shift()!.seq;
    return through;
  };
}

const LAG_MS = 10 * 60_000;

export const trimmableThrough = journalTrimmer(engine(), LAG_MS);
