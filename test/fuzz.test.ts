import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "./support/cli";
import { listFiles } from "./support/filing";
import { startServer, type TestServer } from "./support/server";
import { formatReports, prepareContext, runFuzz, type FuzzContext } from "./fuzz/fuzz";

/** A slice of `npm run fuzz` (fixed seed, 100 requests a form), so `npm test` catches a new 500 or reset. */

let server: TestServer;
let context: FuzzContext;

beforeAll(async () => {
  // Limits high enough that fuzzed sign-ins and key guesses reach the code behind the rate limits.
  server = await startServer({ TRACK_ATTEMPTS_PER_ADDRESS: "1000000", TRACK_ATTEMPTS_PER_CODE: "1000000", LOGIN_ATTEMPTS: "1000000" });
  const reviewer = createUser(server.dataDir, "reg@example.cn", "regulator");
  context = await prepareContext(server.url, reviewer);
});
afterAll(() => server.stop());

describe("the fuzz suite's slice", () => {
  it("answers 100 mutated requests per form without a 5xx or a reset, and leaves no upload behind", { timeout: 300_000 }, async () => {
    const reports = await runFuzz(context, { seed: 20261129, perForm: 100 });
    const table = formatReports(reports);
    console.log(table);
    for (const report of reports) {
      expect(report.sent, report.form).toBe(100);
      expect(report.serverErrors + report.resets, table).toBe(0);
    }
    expect(listFiles(path.join(server.dataDir, "uploads"))).toEqual([]);
    // The exports' 503 is their "busy, come back" (two at a time), not a failure.
    const failures = server
      .logs()
      .split("\n")
      .filter((line) => / 5\d\d \d+ms/.test(line) && !/ GET \/stats\/export\.(csv|json) 503 /.test(line));
    expect(failures).toEqual([]);
  });
});
