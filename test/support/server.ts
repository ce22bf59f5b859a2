import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { dataEnv, freshDataDir, removeDataDir } from "./process";

export type TestServer = { url: string; dataDir: string; logs: () => string; stop: () => Promise<void> };

/** Starts the built server on a free port with a fresh copy of the migrated database. */
export async function startServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = freshDataDir();
  let output = "";
  const child: ChildProcess = spawn(process.execPath, ["server.js"], {
    cwd: path.resolve("."),
    // A DATA_DIR given by the test (another server's) brings that server's database with it.
    env: { ...process.env, NODE_ENV: "production", PORT: "0", ...dataEnv(env.DATA_DIR ?? dataDir), SESSION_SECRET: "t".repeat(40), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/listening on (http:\/\/[\d.:]+)/);
      if (match) resolve(match[1]);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("exit", (code) => reject(new Error(`server exited (${code}):\n${output}`)));
  });
  return {
    url,
    dataDir,
    logs: () => output,
    stop: async () => {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
      removeDataDir(dataDir);
    },
  };
}
