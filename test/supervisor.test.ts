import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, freshDataDir, ServerProcess } from "./support/process";

const dataDirs: string[] = [];
afterAll(() => dataDirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("the supervisor npm start runs", () => {
  it("brings the service back when the server dies, and stops cleanly on SIGTERM", async () => {
    const dataDir = freshDataDir();
    dataDirs.push(dataDir);
    const supervisor = ServerProcess.start(dataDir, "supervisor.js", { PORT: String(await freePort()) });
    try {
      const url = await supervisor.url();
      expect((await fetch(url)).status).toBe(200);
      const first = Number((await supervisor.waitFor(/server started \(pid (\d+)\)/))[1]);

      process.kill(first, "SIGKILL");
      await supervisor.waitFor(/killed by SIGKILL after [\d.]+ s; restarting now/);
      const second = Number((await supervisor.waitFor(/server started \(pid (\d+)\)/, 2))[1]);
      expect(await supervisor.url(2)).toBe(url);
      expect((await fetch(url)).status).toBe(200);

      // A server that runs out of its heap is restarted the same way; the cap is on the command line it was given.
      expect(fs.readFileSync(`/proc/${second}/cmdline`, "utf8").split("\0")).toContain("--max-old-space-size=256");

      expect(await supervisor.kill("SIGTERM")).toEqual({ code: 0, signal: null });
      expect(alive(second)).toBe(false);
      expect(supervisor.logs()).toContain("supervisor: SIGTERM: stopping the server");
    } finally {
      await supervisor.kill("SIGKILL");
    }
  });

  it("waits longer each time the server dies young, and still stops at once", async () => {
    // DATA_DIR is a file: the server dies as it starts, every time.
    const dataDir = freshDataDir();
    dataDirs.push(dataDir);
    const notADirectory = path.join(dataDir, "collection-watch.db");
    const supervisor = ServerProcess.start(notADirectory, "supervisor.js", { PORT: String(await freePort()) });
    try {
      await supervisor.waitFor(/exited with code 1 after [\d.]+ s; restarting now/);
      await supervisor.waitFor(/2 deaths in a row within 30 s of starting; restarting in 1 s/);
      await supervisor.waitFor(/3 deaths in a row within 30 s of starting; restarting in 2 s/);
      const stopped = Date.now();
      expect(await supervisor.kill("SIGINT")).toEqual({ code: 0, signal: null });
      expect(Date.now() - stopped).toBeLessThan(1500);
    } finally {
      await supervisor.kill("SIGKILL");
    }
  });
});
