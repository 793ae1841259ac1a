import fs from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { startHarness, U, type Harness } from "../helpers/harness";
import { createCase, daysFromToday, S } from "../helpers/fixtures";
import { DESKTOP, openBrowser, PHONE, Visitor } from "../helpers/web";

/**
 * Each role's home in Chromium, JavaScript on and off, at 375 and 1280 px, axe-core on every page;
 * the CSP officer's work queue with the keyboard alone; the idle warning (page clock moved on).
 */
jest.setTimeout(300_000);
const SCREENS = "/work/coord/screens/console-homes";
let h: Harness;
let browser: Browser;
let overdueRef: string;

beforeAll(async () => {
  h = await startHarness();
  browser = await openBrowser();
  overdueRef = (await createCase(h, { status: S.AWAITING_AGENCY_CHECKS, receivedOn: daysFromToday(-60) })).reference;
  await createCase(h, { status: S.SUBMITTED, receivedOn: daysFromToday(-2), involved: ["Kent Police", "Golding Homes"] });
  await createCase(h, { status: S.PANEL_SCHEDULED, chair: U.chair, scheduledFor: new Date(Date.now() + 5 * 86400_000) });
  await createCase(h, {
    status: S.PANEL_HELD,
    chair: U.chair,
    recommendations: [
      { agency: "Kent Police", text: "Run weekly patrols of Brunswick Street car park on Friday and Saturday nights for three months", dueBy: daysFromToday(20) },
      { agency: "Golding Homes", text: "Fit brighter lighting at the rear of 10 to 24 Brunswick Street", dueBy: daysFromToday(-3) },
    ],
  });
  await createCase(h, { status: S.SECONDARY_REVIEW_REQUESTED, reviewer: U.reviewer });
  for (let i = 0; i < 30; i++) await createCase(h, { status: i % 3 ? S.THRESHOLD_MET : S.AWAITING_AGENCY_CHECKS, receivedOn: daysFromToday(-10 - i) });
  await h.ds.query(
    `INSERT INTO information_request (case_review_id, agency_id, question, due_by, requested_by_id)
     SELECT c.id, a.id, 'Please share any ASB reports from the last 12 months at 14 Tonbridge Road', $1, u.id
       FROM case_review c, agency a, staff_user u WHERE c.reference = $2 AND a.name = 'Kent Police' AND u.email = $3`,
    [daysFromToday(4), overdueRef, U.cspMaidstone],
  );
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

/** Signs in on the development sign-in page, choosing the person's radio and pressing Sign in. */
async function signIn(v: Visitor, email: string, returnTo = "/console"): Promise<void> {
  await v.goto(`/console/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
  await v.page.locator(`input[name="email"][value="${email}"]`).check();
  await v.press("Sign in");
}

async function screenshot(v: Visitor, name: string, fullPage = true) {
  fs.mkdirSync(SCREENS, { recursive: true });
  await v.page.screenshot({ path: path.join(SCREENS, `${name}-${v.options.width}.png`), fullPage });
}

/** The page is no wider than the window: nothing to scroll sideways at 375 px. */
async function fitsWidth(v: Visitor) {
  const overflow = await v.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth");
  expect([v.page.url(), overflow]).toEqual([v.page.url(), 0]);
}

describe.each([
  { js: true, width: PHONE },
  { js: true, width: DESKTOP },
  { js: false, width: PHONE },
  { js: false, width: DESKTOP },
])("the role homes, JavaScript $js, $width px", ({ js, width }) => {
  it("the CSP officer's work queue: overdue first, search, status filter, pages", async () => {
    const v = await Visitor.open(browser, h.baseUrl, { js, width });
    try {
      await signIn(v, U.cspMaidstone);
      expect(new URL(v.page.url()).pathname).toBe("/console/work-queue");
      expect(await v.heading()).toBe("Work queue");
      await fitsWidth(v);
      const firstCase = (await v.page.locator("table.govuk-table >> nth=-1").locator("tbody tr").first().innerText()).replace(/\s+/g, " ");
      expect(firstCase).toContain(overdueRef);
      expect(firstCase).toMatch(/working days? overdue/);
      if (js) await screenshot(v, "work-queue");

      await v.follow("Next", ".govuk-pagination");
      expect(v.page.url()).toContain("after=");
      await v.follow("Previous", ".govuk-pagination");

      await v.page.getByLabel("Reference, name or postcode").fill(overdueRef);
      await v.press("Apply filters");
      expect(await v.page.locator("#results-count").innerText()).toContain("1 open case matches these filters");
      await v.follow("Clear filters");
      await v.page.getByLabel("Status").selectOption("THRESHOLD_MET");
      await v.press("Apply filters");
      const statuses = await v.page.locator("table.govuk-table tbody .govuk-tag").allInnerTexts();
      expect(statuses.filter(s => s === "Review to be held").length).toBeGreaterThan(0);
      expect(statuses).not.toContain("Agencies checking");
    } finally {
      await v.close();
    }
  });

  it("the agency officer's inbox, the chair's panels, the reviewer's secondary reviews and the analyst's figures", async () => {
    const police = await Visitor.open(browser, h.baseUrl, { js, width });
    try {
      await signIn(police, U.police);
      expect(await police.heading()).toBe("Inbox");
      await fitsWidth(police);
      const text = await police.page.locator("main").innerText();
      expect(text).toContain("Incidents to confirm");
      expect(text).toContain("Please share any ASB reports");
      expect(text).toContain("Run weekly patrols");
      if (js) await screenshot(police, "inbox");
    } finally {
      await police.close();
    }
    for (const [email, heading, shot] of [
      [U.chair, "Panels", "panels"],
      [U.reviewer, "Secondary reviews", "secondary-reviews"],
      [U.analyst, "Figures", "figures"],
    ] as const) {
      const v = await Visitor.open(browser, h.baseUrl, { js, width });
      try {
        await signIn(v, email);
        expect(await v.heading()).toBe(heading);
        await fitsWidth(v);
        if (js) await screenshot(v, shot);
        if (email === U.analyst) {
          await v.page.getByLabel("Financial year").selectOption({ index: 1 });
          await v.press("Show figures");
          expect(await v.page.locator("#chart-title").textContent()).toMatch(/statutory figures for \d{4}\/\d{2}/);
          // The printable report opens with the session: no token needed.
          const report = await v.page.request.get(await v.page.getByRole("link", { name: /annual report/ }).getAttribute("href").then(href => h.baseUrl + href));
          expect(report.status()).toBe(200);
          expect(await report.text()).toContain("<html");
        }
      } finally {
        await v.close();
      }
    }
  });
});

it("the CSP officer's work queue with the keyboard alone: filter, search, next page, open a case", async () => {
  const v = await Visitor.open(browser, h.baseUrl, { js: true, width: DESKTOP });
  const focused = () => v.page.evaluate("(() => { const e = document.activeElement; return e ? (e.id || (e.textContent || '').trim()) : ''; })()") as Promise<string>;
  const tabTo = async (target: string) => {
    for (let i = 0; i < 80; i++) {
      if ((await focused()) === target) return;
      await v.page.keyboard.press("Tab");
    }
    throw new Error(`${target} never had the focus (it is on "${await focused()}")`);
  };
  try {
    await signIn(v, U.cspMaidstone);
    await tabTo("status");
    // A select is changed with the arrow keys; the form is sent with Enter on its button.
    await v.page.keyboard.press("ArrowDown");
    await v.page.keyboard.press("ArrowDown");
    expect(await v.page.locator("#status").inputValue()).toBe("AWAITING_AGENCY_CHECKS");
    await tabTo("Apply filters");
    await v.navigates(v.page.keyboard.press("Enter"));
    await v.checkPage();
    expect(v.page.url()).toContain("status=AWAITING_AGENCY_CHECKS");
    await tabTo("Clear filters");
    await v.navigates(v.page.keyboard.press("Enter"));
    await v.checkPage();
    await tabTo("search");
    await v.page.keyboard.type(overdueRef.slice(-6));
    await v.navigates(v.page.keyboard.press("Enter"));
    await v.checkPage();
    expect(await v.page.locator("#results-count").innerText()).toContain("1 open case");
    await tabTo("Clear filters");
    await v.navigates(v.page.keyboard.press("Enter"));
    await tabTo("Next page");
    await v.navigates(v.page.keyboard.press("Enter"));
    await v.checkPage();
    expect(v.page.url()).toContain("after=");
    // The first case link on the page, reached with Tab: Enter opens the case page.
    const firstRef = (await v.page.locator("table.govuk-table tbody a").first().innerText()).trim();
    await tabTo(firstRef);
    await v.navigates(v.page.keyboard.press("Enter"));
    expect(v.page.url()).toMatch(/\/console\/cases\/[0-9a-f-]{36}$/);
  } finally {
    await v.close();
  }
});

it("the idle warning: shown 5 minutes before the end, focused, and Stay signed in keeps the session; Sign out ends it", async () => {
  const v = await Visitor.open(browser, h.baseUrl, { js: true, width: PHONE });
  try {
    await v.page.clock.install();
    await signIn(v, U.cspMaidstone);
    const dialog = v.page.getByRole("alertdialog", { name: "You will be signed out soon" });
    expect(await dialog.isVisible()).toBe(false);
    await v.page.clock.fastForward("24:50");
    expect(await dialog.isVisible()).toBe(false);
    await v.page.clock.fastForward("00:20");
    await dialog.waitFor({ state: "visible" });
    expect(await v.page.evaluate("document.activeElement && document.activeElement.id")).toBe("idle-warning");
    expect(await dialog.innerText()).toContain("signed out in 5 minutes");
    await v.checkPage();
    await screenshot(v, "idle-warning", false);

    // The session as it would be after 28 quiet minutes; "Stay signed in" makes it new again.
    const sid = /=s%3A([^.]+)\./.exec((await v.context.cookies()).map(c => `${c.name}=${c.value}`).join("; "))![1]!;
    await h.ds.query(
      `UPDATE web_session SET sess = jsonb_set(sess::jsonb, '{staff,lastActiveAt}', to_jsonb((extract(epoch from now()) * 1000 - 28 * 60000)::bigint))::json WHERE sid = $1`,
      [sid],
    );
    await dialog.getByRole("button", { name: "Stay signed in" }).click();
    await dialog.waitFor({ state: "hidden" });
    const [{ idle }] = await h.ds.query(`SELECT (extract(epoch from now()) * 1000 - (sess::jsonb #>> '{staff,lastActiveAt}')::bigint) / 60000 AS idle FROM web_session WHERE sid = $1`, [sid]);
    expect(Number(idle)).toBeLessThan(1);
    expect(new URL(v.page.url()).pathname).toBe("/console/work-queue");

    // The warning comes back after another 25 quiet minutes; this time, sign out.
    await v.page.clock.fastForward("25:10");
    await dialog.waitFor({ state: "visible" });
    await v.navigates(dialog.getByRole("button", { name: "Sign out" }).click());
    await v.checkPage();
    expect(await v.page.locator("main").innerText()).toContain("You have signed out.");
  } finally {
    await v.close();
  }
});

it("without JavaScript the console says how long a session lasts", async () => {
  const v = await Visitor.open(browser, h.baseUrl, { js: false, width: PHONE });
  try {
    await signIn(v, U.police);
    expect(await v.page.locator(".app-identity-bar").innerText()).toContain("signed out after 30 minutes without activity");
    expect(await v.page.locator("#idle-warning").isVisible()).toBe(false);
  } finally {
    await v.close();
  }
});
