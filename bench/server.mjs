// The built server as `npm start` runs it (256 MB heap cap), on a free port, for benchmarks.
import { spawn } from "node:child_process";
import fs from "node:fs";

/** @param {Record<string, string>} env @returns {Promise<{ base: string; pid: number; peakMb: () => number; stop: () => boolean }>} */
export async function startBenchServer(env) {
  const server = spawn(process.execPath, ["--max-old-space-size=256", "server.js"], {
    env: { ...process.env, ...env, NODE_ENV: "production", PORT: "0" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const base = await new Promise((resolve) => {
    let out = "";
    server.stdout.on("data", (chunk) => {
      out += chunk;
      const match = out.match(/listening on (http:\/\/[\d.:]+)/);
      if (match) resolve(match[1]);
    });
  });
  /** The server's peak resident memory so far (VmHWM), in MB. */
  const peakMb = () => Number(fs.readFileSync(`/proc/${server.pid}/status`, "utf8").match(/VmHWM:\s+(\d+)/)[1]) / 1024;
  return { base, pid: server.pid, peakMb, stop: () => server.kill("SIGTERM") };
}
