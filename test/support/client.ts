/** A browser-like HTTP client for integration tests: keeps cookies, reads the CSRF token, never follows redirects. */
export class Client {
  private cookies = new Map<string, string>();
  constructor(
    private base: string,
    private headers: Record<string, string> = {},
  ) {}

  /** The same browser (its cookies, shared from now on) talking to another server: another instance behind the same site. */
  at(base: string): Client {
    const other = new Client(base, this.headers);
    other.cookies = this.cookies;
    return other;
  }

  private remember(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const index = pair.indexOf("=");
      const name = pair.slice(0, index);
      const value = pair.slice(index + 1);
      if (/Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(line) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  async get(path: string, headers: Record<string, string> = {}) {
    const response = await fetch(this.base + path, { headers: { ...this.headers, ...headers, cookie: this.cookieHeader() }, redirect: "manual" });
    this.remember(response);
    return response;
  }

  async post(path: string, body: FormData | URLSearchParams, headers: Record<string, string> = {}) {
    const response = await fetch(this.base + path, {
      method: "POST",
      body,
      headers: { ...this.headers, ...headers, cookie: this.cookieHeader() },
      redirect: "manual",
    });
    this.remember(response);
    return response;
  }

  /** Loads a page and returns the CSRF token its forms carry. */
  async csrf(path = "/"): Promise<string> {
    const html = await (await this.get(path)).text();
    const match = html.match(/name="csrf" value="([^"]+)"/);
    if (!match) throw new Error(`no CSRF token on ${path}`);
    return match[1];
  }
}

/** Text content of an HTML page, without tags, for assertions about what a person reads. */
export function visibleText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}
