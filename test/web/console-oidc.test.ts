import "reflect-metadata";
import { startHarness, U, type Harness } from "../helpers/harness";
import { PageClient } from "../helpers/page-client";
import { freePort, startOidcProvider, type TestOidcProvider } from "../helpers/oidc-provider";

/** The provider's cookies (several, unlike the service's one session cookie). */
class CookieJar {
  private cookies = new Map<string, string>();
  keep(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair!.indexOf("=");
      this.cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
  }
  get header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

describe("signing in to the console through an OpenID provider (oidc-provider 9, in process)", () => {
  let h: Harness;
  let idp: TestOidcProvider;

  beforeAll(async () => {
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    idp = await startOidcProvider(`${publicUrl}/console/sign-in/callback`);
    h = await startHarness({
      port,
      env: { PUBLIC_URL: publicUrl, OIDC_ISSUER: idp.issuer, OIDC_CLIENT_ID: idp.clientId, OIDC_CLIENT_SECRET: idp.clientSecret },
    });
  });
  afterAll(async () => {
    await h?.close();
    await idp?.close();
  });

  /**
   * Starts a sign-in at the service and goes through the provider's pages as a browser would (its
   * login form, then consent given at once), up to the redirect back: the callback URL, not opened.
   */
  async function throughProvider(c: PageClient, login: string, returnTo = "/console"): Promise<string> {
    const start = await c.get(`/console/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
    expect(start.status).toBe(302);
    let url = start.location!;
    expect(url.startsWith(`${idp.issuer}/auth?`)).toBe(true);
    const params = new URL(url).searchParams;
    expect([params.get("code_challenge_method"), params.get("response_type")]).toEqual(["S256", "code"]);
    expect(params.get("state")).toBeTruthy();
    expect(params.get("nonce")).toBeTruthy();
    const jar = new CookieJar();
    for (let hops = 0; hops < 12; hops++) {
      if (url.startsWith(h.baseUrl)) return url;
      const res = await fetch(new URL(url, idp.issuer), { headers: { cookie: jar.header }, redirect: "manual" });
      jar.keep(res);
      if (res.status === 200) {
        const html = await res.text();
        const action = /<form method="post" action="([^"]+)"/.exec(html);
        if (!action) throw new Error(`the provider's page has no form: ${html.slice(0, 200)}`);
        const posted = await fetch(new URL(action[1]!, idp.issuer), {
          method: "POST",
          headers: { cookie: jar.header, "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ login }).toString(),
          redirect: "manual",
        });
        jar.keep(posted);
        url = posted.headers.get("location")!;
      } else if (res.status >= 300 && res.status < 400) {
        url = new URL(res.headers.get("location")!, idp.issuer).href;
      } else {
        throw new Error(`the provider answered ${res.status}: ${await res.text()}`);
      }
    }
    throw new Error("too many redirects at the provider");
  }

  const callbackPath = (url: string) => url.slice(h.baseUrl.length);
  const signedIn = async (c: PageClient) => (await c.get("/console?all")).status === 200;

  it("a full sign-in: authorization code with PKCE, state and nonce, back to the page asked for, as the member of staff the verified email names", async () => {
    const c = new PageClient(h.baseUrl);
    const before = c.cookie;
    const back = await c.get(callbackPath(await throughProvider(c, U.police, "/console/inbox")));
    expect([back.status, back.location]).toEqual([302, "/console/inbox"]);
    expect(c.cookie).not.toBe(before); // a new session id on signing in
    const inbox = await c.get("/console/inbox");
    expect(inbox.status).toBe(200);
    expect(inbox.html).toContain("Sam Clarke");
  });

  it("without a message to show, GET /console/sign-in goes straight to the provider; after signing out it says so first", async () => {
    const c = new PageClient(h.baseUrl);
    await c.get(callbackPath(await throughProvider(c, U.cspMaidstone)));
    expect(await signedIn(c)).toBe(true);
    const out = await c.post("/console/sign-out", {}, await c.token("/console?all"));
    expect(out.location).toBe("/console/sign-in");
    const page = await c.get("/console/sign-in");
    expect(page.status).toBe(200);
    expect(page.html).toContain("You have signed out.");
    expect(page.html).toContain('href="/console/sign-in?returnTo=%2Fconsole"');
    expect((await c.get("/console/sign-in")).location).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/auth\?/);
  });

  it("a wrong state is refused, and nobody is signed in", async () => {
    const c = new PageClient(h.baseUrl);
    const url = new URL(await throughProvider(c, U.police));
    url.searchParams.set("state", "not-the-state-this-browser-sent");
    const res = await c.get(callbackPath(url.href));
    expect(res.status).toBe(400);
    expect(res.html).toContain("You are not signed in");
    expect(res.html).toContain("The sign-in could not be completed");
    expect(await signedIn(c)).toBe(false);
  });

  it("a replayed code is refused: in the same browser (the sign-in was used) and in another (the provider refuses the code)", async () => {
    const c = new PageClient(h.baseUrl);
    const callback = callbackPath(await throughProvider(c, U.police));
    expect((await c.get(callback)).location).toBe("/console");
    const again = await c.get(callback);
    expect(again.status).toBe(400);
    expect(again.html).toContain("was already used");

    // Another browser with a sign-in of its own under way, given the used code with its own state.
    const other = new PageClient(h.baseUrl);
    const start = await other.get("/console/sign-in");
    const state = new URL(start.location!).searchParams.get("state")!;
    const replay = new URL(callback, h.baseUrl);
    replay.searchParams.set("state", state);
    const res = await other.get(callbackPath(replay.href));
    expect(res.status).toBe(400);
    expect(res.html).toContain("The sign-in could not be completed");
    expect(await signedIn(other)).toBe(false);
  });

  it("a sign-in that took too long (its session expired) is refused", async () => {
    const c = new PageClient(h.baseUrl);
    const callback = callbackPath(await throughProvider(c, U.police));
    const sid = /=s%3A([^.]+)\./.exec(c.cookie)![1]!;
    await h.ds.query(
      `UPDATE web_session SET sess = jsonb_set(sess::jsonb, '{oidcSignIn,startedAt}', to_jsonb((extract(epoch from now()) * 1000 - 11 * 60000)::bigint))::json WHERE sid = $1`,
      [sid],
    );
    const res = await c.get(callback);
    expect(res.status).toBe(400);
    expect(res.html).toContain("The sign-in took longer than 10 minutes");
    expect(await signedIn(c)).toBe(false);
  });

  it("an unknown user, a deactivated one and an unverified email are told so, and not signed in", async () => {
    const unknown = new PageClient(h.baseUrl);
    const res = await unknown.get(callbackPath(await throughProvider(unknown, "someone@example.org")));
    expect(res.status).toBe(403);
    expect(res.html).toContain("someone@example.org is not a member of staff of this service");
    expect(await signedIn(unknown)).toBe(false);

    await h.ds.query(`UPDATE staff_user SET active = false, deactivated_at = now() WHERE email = $1`, [U.housingClarion]);
    try {
      const gone = new PageClient(h.baseUrl);
      const refused = await gone.get(callbackPath(await throughProvider(gone, U.housingClarion)));
      expect(refused.status).toBe(403);
      expect(refused.html).toMatch(/Your account \(asb@clarionhg\.com\) was deactivated on \d+ \w+ \d{4}/);
      expect(await signedIn(gone)).toBe(false);
    } finally {
      await h.ds.query(`UPDATE staff_user SET active = true, deactivated_at = null WHERE email = $1`, [U.housingClarion]);
    }

    idp.accounts.set("unverified-login", { email: U.police, email_verified: false });
    const unverified = new PageClient(h.baseUrl);
    const no = await unverified.get(callbackPath(await throughProvider(unverified, "unverified-login")));
    expect(no.status).toBe(403);
    expect(no.html).toContain("has not verified the email address sam.clarke@kent.police.uk");
    expect(await signedIn(unverified)).toBe(false);
  });

  it("there is no development sign-in beside the provider", async () => {
    const res = await fetch(`${h.baseUrl}/console/sign-in`, { method: "POST", body: new URLSearchParams({ email: U.cspMaidstone }), redirect: "manual" });
    expect([403, 404]).toContain(res.status);
  });
});
