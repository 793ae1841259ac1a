import type { Browser } from "playwright-core";
import { daysAgo } from "../helpers/applications";
import { startHarness, type Harness } from "../helpers/harness";
import { openBrowser, Visitor, type VisitorOptions } from "../helpers/web";
import { applyUpToCheckAnswers, choose, fillDate, fillIncident, fillVictim, readBack, sendFromCheckAnswers, storedIncident, THREE_INCIDENTS, type VictimTyped } from "./journeys";

const CATEGORY = { "Harassment or intimidation": "HARASSMENT_OR_INTIMIDATION", "Vandalism or damage to property": "VANDALISM", "Verbal abuse": "VERBAL_ABUSE", "Threatening behaviour": "THREATENING_BEHAVIOUR" } as Record<string, string>;

const caseCount = async (h: Harness) => Number((await h.ds.query(`SELECT count(*) AS n FROM case_review`))[0].n);

/**
 * The application journeys of issue 13, played in a real browser with the options given (one file
 * per option set, so JavaScript on and off run in parallel). Each case made is read back through
 * GraphQL and compared with what was typed.
 */
export function applyJourneys(options: VisitorOptions, screenshots: boolean): void {
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

  it("a victim applies with three incidents", async () => {
    const victim: VictimTyped = { name: "Alex Morgan", address: "4 Bower Lane\nMaidstone", postcode: "me16 8be", email: "Alex.Morgan@example.com", phone: "07700 900123", contact: "Email", dateOfBirth: "1984-02-29" };
    if (screenshots) {
      await v.goto("/apply/kent-maidstone");
      await v.screenshot("start");
    }
    await applyUpToCheckAnswers(v, "kent-maidstone", { victim, vulnerabilities: "I have a heart condition.", incidents: THREE_INCIDENTS });
    expect(await v.heading()).toBe("Check your answers before sending your application");
    const cya = await v.page.locator("main").innerText();
    for (const i of THREE_INCIDENTS) expect(cya).toContain(i.description);
    if (screenshots) await v.screenshot("check-your-answers");
    const { reference, accessCode } = await sendFromCheckAnswers(v);
    expect(reference).toMatch(/^ASB-\d{4}-\d{6}$/);
    expect(accessCode.length).toBeGreaterThan(5);
    const confirmation = await v.page.locator("main").innerText();
    expect(confirmation).toMatch(/We will tell you by \d{1,2} \w+ \d{4} whether your application meets the threshold/);
    if (screenshots) await v.screenshot("confirmation");

    // A refresh shows the same confirmation; the printable copy has every answer
    await v.page.reload();
    await v.checkPage();
    expect((await v.page.locator("#reference").innerText()).trim()).toBe(reference);
    await v.follow("View a printable copy of your application");
    const copy = await v.page.locator("main").innerText();
    expect(copy).toContain(reference);
    expect(copy).toContain(accessCode);
    expect(copy).toContain("Bower Court stairwell");

    const c = await readBack(h, "kent-maidstone", reference);
    expect(c.partnership.code).toBe("KENT-MAIDSTONE");
    expect(c.applicant).toEqual({
      kind: "INDIVIDUAL",
      name: "Alex Morgan",
      address: "4 Bower Lane\nMaidstone",
      postcode: "ME16 8BE",
      email: "alex.morgan@example.com",
      phone: "07700 900123",
      preferredContact: "EMAIL",
      dateOfBirth: "1984-02-29",
      vulnerabilities: "I have a heart condition.",
      consentGiven: true,
    });
    expect(c.representative).toBeNull();
    expect(c.additionalVictims).toEqual([]);
    expect(c.incidents).toEqual(THREE_INCIDENTS.map(i => storedIncident(i, CATEGORY[i.category]!)));
  });

  it("a councillor applies for a victim with their consent, naming another victim", async () => {
    const victim: VictimTyped = { name: "Priya Shah", address: "12 Elwick Road\nAshford", postcode: "TN23 1PD", email: "", phone: "01233 330000", contact: "Phone" };
    const incident = { category: "Threatening behaviour", description: "Men threatened Priya outside the shop.", location: "Elwick Road", occurredOn: daysAgo(30), reportedOn: daysAgo(29), agency: "Kent Police", hate: false };
    await applyUpToCheckAnswers(v, "kent-ashford", {
      representative: { name: "Cllr Jo Baker", relationship: "Councillor", organisation: "Ashford Borough Council", email: "jo.baker@ashford.gov.uk" },
      victim,
      otherVictims: [{ name: "Sam Shah", address: "12 Elwick Road\nAshford" }],
      incidents: [incident],
    });
    const { reference } = await sendFromCheckAnswers(v);
    const c = await readBack(h, "kent-ashford", reference);
    expect(c.representative).toEqual({ name: "Cllr Jo Baker", relationship: "COUNCILLOR", organisation: "Ashford Borough Council", email: "jo.baker@ashford.gov.uk", phone: null, consentObtained: true });
    expect(c.applicant).toMatchObject({ name: "Priya Shah", phone: "01233 330000", email: null, preferredContact: "PHONE", consentGiven: true, vulnerabilities: null });
    expect(c.additionalVictims).toEqual([{ name: "Sam Shah", address: "12 Elwick Road\nAshford", consentGiven: true }]);
    expect(c.incidents).toEqual([storedIncident(incident, "THREATENING_BEHAVIOUR")]);
  });

  it("a representative without the victim's consent is stopped, with the reason, and nothing is created", async () => {
    const before = await caseCount(h);
    await v.goto("/apply/kent-maidstone/who-is-applying");
    await choose(v, "Who is applying?", "I am applying for someone else");
    await v.press("Continue");
    await v.page.getByLabel("Your full name").fill("Chris Friend");
    await choose(v, "Your relationship to the victim", "Friend or neighbour");
    await v.press("Continue");
    await choose(v, "Has the victim agreed to you applying for them?", "No");
    await v.press("Continue");
    expect(await v.heading()).toBe("You cannot apply without the victim's agreement");
    expect(await v.page.locator("main").innerText()).toMatch(/can only happen if the victim agrees to it\. Without their agreement there can be no review/);
    // The journey does not go on: later pages lead back here
    await v.goto("/apply/kent-maidstone/check-your-answers");
    expect(await v.heading()).toBe("You cannot apply without the victim's agreement");
    expect(await caseCount(h)).toBe(before);
  });

  it("an incident reported before it happened is refused on its page with the reason; an answer changed from check your answers is what is stored", async () => {
    const victim: VictimTyped = { name: "Dana Okoro", address: "1 High Street\nMaidstone", postcode: "ME14 1XX", email: "dana@example.com", phone: "", contact: "Email" };
    await v.goto("/apply/kent-maidstone/who-is-applying");
    await choose(v, "Who is applying?", "I am the victim");
    await v.press("Continue");
    await fillVictim(v, victim);
    await v.press("Continue");
    await v.press("Continue"); // nothing to add about vulnerabilities
    await choose(v, "Are there other victims?", "No");
    await v.press("Continue");
    // Reported the day before it happened
    const bad = { ...THREE_INCIDENTS[0]!, occurredOn: daysAgo(10), reportedOn: daysAgo(11) };
    await fillIncident(v, bad);
    await v.press("Save and continue");
    expect(await v.page.title()).toMatch(/^Error: Incident 1/);
    const summary = v.page.locator(".govuk-error-summary");
    await expect(summary.innerText()).resolves.toMatch(/The date you reported it must be the same as or after the date it happened: an incident cannot be reported before it happened/);
    expect(await summary.getByRole("link").first().getAttribute("href")).toBe("#reportedOn-day");
    if (screenshots) await v.screenshot("question-with-error");
    // Every answer is kept
    expect(await v.page.getByLabel("What happened?").inputValue()).toBe(bad.description);
    expect(await v.page.getByLabel("Where did it happen?").inputValue()).toBe(bad.location);
    expect(await v.page.getByRole("group", { name: "When did you report it?" }).getByLabel("Day").inputValue()).toBe(String(Number(daysAgo(11).slice(8))));
    await fillDate(v, "When did you report it?", daysAgo(9));
    await v.press("Save and continue");
    await choose(v, "Do you need to add another incident?", "No");
    await v.press("Continue");
    expect(await v.heading()).toBe("Check your answers before sending your application");

    // Change the phone number and the incident's place from check your answers
    await v.navigates(v.page.locator(".govuk-summary-card", { hasText: "Your details" }).getByRole("link", { name: /Change\s+your details/ }).click());
    await v.checkPage();
    await v.page.getByLabel("Phone number", { exact: true }).fill("01622 602000");
    await v.press("Continue");
    expect(await v.heading()).toBe("Check your answers before sending your application");
    await v.navigates(v.page.locator(".govuk-summary-card", { hasText: "Incident 1" }).getByRole("link", { name: /Change\s+incident 1/ }).click());
    await v.checkPage();
    await v.page.getByLabel("Where did it happen?").fill("Market Buildings, Maidstone");
    await v.press("Save and continue");
    await choose(v, "Do you need to add another incident?", "No");
    await v.press("Continue");
    expect(await v.heading()).toBe("Check your answers before sending your application");
    expect(await v.page.locator("main").innerText()).toContain("01622 602000");
    const { reference } = await sendFromCheckAnswers(v);
    const c = await readBack(h, "kent-maidstone", reference);
    expect(c.applicant.phone).toBe("01622 602000");
    expect(c.incidents).toEqual([storedIncident({ ...bad, reportedOn: daysAgo(9), location: "Market Buildings, Maidstone" }, "HARASSMENT_OR_INTIMIDATION")]);
  });
}
