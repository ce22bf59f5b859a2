import Database from "better-sqlite3";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { copyOfPostgresDatabase, dropPostgresDatabase, freshPostgresDatabase, onPostgres } from "./engine";

// Each data directory's PostgreSQL database, when the tests run on PostgreSQL.
const databases = new Map<string, string>();

/** A fresh DATA_DIR holding a copy of the migrated template database (on PostgreSQL, with a database of its own). */
export function freshDataDir(): string {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-test-"));
  if (onPostgres()) databases.set(dataDir, freshPostgresDatabase());
  else fs.copyFileSync(inject("templateDb"), path.join(dataDir, "collection-watch.db"));
  return dataDir;
}

/** A new DATA_DIR holding a copy of another's database as it is now (on PostgreSQL, a database of its own); no files. */
export function copyDataDir(source: string): string {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-copy-"));
  const database = databases.get(source);
  if (database) databases.set(dataDir, copyOfPostgresDatabase(database));
  else {
    const db = new Database(path.join(source, "collection-watch.db"));
    try {
      db.exec(`VACUUM INTO '${path.join(dataDir, "collection-watch.db")}'`);
    } finally {
      db.close();
    }
  }
  return dataDir;
}

/** The environment that points a server or a command at a data directory and its database. */
export function dataEnv(dataDir: string): Record<string, string> {
  const database = databases.get(dataDir);
  return database ? { DATA_DIR: dataDir, DATABASE_URL: database } : { DATA_DIR: dataDir };
}

/** Removes a data directory made by freshDataDir, and its database. */
export function removeDataDir(dataDir: string) {
  fs.rmSync(dataDir, { recursive: true, force: true });
  const database = databases.get(dataDir);
  if (database) dropPostgresDatabase(database);
  databases.delete(dataDir);
}

/** A port free now, so a server restarted on the same DATA_DIR can keep its address (and its clients their cookies). */
export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * The built server (or its supervisor) as a process the test can kill as it likes, on a DATA_DIR the
 * test keeps across restarts.
 */
export class ServerProcess {
  private output = "";
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(readonly child: ChildProcess) {
    const onData = (chunk: Buffer) => (this.output += chunk.toString());
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    this.exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  }

  static start(dataDir: string, script = "server.js", env: Record<string, string> = {}): ServerProcess {
    const child = spawn(process.execPath, [script], {
      cwd: path.resolve("."),
      env: { ...process.env, NODE_ENV: "production", PORT: "0", ...dataEnv(dataDir), SESSION_SECRET: "t".repeat(40), ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    return new ServerProcess(child);
  }

  logs(): string {
    return this.output;
  }

  /** Waits for the n-th line matching pattern (counting from 1), failing if the process exits first. */
  async waitFor(pattern: RegExp, nth = 1, timeoutMs = 30_000): Promise<RegExpMatchArray> {
    const global = new RegExp(pattern.source, pattern.flags.includes("g") ? pattern.flags : pattern.flags + "g");
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    void this.exited.then(() => (exited = true));
    for (;;) {
      const matches = [...this.output.matchAll(global)];
      if (matches.length >= nth) return matches[nth - 1];
      if (exited) throw new Error(`process exited before ${pattern}:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** The address of the n-th "listening on" line. */
  async url(nth = 1): Promise<string> {
    return (await this.waitFor(/listening on (http:\/\/[\d.:]+)/, nth))[1];
  }

  async kill(signal: NodeJS.Signals = "SIGTERM") {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }
}
