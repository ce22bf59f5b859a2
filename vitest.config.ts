import path from "node:path";
import { defineConfig } from "vitest/config";

// The integration test files seen to pass on PostgreSQL. Files are added as they are ported, issue 15:
// a test that opens the SQLite file itself must reach its database through test/support/test-db.ts
// first. The browser tests stay on SQLite.
const POSTGRES_READY = [
  "audit",
  "bench-suite",
  "bounds",
  "call-log",
  "call-log-xml",
  "cfpb-import",
  "consumer-access",
  "crash",
  "creditors",
  "deadlines",
  "encryption",
  "engines-in-step",
  "export-limits",
  "export-redaction",
  "export-safety",
  "extension-ladder",
  "filing",
  "fuzz",
  "instances",
  "institution-directory",
  "notifications",
  "permissions",
  "phone-numbers",
  "photos",
  "privacy-headers",
  "publish-narratives",
  "queue",
  "queue-work",
  "reviewers",
  "seed-demo",
  "seed-indexes",
  "stats",
  "stats-index",
  "supervisor",
  "throttling",
  "timely-agreement",
  "tracking",
  "transactions",
  "visibility",
].map((name) => `test/${name}.test.ts`);

export default defineConfig({
  resolve: { alias: { "~": path.resolve("app") } },
  test: {
    // Two cores.
    maxWorkers: 2,
    // Some unit tests read large synthetic logs and workbooks; on a busy machine they need more than 5 s.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          // The domain and other code that needs no server: no build, no database, seconds (`npm run test:unit`).
          name: "unit",
          include: ["app/**/*.test.{ts,tsx}", "scripts/**/*.test.ts"],
          // Threads start faster than processes, and nothing here changes process-wide state.
          pool: "threads",
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["test/**/*.test.ts"],
          env: { TEST_ENGINE: "sqlite" },
          // Builds the app and migrates a template database. Vitest calls it only when a file of this
          // project is queued, so unit runs never build.
          globalSetup: ["test/support/global-setup.ts"],
          // Each file starts a server (test/support/server.ts), browser files a Chromium too.
          pool: "forks",
        },
      },
      // The same tests on PostgreSQL when a cluster is given (PG_TEST_URL, an admin URL: .ci/run starts
      // one with scripts/postgres-cluster.sh); the browser tests stay on SQLite.
      ...(process.env.PG_TEST_URL
        ? [
            {
              extends: true as const,
              test: {
                name: "integration-postgres",
                // PG_TEST_ALL=1 runs every file, to see what still fails.
                include: process.env.PG_TEST_ALL ? ["test/**/*.test.ts"] : POSTGRES_READY,
                exclude: ["test/browser/**"],
                env: { TEST_ENGINE: "postgres" },
                globalSetup: ["test/support/global-setup.ts"],
                pool: "forks",
              },
            },
          ]
        : []),
    ],
  },
});
