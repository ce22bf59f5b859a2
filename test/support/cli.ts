import { spawnSync } from "node:child_process";
import path from "node:path";
import { dataEnv } from "./process";

/** Runs one of the project's npm commands (e.g. "user", "deadlines") against a test data directory. */
export function runCli(script: string, args: string[], dataDir: string, input?: string) {
  const result = spawnSync("npx", ["tsx", path.resolve("scripts", `${script}.ts`), ...args], {
    env: { ...process.env, ...dataEnv(dataDir), SESSION_SECRET: "t".repeat(40) },
    input,
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function createUser(dataDir: string, email: string, role: string, institution?: string, password = "correct horse battery staple") {
  const args = ["create", "--email", email, "--role", role, "--password-stdin", ...(institution ? ["--institution", institution] : [])];
  const result = runCli("user", args, dataDir, `${password}\n`);
  if (result.status !== 0) throw new Error(`user create failed: ${result.stderr}`);
  return { email, password };
}
