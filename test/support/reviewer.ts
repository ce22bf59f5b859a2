import { expect } from "vitest";
import { Client } from "./client";
import { filingForm, fixtureFile, validFiling } from "./filing";

export async function signIn(base: string, email: string, password = "correct horse battery staple"): Promise<Client> {
  const client = new Client(base);
  const csrf = await client.csrf("/login");
  const response = await client.post("/login", new URLSearchParams({ csrf, email, password }));
  expect(response.status).toBe(302);
  return client;
}

/** Files a complaint as a consumer and returns the consumer's client (holding the tracking session) and the code. */
export async function fileComplaint(
  base: string,
  overrides: Record<string, string | string[] | null> = {},
  files = [{ field: "evidence", file: fixtureFile("screenshot.png") }],
) {
  const consumer = new Client(base);
  const csrf = await consumer.csrf("/complaints/new");
  const response = await consumer.post("/complaints/new", filingForm(csrf, validFiling(overrides), files));
  expect(response.status).toBe(302);
  const code = response.headers.get("location")!.split("/")[2];
  await consumer.get(response.headers.get("location")!);
  return { consumer, code };
}

/** The version the complaint's reviewer page carries in its forms. */
export async function versionOf(client: Client, code: string): Promise<string> {
  const html = await (await client.get(`/triage/${code}`)).text();
  return html.match(/name="version" value="(\d+)"/)![1];
}

/** Posts one reviewer action with the current CSRF token and version. */
export async function act(client: Client, code: string, fields: Record<string, string>, version?: string) {
  const csrf = await client.csrf(`/triage/${code}`);
  const v = version ?? (await versionOf(client, code));
  return client.post(`/triage/${code}`, new URLSearchParams({ csrf, version: v, ...fields }));
}

export async function consumerAct(consumer: Client, code: string, fields: Record<string, string>) {
  const csrf = await consumer.csrf(`/track/${code}`);
  return consumer.post(`/track/${code}`, new URLSearchParams({ csrf, ...fields }));
}
