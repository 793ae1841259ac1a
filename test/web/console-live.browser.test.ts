import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { submitCase } from "../helpers/applications";
import { startHarness, U, type Harness } from "../helpers/harness";
import { axe, DESKTOP, openBrowser, PHONE, Visitor } from "../helpers/web";
import { Actor } from "./case-story";

/**
 * Live updates on console pages (issue 15), in Chromium: two people signed in in two browser
 * contexts. What one changes through the pages, the other's page says without a reload (the
 * inbox's and the work queue's count, the case page's banner), never for a person's own change;
 * axe-core finds nothing with them shown. With JavaScript off the same pages still work.
 */
jest.setTimeout(300_000);
const SCREENS = "/work/coord/screens/live-console";
let h: Harness;
let browser: Browser;
const visitors: Visitor[] = [];

beforeAll(async () => {
  h = await startHarness();
  browser = await openBrowser();
}, 120_000);
afterAll(async () => {
  for (const v of visitors) await v.close().catch(() => {});
  await browser?.close();
  await h?.close();
});

async function person(js: boolean, width = DESKTOP): Promise<Actor> {
  const v = await Visitor.open(browser, h.baseUrl, { js, width });
  visitors.push(v);
  return new Actor(v);
}

/** The page has opened its subscriptions (live.js marks the region once the server acknowledged). */
const listening = (page: Page) => page.locator("[data-live][data-live-connected=true]").waitFor({ state: "attached", timeout: 20_000 });
const live = (page: Page) => page.locator("[data-live]");

async function noViolations(page: Page, what: string) {
  const violations = await axe(page);
  expect({ what, violations: violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(" ")).join(", ")}`) }).toEqual({ what, violations: [] });
}

async function screenshot(page: Page, name: string, width: number) {
  fs.mkdirSync(SCREENS, { recursive: true });
  await page.setViewportSize({ width, height: 900 });
  await page.screenshot({ path: path.join(SCREENS, `${name}-${width}.png`), fullPage: false });
}

describe("live updates on the console's pages (JavaScript on)", () => {
  it("the agency's inbox counts the CSP officer's change; the CSP officer's case page and work queue show the agency's change; nobody is told of their own", async () => {
    expect.hasAssertions();
    const { caseReviewId } = await submitCase(h);
    const base = `/console/cases/${caseReviewId}`;

    const csp = await person(true);
    await csp.signIn(U.cspMaidstone, base);
    const queue = await csp.v.context.newPage(); // the same person's work queue, in another tab
    await queue.goto(`${h.baseUrl}/console/work-queue`);
    const police = await person(true);
    await police.signIn(U.police, "/console/inbox");
    await Promise.all([listening(csp.page), listening(queue), listening(police.page)]);
    expect(await live(police.page).innerText()).toBe("");

    // The CSP officer asks Kent Police for information, through the pages.
    await csp.section("Information requests");
    await csp.press("Ask an agency for information");
    await csp.choose("Which agency?", "Kent Police");
    await csp.field("What should they look for in their records?", "Any calls to the address in the last year");
    await csp.press("Send the request");
    expect(await csp.flash()).toContain("Request sent");

    // The police officer's inbox says so without a reload, politely (role=status).
    const note = live(police.page).getByText(/new change/);
    await note.waitFor({ timeout: 20_000 });
    expect((await live(police.page).innerText()).replace(/\s+/g, " ")).toBe("1 new change — refresh to see it");
    expect(await live(police.page).getAttribute("role")).toBe("status");
    expect(await live(police.page).getAttribute("aria-live")).toBe("polite");
    await noViolations(police.page, "inbox with the count");
    await screenshot(police.page, "inbox-count", DESKTOP);
    await screenshot(police.page, "inbox-count", PHONE);
    await police.page.setViewportSize({ width: DESKTOP, height: 900 });

    // The CSP officer is not told of their own change, on the case nor on the work queue.
    await listening(csp.page);
    await new Promise(r => setTimeout(r, 1500));
    expect(await live(csp.page).innerText()).toBe("");
    expect(await live(queue).innerText()).toBe("");

    // Refreshing shows the request; the count is gone.
    await police.follow("refresh to see it");
    expect(await police.main()).toContain("Any calls to the address");
    expect(await live(police.page).innerText()).toBe("");

    // The police officer confirms an incident, through the case's pages.
    await listening(csp.page);
    await police.v.goto(`${base}/incidents`);
    await police.follow(/Check in your records/);
    await police.choose("Do your records show this incident?", "Yes, we have a record of it");
    await police.field("What your records show (optional)", "Logged by Kent Police");
    await police.press("Save");
    expect(await police.flash()).toMatch(/Incident \d saved/);

    // The CSP officer's case page shows who changed it, and their work queue counts it.
    const banner = csp.page.locator(".app-live-banner");
    await banner.waitFor({ timeout: 20_000 });
    expect((await banner.innerText()).replace(/\s+/g, " ")).toContain("This case was changed by PC Sam Clarke — reload to see the change.");
    await live(queue).getByText("1 new change").waitFor({ timeout: 20_000 });
    await noViolations(csp.page, "case page with the banner");
    await noViolations(queue, "work queue with the count");
    await screenshot(csp.page, "case-banner", DESKTOP);
    await screenshot(csp.page, "case-banner", PHONE);
    await screenshot(queue, "work-queue-count", DESKTOP);
    await csp.page.setViewportSize({ width: DESKTOP, height: 900 });

    // Reloading reads the case again through the ordinary rules: the confirmation is there, the banner gone.
    await csp.follow("reload to see the change");
    expect(await csp.page.locator(".app-live-banner").count()).toBe(0);
    expect(csp.v.cspViolations).toEqual([]);
    expect(police.v.cspViolations).toEqual([]);
  });
});

describe("the same pages with JavaScript off", () => {
  it("the case page, the work queue and the inbox work as before: no banner, no count, nothing broken", async () => {
    expect.hasAssertions();
    const { caseReviewId } = await submitCase(h);
    const base = `/console/cases/${caseReviewId}`;
    const csp = await person(false, PHONE);
    await csp.signIn(U.cspMaidstone, base);
    expect(await live(csp.page).innerText()).toBe("");
    await csp.v.goto("/console/work-queue");
    expect(await csp.main()).toContain("Work queue");
    const police = await person(false, PHONE);
    await police.signIn(U.police, `${base}/incidents`);
    await police.follow(/Check in your records/);
    await police.choose("Do your records show this incident?", "Yes, we have a record of it");
    await police.press("Save");
    expect(await police.flash()).toMatch(/Incident \d saved/);
    await police.v.goto("/console/inbox");
    expect(await police.main()).toContain("Inbox");
    await csp.v.goto(base);
    expect(await csp.page.locator(".app-live-banner").count()).toBe(0);
    expect(await csp.main()).toContain("Summary");
  });
});
