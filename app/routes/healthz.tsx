import { json } from "@remix-run/node";
import { connectionSettings } from "~/server/db.server";

/** For a supervisor or load balancer: the server answers, and its database connection is set up as it must be. */
export async function loader() {
  return json({ status: "ok", database: await connectionSettings() }, { headers: { "Cache-Control": "no-store" } });
}
