import type { Browser } from "playwright-core";
import { startHarness, type Harness } from "../helpers/harness";
import { DESKTOP, openBrowser, PHONE, Visitor } from "../helpers/web";

/**
 * The web foundation in a real browser: the layout, assets from the packages' dist/, the nonce CSP
 * (govuk-frontend's inline script runs, nothing else inline), axe-core on every page at both widths
 * with JavaScript on and off, the HTML 404 page and the JSON 404 of the API.
 */
let h: Harness;
let browser: Browser;
beforeAll(async () => {
  h = await startHarness();
  browser = await openBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

const PAGES = ["/", "/apply/kent-maidstone", "/apply/kent-ashford", "/accessibility", "/privacy", "/cookies"];

describe.each([
  // Each page at both widths, and with JavaScript on and off (the journeys cover the other pairs)
  { js: true, width: PHONE },
  { js: false, width: DESKTOP },
])("with JavaScript $js at $width px", options => {
  it("every information page has no axe-core violation, and the CSP blocks nothing of ours", async () => {
    const v = await Visitor.open(browser, h.baseUrl, options);
    try {
      for (const p of PAGES) await v.goto(p);
      await v.goto("/no-such-page", 404);
      expect(await v.heading()).toBe("Page not found");
      expect(v.cspViolations).toEqual([]);
      // govuk-frontend's inline script ran under its nonce (JavaScript on) or not at all (off)
      const bodyClass = await v.page.locator("body").getAttribute("class");
      expect(bodyClass?.includes("js-enabled")).toBe(options.js);
    } finally {
      await v.close();
    }
  });
});

it("the start page says the partnership's threshold and local routes in plain words, and other ways to apply", async () => {
  const v = await Visitor.open(browser, h.baseUrl, { js: false, width: PHONE });
  try {
    await v.goto("/apply/kent-ashford");
    const text = await v.page.locator("main").innerText();
    expect(text).toMatch(/complained about the anti-social behaviour 3 times or more in the last 6 months/);
    expect(text).toMatch(/5 or more different people have reported the same problem/); // Ashford's community route
    expect(text).not.toMatch(/motivated by hate/);
    await v.goto("/apply/kent-tonbridge-malling");
    expect(await v.page.locator("main").innerText()).toMatch(/one incident that you believe was motivated by hate/);
    const partnership = (await h.ok(null, `{ applicationPartnerships { code contactPhone contactEmail } }`)).applicationPartnerships.find(
      (p: { code: string }) => p.code === "KENT-TONBRIDGE-MALLING",
    );
    if (partnership.contactPhone) expect(await v.page.locator("main").innerText()).toContain(partnership.contactPhone);
    if (partnership.contactEmail) await expect(v.page.getByRole("link", { name: partnership.contactEmail }).count()).resolves.toBe(1);
  } finally {
    await v.close();
  }
});

describe("over HTTP", () => {
  it("pages carry a nonce CSP without unsafe-inline, no-store, and the essential cookie HttpOnly SameSite=Lax", async () => {
    const res = await fetch(`${h.baseUrl}/`);
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}'/);
    expect(csp).not.toMatch(/unsafe-inline/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    const html = await res.text();
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    expect(html).toContain(`<script nonce="${nonce}">`);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^asb-session=/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
  });

  it("the assets come from govuk-frontend's and MOJ frontend's own dist/", async () => {
    for (const asset of ["/assets/govuk/govuk-frontend.min.css", "/assets/govuk/govuk-frontend.min.js", "/assets/moj/moj-frontend.min.css", "/assets/images/favicon.svg", "/assets/fonts/bold-b542beb274-v2.woff2", "/assets/app/init.js"]) {
      const res = await fetch(h.baseUrl + asset);
      expect([asset, res.status]).toEqual([asset, 200]);
    }
  });

  it("the API keeps its JSON 404; pages get the HTML one", async () => {
    const api = await fetch(`${h.baseUrl}/reports/nothing-here`);
    expect(api.status).toBe(404);
    expect(await api.json()).toEqual({ error: "not found" });
    const page = await fetch(`${h.baseUrl}/nothing-here`);
    expect(page.status).toBe(404);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    expect(await page.text()).toContain("Page not found");
  });

  it("sessions are kept in PostgreSQL (web_session, made by a migration)", async () => {
    const before = Number((await h.ds.query(`SELECT count(*) AS n FROM web_session`))[0].n);
    // The whole response: express-session sends the headers and all but the last byte, saves, then ends.
    await (await fetch(`${h.baseUrl}/cookies`)).text();
    const after = Number((await h.ds.query(`SELECT count(*) AS n FROM web_session`))[0].n);
    expect(after).toBe(before + 1);
  });
});

describe("in production, behind TLS", () => {
  let prod: Harness;
  beforeAll(async () => {
    prod = await startHarness({ env: { NODE_ENV: "production", SMTP_URL: "smtp://127.0.0.1:2525" } });
  }, 60_000);
  afterAll(async () => {
    await prod?.close();
  });

  it("the cookie is __Host-, Secure, HttpOnly, SameSite=Lax, path / and no Domain", async () => {
    // The proxy in front terminates TLS and says so; the app trusts loopback proxies.
    const res = await fetch(`${prod.baseUrl}/`, { headers: { "x-forwarded-proto": "https" } });
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^__Host-asb-session=/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).not.toMatch(/Domain=/i);
    expect(res.headers.get("strict-transport-security")).toMatch(/max-age=31536000/);
  });

  it("an unexpected failure is a plain page with a reference to quote, never a stack trace", async () => {
    await prod.ds.destroy(); // the database goes away under the running service
    try {
      const res = await fetch(`${prod.baseUrl}/apply/kent-maidstone`, { headers: { "x-forwarded-proto": "https" } });
      expect(res.status).toBeGreaterThanOrEqual(500);
      const html = await res.text();
      expect(html).toContain("Sorry, there is a problem with the service");
      expect(html).toMatch(/quote reference [0-9A-F]{8}/);
      expect(html).not.toMatch(/\bat [\w.<>]+ \(|node_modules|Error:/);
    } finally {
      await prod.ds.initialize();
    }
  });
});
