import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";

/**
 * Builds the app once and migrates one template database; every test file
 * then starts the built server on its own copy of that database.
 */
export default function setup(project: TestProject) {
  const root = path.resolve(".");
  execFileSync("npm", ["run", "build"], { cwd: root, env: { ...process.env, NODE_ENV: "production" }, stdio: "ignore" });
  const template = fs.mkdtempSync(path.join(os.tmpdir(), "cw-template-"));
  execFileSync("npx", ["prisma", "migrate", "deploy"], { cwd: root, env: { ...process.env, DATA_DIR: template }, stdio: "ignore" });
  project.provide("templateDb", path.join(template, "collection-watch.db"));
  return () => fs.rmSync(template, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    templateDb: string;
  }
}
