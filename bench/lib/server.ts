// The built server as `npm start` runs it (production, 256 MB heap cap), on a free port, with its
// memory read from /proc: what the suite measures every page against.
import { spawn } from "node:child_process";
import fs from "node:fs";

export type BenchServer = {
  base: string;
  pid: number;
  /** Resident memory now (VmRSS), MB. */
  rssMb(): number;
  /** Peak resident memory since the process started (VmHWM), MB. */
  peakMb(): number;
  alive(): boolean;
  logs(): string;
  stop(): Promise<void>;
};

export const SESSION_SECRET = "bench-".repeat(8);

/** A memory figure of a process from /proc, in MB; NaN once the process is gone. */
function statusMb(pid: number, field: "VmRSS" | "VmHWM"): number {
  try {
    const match = fs.readFileSync(`/proc/${pid}/status`, "utf8").match(new RegExp(`${field}:\\s+(\\d+)`));
    return match ? Number(match[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/**
 * `nodeArgs`: more flags for node (`--cpu-prof` to profile the server); BENCH_NODE_ARGS adds more to
 * every server a run starts (`BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/p" npm run bench -- …`).
 */
export async function startServer(dataDir: string, env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<BenchServer> {
  const fromEnv = process.env.BENCH_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];
  const child = spawn(process.execPath, ["--max-old-space-size=256", ...fromEnv, ...nodeArgs, "server.js"], {
    // SERVER_TIMING: each answer says how long its queries took in SQLite, to hold beside the bare query.
    env: { ...process.env, NODE_ENV: "production", PORT: "0", DATA_DIR: dataDir, SESSION_SECRET, BENCH_FLOOR: "1", SERVER_TIMING: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  void exit.then(() => (exited = true));
  const base = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      // Keep the start and the last 20 KB: a long run must not hold every line the server wrote.
      output = (output + chunk.toString()).slice(-20_000);
      const match = output.match(/listening on (http:\/\/[\d.:]+)/);
      if (match) resolve(match[1]);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    void exit.then(() => reject(new Error(`server exited before listening:\n${output}`)));
  });
  // Measure the server as it runs, not while its statistics index is still loading at start
  // (docs/decisions/012): that load takes a core for seconds to a minute at a million complaints.
  const ready = /statistics index: \d+ complaints in [\d.]+ s/;
  for (let waited = 0; !ready.test(output) && !exited && waited < 600_000; waited += 200) await new Promise((r) => setTimeout(r, 200));
  const pid = child.pid!;
  return {
    base,
    pid,
    rssMb: () => statusMb(pid, "VmRSS"),
    peakMb: () => statusMb(pid, "VmHWM"),
    alive: () => !exited,
    logs: () => output,
    stop: async () => {
      if (!exited) child.kill("SIGTERM");
      await exit;
    },
  };
}
