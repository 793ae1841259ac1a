import type { Browser } from "playwright-core";
import { submitCase } from "../helpers/applications";
import { createCase, S } from "../helpers/fixtures";
import { startHarness, U, type Harness } from "../helpers/harness";
import { openBrowser, Visitor, type VisitorOptions } from "../helpers/web";

async function signIn(v: Visitor, reference: string, accessCode: string): Promise<void> {
  await v.goto("/check-progress");
  await v.page.getByLabel("Reference").fill(reference);
  await v.page.getByLabel("Access code").fill(accessCode);
  await v.press("Continue");
}

/** The letter is a printable page: printed, only the letter is left (no header, footer or links). */
async function expectPrintable(v: Visitor, body: string): Promise<void> {
  expect(await v.page.locator("main").innerText()).toContain(body);
  await v.page.emulateMedia({ media: "print" });
  await expect(v.page.locator(".govuk-header").isVisible()).resolves.toBe(false);
  await expect(v.page.locator(".govuk-footer").isVisible()).resolves.toBe(false);
  await expect(v.page.locator(".app-letter-body").isVisible()).resolves.toBe(true);
  await v.page.emulateMedia({ media: "screen" });
}

/** Checking progress, printing letters and asking for a secondary review, in a real browser. */
export function progressJourneys(options: VisitorOptions, screenshots: boolean): void {
  let h: Harness;
  let browser: Browser;
  let v: Visitor;
  beforeAll(async () => {
    h = await startHarness();
    browser = await openBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });
  beforeEach(async () => {
    v = await Visitor.open(browser, h.baseUrl, options);
  });
  afterEach(async () => {
    expect(v.cspViolations).toEqual([]);
    await v.close();
  });

  it("the reference and access code show the status in plain words, key dates and the letters, each printable", async () => {
    const { reference, accessCode } = await submitCase(h);
    await v.goto("/check-progress");
    await v.page.getByLabel("Reference").fill(reference);
    await v.page.getByLabel("Access code").fill("WRONG-CODE-0000");
    await v.press("Continue");
    expect(await v.page.title()).toMatch(/^Error: /);
    expect(await v.page.locator(".govuk-error-summary").innerText()).toMatch(/The reference or access code is not right/);

    await signIn(v, reference.toLowerCase(), accessCode);
    expect(await v.heading()).toBe("Your application");
    const main = await v.page.locator("main").innerText();
    expect(main).toContain(reference);
    expect(main).toMatch(/We have received your application and passed it to the agencies/);
    expect(main).toMatch(/Threshold decision due by\s+\d{1,2} \w+ \d{4}/);
    expect(main).not.toMatch(/Ask for a secondary review/);
    if (screenshots) await v.screenshot("progress");
    await v.follow("We have received your application");
    await expectPrintable(v, reference);

    // Signed out, the letters are out of reach
    await v.goto("/check-progress/application");
    await v.press("Sign out");
    await v.goto("/check-progress/letters/1");
    expect(await v.heading()).toBe("Check the progress of your application");
  });

  it("after an outcome letter, the applicant reads and prints it and asks for a secondary review within its window", async () => {
    const c = await createCase(h, { status: S.OUTCOME_SENT });
    await signIn(v, c.reference, c.accessCode);
    expect(await v.page.locator("main").innerText()).toMatch(/We have written to you with what the panel found/);
    await v.follow("The outcome of your case review");
    await expectPrintable(v, "The letter.");
    await v.goto("/check-progress/application");
    await v.press("Ask for a secondary review"); // a link styled as a button
    await v.press("Send request");
    expect(await v.page.locator(".govuk-error-summary").innerText()).toMatch(/Tell us why you are unhappy/);
    const reason = "The panel did not look at the police's response to the threats.";
    await v.page.getByLabel(/Why are you unhappy/).fill(reason);
    await v.press("Send request");
    expect(await v.page.locator(".govuk-notification-banner").innerText()).toMatch(/You have asked for a secondary review/);
    expect(await v.page.locator("main").innerText()).toMatch(/An independent panel is carrying out a secondary review/);
    expect(await v.page.getByRole("button", { name: "Ask for a secondary review" }).count()).toBe(0);

    const read = await h.ok(U.cspMaidstone, `query($id: ID!) { caseReview(id: $id) { status secondaryReview { reason requestedByApplicant } } }`, { id: c.id });
    expect(read.caseReview).toEqual({ status: "SECONDARY_REVIEW_REQUESTED", secondaryReview: { reason, requestedByApplicant: true } });
  });
}
