/** A browser without a browser: keeps the session cookie, reads each form's CSRF token. */
export class PageClient {
  cookie = "";
  constructor(public base: string) {}

  async get(path: string): Promise<{ status: number; html: string; location: string | null }> {
    const res = await fetch(this.base + path, { headers: { cookie: this.cookie }, redirect: "manual" });
    this.keep(res);
    return { status: res.status, html: await res.text(), location: res.headers.get("location") };
  }

  /** Posts a form the way the page does: with the CSRF token of the page it came from. A list is a field sent once per value (checkboxes). */
  async post(path: string, fields: Record<string, string | string[]>, token?: string): Promise<{ status: number; html: string; location: string | null }> {
    const csrf = token ?? (await this.token(path));
    const res = await fetch(this.base + path, {
      method: "POST",
      headers: { cookie: this.cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams([...(csrf ? [["_csrf", csrf]] : []), ...Object.entries(fields).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map(x => [k, x]))] as Array<[string, string]>).toString(),
      redirect: "manual",
    });
    this.keep(res);
    return { status: res.status, html: await res.text(), location: res.headers.get("location") };
  }

  async token(path: string): Promise<string> {
    const { html } = await this.get(path);
    const m = /name="_csrf" value="([^"]+)"/.exec(html);
    if (!m) throw new Error(`no CSRF token on ${path}`);
    return m[1]!;
  }

  private keep(res: Response) {
    const set = res.headers.get("set-cookie");
    if (set) this.cookie = set.split(";")[0]!;
  }
}

/** A member of staff signed in to the console through the development sign-in (tests run without OIDC_ISSUER). */
export async function consoleClient(baseUrl: string, email: string): Promise<PageClient> {
  const c = new PageClient(baseUrl);
  const res = await c.post("/console/sign-in", { email, returnTo: "/console" }, await c.token("/console/sign-in"));
  if (res.status !== 302) throw new Error(`signing in as ${email} answered ${res.status}: ${res.html.slice(0, 300)}`);
  return c;
}
