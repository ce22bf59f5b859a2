import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { endUserSession } from "~/server/auth.server";
import { requireCsrf } from "~/server/csrf.server";
import { readForm } from "~/server/form-body.server";

export async function loader() {
  return redirect("/");
}

/** Logging out deletes the session on the server, so a copied cookie is worthless afterwards. */
export async function action({ request }: ActionFunctionArgs) {
  await requireCsrf(request, await readForm(request));
  return redirect("/login", { headers: { "Set-Cookie": await endUserSession(request) } });
}
