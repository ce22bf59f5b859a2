import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { databaseUrl, psql } from "./engine";

const root = path.resolve(".");
const globalForBuild = globalThis as unknown as { __cwBuilt?: boolean };

/**
 * Builds the app once (for every project of the run) and migrates one template database; every
 * test file then starts the built server on its own copy of it: a copy of the SQLite file, or on
 * PostgreSQL (TEST_ENGINE=postgres, PG_TEST_URL) a database made with the template as TEMPLATE.
 */
export default function setup(project: TestProject) {
  if (!globalForBuild.__cwBuilt) {
    execFileSync("npm", ["run", "build"], { cwd: root, env: { ...process.env, NODE_ENV: "production" }, stdio: "ignore" });
    globalForBuild.__cwBuilt = true;
  }
  if (project.config.env.TEST_ENGINE === "postgres") return postgresTemplate(project);
  const template = fs.mkdtempSync(path.join(os.tmpdir(), "cw-template-"));
  execFileSync("npx", ["prisma", "migrate", "deploy"], { cwd: root, env: { ...process.env, DATA_DIR: template }, stdio: "ignore" });
  project.provide("templateDb", path.join(template, "collection-watch.db"));
  return () => fs.rmSync(template, { recursive: true, force: true });
}

function postgresTemplate(project: TestProject) {
  const adminUrl = process.env.PG_TEST_URL;
  if (!adminUrl) throw new Error("TEST_ENGINE=postgres needs PG_TEST_URL, an admin URL of a running cluster");
  // One name per run, so runs side by side (or one killed halfway) never take each other's databases.
  const prefix = `cw_test_${process.pid}_${Date.now().toString(36)}`;
  const template = `${prefix}_template`;
  psql(adminUrl, `CREATE DATABASE "${template}"`);
  execFileSync("npx", ["prisma", "migrate", "deploy"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl(adminUrl, template) },
    stdio: "ignore",
  });
  project.provide("postgresTemplate", { adminUrl, template, prefix });
  return () => {
    const left = psql(adminUrl, `SELECT datname FROM pg_database WHERE datname LIKE '${prefix}%'`).split("\n").filter(Boolean);
    for (const name of left) psql(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    templateDb: string;
    postgresTemplate: { adminUrl: string; template: string; prefix: string };
  }
}
