import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import { filingForm, fixture, validFiling } from "./filing";

const png = fs.readFileSync(fixture("screenshot.png"));

/** A real PNG with random bytes after its end: typed as an image, and different bytes every time. */
export function uniqueScreenshot(size: number): { bytes: Uint8Array<ArrayBuffer>; sha: string } {
  const bytes = new Uint8Array(Buffer.concat([png, randomBytes(size)]));
  return { bytes, sha: createHash("sha256").update(bytes).digest("hex") };
}

/**
 * A filing with a 2 MB screenshot sent in two halves, as from a slow phone: the second half is held
 * back until `finish` is called, or never sent when the filing is abandoned.
 */
export async function slowFiling(url: string, headers: Record<string, string> = {}) {
  const page = await fetch(`${url}/complaints/new`);
  const cookie = page.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");
  const csrf = (await page.text()).match(/name="csrf" value="([^"]+)"/)![1];
  const screenshot = uniqueScreenshot(2_000_000);
  const encoded = new Response(filingForm(csrf, validFiling(), [{ field: "evidence", file: new File([screenshot.bytes], "截图.png", { type: "image/png" }) }]));
  const body = Buffer.from(await encoded.arrayBuffer());
  const request = http.request(`${url}/complaints/new`, {
    method: "POST",
    headers: { ...headers, "content-type": encoded.headers.get("content-type")!, "content-length": body.length, cookie },
  });
  const response = new Promise<http.IncomingMessage>((resolve, reject) => request.on("response", resolve).on("error", reject));
  response.catch(() => undefined); // an abandoned request's answer is never awaited
  request.write(body.subarray(0, body.length / 2));
  return {
    sha: screenshot.sha,
    finish: async () => {
      request.end(body.subarray(body.length / 2));
      const answer = await response;
      answer.resume();
      return answer.headers.location ?? `status ${answer.statusCode}`;
    },
    abandon: () => request.destroy(),
  };
}
