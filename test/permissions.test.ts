import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PAGES, PERMISSIONS, REVIEWER_INTENTS, ROLES, type Role } from "~/domain/permissions";
import { Client } from "./support/client";
import { createUser } from "./support/cli";
import { act, fileComplaint, signIn } from "./support/reviewer";
import { startServer, type TestServer } from "./support/server";
import { openTestDb } from "./support/test-db";

/**
 * Walks the permission table over real HTTP: every role (and an anonymous visitor)
 * against every reviewer page and every reviewer action, on a complaint the role may
 * see and on one it may not. Allowed actions are sent empty, so they come back 400
 * (validation) without changing anything; forbidden ones must be 403, invisible ones 404.
 */

let server: TestServer;
let mine: string; // routed to cmb
let theirs: string; // routed to icbc
const evidence: Record<string, number> = {};
const clients: Partial<Record<Role | "anonymous", Client>> = {};

beforeAll(async () => {
  server = await startServer();
  for (const role of ROLES) createUser(server.dataDir, `${role}@example.cn`, role, role === "bank" ? "cmb" : undefined);
  createUser(server.dataDir, "icbc@example.cn", "bank", "icbc");
  for (const role of ROLES) clients[role] = await signIn(server.url, `${role}@example.cn`);
  clients.anonymous = new Client(server.url);
  const regulator = clients.regulator!;
  mine = (await fileComplaint(server.url, { institution: "招商银行", categories: ["other"], collectorPhones: "" })).code;
  theirs = (await fileComplaint(server.url, { institution: "中国工商银行", categories: ["other"], collectorPhones: "" })).code;
  await act(regulator, mine, { intent: "route", route: "bank" });
  await act(regulator, theirs, { intent: "route", route: "bank" });
  const db = openTestDb(server.dataDir, { readonly: true });
  for (const code of [mine, theirs]) {
    evidence[code] = (
      (await db.get('SELECT e.id FROM "Evidence" e JOIN "Complaint" c ON c.id = e."complaintId" WHERE c.code = ?', [code])) as { id: number }
    ).id;
  }
  await db.close();
});
afterAll(() => server.stop());

describe("the permission table", () => {
  it("is what we decided", () => {
    expect(PERMISSIONS).toEqual({
      regulator: {
        pages: ["triage", "complaint", "evidence", "stats"],
        intents: ["route", "reject", "request_info", "note", "substantiate", "conclude", "correct_creditor", "assign"],
        scope: "all",
      },
      bank: { pages: ["triage", "complaint", "evidence"], intents: ["request_info", "note", "respond", "extend", "assign"], scope: "own_institution" },
      analyst: { pages: ["stats"], intents: [], scope: "none" },
      admin: { pages: [], intents: [], scope: "none" },
    });
  });

  let checked = 0;
  afterAll(() => console.log(`permission matrix: ${checked} role × page/action checks over HTTP`));

  for (const role of [...ROLES, "anonymous"] as const) {
    it(`holds for ${role} on every reviewer page and action`, async () => {
      const client = clients[role]!;
      const grant = role === "anonymous" ? null : PERMISSIONS[role];
      for (const [code, visible] of [
        [mine, grant !== null && grant.scope !== "none"],
        [theirs, grant !== null && grant.scope === "all"],
      ] as const) {
        const paths: Record<(typeof PAGES)[number], string> = {
          triage: "/triage",
          complaint: `/triage/${code}`,
          evidence: `/triage/${code}/evidence/${evidence[code]}`,
          stats: "/stats",
        };
        for (const page of PAGES) {
          const url = paths[page];
          const status = (await client.get(url)).status;
          const expected = !grant ? 302 : !grant.pages.includes(page) ? 404 : page === "triage" || page === "stats" || visible ? 200 : 404;
          expect({ role, page, code, status }).toEqual({ role, page, code, status: expected });
          checked++;
        }
        const csrf = await client.csrf("/track");
        for (const intent of REVIEWER_INTENTS) {
          const response = await client.post(`/triage/${code}`, new URLSearchParams({ csrf, intent, version: "1" }));
          const expected = !grant ? 302 : !grant.pages.includes("complaint") || !visible ? 404 : grant.intents.includes(intent) ? 400 : 403;
          expect({ role, intent, code, status: response.status }).toEqual({ role, intent, code, status: expected });
          checked++;
        }
      }
    });
  }
});
