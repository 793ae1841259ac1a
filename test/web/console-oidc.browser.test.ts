import type { Browser } from "playwright-core";
import { startHarness, U, type Harness } from "../helpers/harness";
import { freePort, startOidcProvider, type TestOidcProvider } from "../helpers/oidc-provider";
import { DESKTOP, openBrowser, PHONE, Visitor } from "../helpers/web";

/**
 * Signing in to the console in Chromium through a real OpenID provider (oidc-provider 9, in this
 * process), JavaScript on and off: the console sends the browser to the provider, the person signs
 * in there, and comes back signed in to the page they asked for. axe-core checks the service's pages.
 */
jest.setTimeout(240_000);
let h: Harness;
let idp: TestOidcProvider;
let browser: Browser;

beforeAll(async () => {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  idp = await startOidcProvider(`${publicUrl}/console/sign-in/callback`);
  h = await startHarness({ port, env: { PUBLIC_URL: publicUrl, OIDC_ISSUER: idp.issuer, OIDC_CLIENT_ID: idp.clientId, OIDC_CLIENT_SECRET: idp.clientSecret } });
  browser = await openBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await h?.close();
  await idp?.close();
});

it.each([
  { js: true, width: DESKTOP },
  { js: false, width: PHONE },
])("a CSP officer signs in through their organisation's provider and lands on the work queue (JavaScript $js, $width px)", async ({ js, width }) => {
  const v = await Visitor.open(browser, h.baseUrl, { js, width, alsoAllow: [idp.issuer] });
  try {
    // A console page asked for before signing in: to the provider, and back to it afterwards.
    await v.page.goto(`${h.baseUrl}/console/work-queue?status=THRESHOLD_MET`);
    expect(v.page.url().startsWith(`${idp.issuer}/interaction/`)).toBe(true);
    await v.page.getByLabel("Email").fill(U.cspMaidstone);
    await v.navigates(v.page.getByRole("button", { name: "Sign in" }).click());
    await v.page.waitForURL(url => url.href.startsWith(h.baseUrl));
    await v.checkPage();
    expect(v.page.url()).toBe(`${h.baseUrl}/console/work-queue?status=THRESHOLD_MET`);
    expect(await v.heading()).toBe("Work queue");
    expect(await v.page.locator(".app-identity-bar").innerText()).toContain("Priya Shah");

    // Signing out says so, and offers to sign in again rather than going straight back to the provider.
    await v.press("Sign out");
    expect(await v.page.locator("main").innerText()).toContain("You have signed out.");
    expect(await v.heading()).toBe("Sign in to the console");
  } finally {
    await v.close();
  }
});

it("an unknown member of staff is told so on the service's page, and is not signed in", async () => {
  const v = await Visitor.open(browser, h.baseUrl, { js: true, width: PHONE, alsoAllow: [idp.issuer] });
  try {
    await v.page.goto(`${h.baseUrl}/console/sign-in`);
    await v.page.getByLabel("Email").fill("visitor@example.org");
    await v.navigates(v.page.getByRole("button", { name: "Sign in" }).click());
    await v.page.waitForURL(url => url.href.startsWith(h.baseUrl));
    await v.checkPage();
    expect(await v.heading()).toBe("You are not signed in");
    expect(await v.page.locator("main").innerText()).toContain("visitor@example.org is not a member of staff of this service");
  } finally {
    await v.close();
  }
});
