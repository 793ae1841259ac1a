import "reflect-metadata";
import { startHarness, U, type Harness } from "../helpers/harness";
import { consoleClient, PageClient } from "../helpers/page-client";

describe("signing in to the console (development sign-in: no OIDC_ISSUER, not production)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it("a console page sends someone not signed in to sign in, and back to it afterwards", async () => {
    const c = new PageClient(h.baseUrl);
    const res = await c.get("/console/work-queue?status=SUBMITTED");
    expect(res.status).toBe(302);
    expect(res.location).toBe("/console/sign-in?returnTo=%2Fconsole%2Fwork-queue%3Fstatus%3DSUBMITTED");
    const page = await c.get(res.location!);
    expect(page.html).toContain("Priya Shah");
    expect(page.html).toContain('value="/console/work-queue?status=SUBMITTED"');
    const signedIn = await c.post("/console/sign-in", { email: U.cspMaidstone, returnTo: "/console/work-queue?status=SUBMITTED" });
    expect(signedIn.location).toBe("/console/work-queue?status=SUBMITTED");
  });

  it("the home names the person from the database and offers each of their roles' pages", async () => {
    const c = await consoleClient(h.baseUrl, U.cspMaidstone);
    const home = await c.get("/console?all");
    expect(home.status).toBe(200);
    expect(home.html).toContain("Priya Shah");
    expect(home.html).toContain("Maidstone Borough Council");
    expect(home.html).toContain('href="/console/work-queue"');
    expect(home.html).not.toContain('href="/console/inbox"');
    // One role: straight to its page.
    expect((await c.get("/console")).location).toBe("/console/work-queue");
  });

  it("an unknown email and a deactivated account are told so and not signed in", async () => {
    const c = new PageClient(h.baseUrl);
    const unknown = await c.post("/console/sign-in", { email: "nobody@example.org" });
    expect(unknown.status).toBe(400);
    expect(unknown.html).toContain("There is a problem");
    expect(unknown.html).toContain("No member of staff has the email nobody@example.org");
    expect((await c.get("/console?all")).status).toBe(302);

    await h.ds.query(`UPDATE staff_user SET active = false, deactivated_at = now() WHERE email = $1`, [U.housingClarion]);
    const refused = await c.post("/console/sign-in", { email: U.housingClarion });
    expect(refused.status).toBe(400);
    expect(refused.html).toMatch(/was deactivated on \d+ \w+ \d{4}: it cannot sign in/);
    await h.ds.query(`UPDATE staff_user SET active = true, deactivated_at = null WHERE email = $1`, [U.housingClarion]);
  });

  it("a member of staff deactivated while signed in is refused on the next page and told why", async () => {
    const c = await consoleClient(h.baseUrl, U.housingGolding);
    expect((await c.get("/console?all")).status).toBe(200);
    await h.ds.query(`UPDATE staff_user SET active = false, deactivated_at = now() WHERE email = $1`, [U.housingGolding]);
    const next = await c.get("/console?all");
    expect(next.location).toBe("/console/sign-in");
    expect((await c.get("/console/sign-in")).html).toContain("Your account was deactivated");
    await h.ds.query(`UPDATE staff_user SET active = true, deactivated_at = null WHERE email = $1`, [U.housingGolding]);
    expect((await c.get("/console?all")).status).toBe(302);
  });

  it("a role taken away applies on the next page: roles come from the database on every request", async () => {
    const c = await consoleClient(h.baseUrl, U.chair);
    expect((await c.get("/console?all")).html).toContain('href="/console/panels"');
    await h.ds.query(`UPDATE staff_user SET roles = '{AGENCY_OFFICER}' WHERE email = $1`, [U.chair]);
    const after = await c.get("/console?all");
    expect(after.html).not.toContain('href="/console/panels"');
    expect(after.html).toContain('href="/console/inbox"');
    await h.ds.query(`UPDATE staff_user SET roles = '{PANEL_CHAIR}' WHERE email = $1`, [U.chair]);
  });

  it("30 minutes without a request ends the session; signing out ends it at once", async () => {
    const c = await consoleClient(h.baseUrl, U.analyst);
    expect((await c.get("/console?all")).status).toBe(200);
    // The session as it would be after 31 idle minutes.
    await h.ds.query(`UPDATE web_session SET sess = jsonb_set(sess::jsonb, '{staff,lastActiveAt}', to_jsonb((extract(epoch from now()) * 1000 - 31 * 60000)::bigint))::json`);
    const idle = await c.get("/console?all");
    expect(idle.location).toBe("/console/sign-in?returnTo=%2Fconsole%3Fall");
    expect((await c.get("/console/sign-in")).html).toContain("not done anything for 30 minutes");

    const d = await consoleClient(h.baseUrl, U.analyst);
    const out = await d.post("/console/sign-out", {}, await d.token("/console?all"));
    expect(out.location).toBe("/console/sign-in");
    expect((await d.get("/console/sign-in")).html).toContain("You have signed out");
    expect((await d.get("/console?all")).status).toBe(302);
  });

  it("signing in gives a new session id (no fixation), and a return address outside the console is ignored", async () => {
    const c = new PageClient(h.baseUrl);
    const token = await c.token("/console/sign-in");
    const before = c.cookie;
    const res = await c.post("/console/sign-in", { email: U.police, returnTo: "//evil.example/console" }, token);
    expect(res.location).toBe("/console");
    expect(c.cookie).not.toBe(before);
  });

  it("in production, without a provider, there is no development sign-in", async () => {
    const p = await startHarness({ env: { NODE_ENV: "production", SMTP_URL: "smtp://127.0.0.1:2525", SESSION_SECRET: "s".repeat(40) } });
    try {
      const c = new PageClient(p.baseUrl);
      const page = await c.get("/console/sign-in");
      expect(page.status).toBe(503);
      expect(page.html).toContain("Sign-in is not set up");
      expect(page.html).not.toContain("Priya Shah");
      const posted = await fetch(`${p.baseUrl}/console/sign-in`, { method: "POST", body: new URLSearchParams({ email: U.cspMaidstone }), redirect: "manual" });
      expect([403, 404]).toContain(posted.status);
    } finally {
      await p.close();
    }
  });
});
