const BASE = "http://collection-watch.invalid";

/**
 * A path on this site to send someone back to after signing in, or null. Resolved the way a
 * browser would (which reads `/\evil.example` as `//evil.example`), then kept only if it stays on
 * this origin: an open redirect would let a phishing link borrow our sign-in page.
 */
export function sameOriginPath(target: string | null | undefined): string | null {
  if (!target || !target.startsWith("/") || /[\u0000-\u001f\\]/.test(target)) return null;
  let url: URL;
  try {
    url = new URL(target, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE) return null;
  return url.pathname + url.search + url.hash;
}
