import type { LoaderFunctionArgs } from "@remix-run/node";
import { creditorDirectoryJson } from "~/server/institutions.server";

/**
 * The creditor directory for the filing form's suggestions (public: names of banks and lenders).
 * Browsers keep it five minutes, then ask again with its ETag and mostly get a 304.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { body, etag } = await creditorDirectoryJson();
  const headers = { "Content-Type": "application/json; charset=utf-8", ETag: etag, "Cache-Control": "public, max-age=300" };
  if (request.headers.get("If-None-Match") === etag) return new Response(null, { status: 304, headers });
  return new Response(body, { headers });
}
