import type { Browser, Locator } from "playwright-core";
import { addDays, todayUk } from "../../src/calendar/dates";
import type { NotificationKind } from "../../src/modules/notifications/notification.entity";
import { startHarness, U, type Harness } from "../helpers/harness";
import { startSmtp, type TestSmtp } from "../helpers/smtp";
import { bySubject, expectedMail, StoryMail } from "../helpers/story-mail";
import { openBrowser, Visitor, type VisitorOptions } from "../helpers/web";
import { applyUpToCheckAnswers, sendFromCheckAnswers, THREE_INCIDENTS } from "./journeys";

// Run in the page (the tests are compiled without the DOM's types).
const isActive = (el: unknown) => el === (globalThis as any).document.activeElement;

/**
 * One member of staff (or the applicant) in the browser. With `keyboard`, nothing is clicked: every
 * field and button is reached with Tab (radio groups and selects are worked with the arrow keys)
 * and used with the keys a keyboard user presses, so the journey proves keyboard access.
 */
export class Actor {
  constructor(readonly v: Visitor, readonly keyboard = false) {}
  get page() {
    return this.v.page;
  }

  /** Tabs until `target` has the focus (fails after a full lap of the page and more). */
  private async tabTo(target: Locator, isFocused?: () => Promise<boolean>): Promise<void> {
    const focused = isFocused ?? (() => target.evaluate(isActive));
    for (let k = 0; k < 250; k++) {
      if (await focused()) return;
      await this.page.keyboard.press("Tab");
    }
    throw new Error(`could not reach ${target} with the Tab key`);
  }

  async fill(target: Locator, text: string): Promise<void> {
    if (!this.keyboard) return target.fill(text);
    await this.tabTo(target);
    await this.page.keyboard.press("ControlOrMeta+A");
    await this.page.keyboard.press("Delete");
    await this.page.keyboard.type(text);
  }

  async field(label: string | RegExp, text: string, within?: Locator): Promise<void> {
    await this.fill((within ?? this.page).getByLabel(label, { exact: typeof label === "string" }), text);
  }

  async choose(legend: string | RegExp, option: string | RegExp, within?: Locator): Promise<void> {
    const group = (within ?? this.page).getByRole("group", { name: legend });
    const target = group.getByLabel(option, { exact: typeof option === "string" });
    if (!this.keyboard) return target.check();
    const name = await target.getAttribute("name");
    // Tab reaches the group (its checked radio, or the first); the arrow keys move the choice.
    await this.tabTo(target, () => this.page.evaluate(n => (globalThis as any).document.activeElement?.name === n, name));
    for (let k = 0; k < 30; k++) {
      if (await target.evaluate(isActive)) {
        if (!(await target.isChecked())) await this.page.keyboard.press("Space");
        return;
      }
      await this.page.keyboard.press("ArrowDown");
    }
    throw new Error(`could not choose ${option} with the arrow keys`);
  }

  async tick(label: string | RegExp, within?: Locator): Promise<void> {
    const target = (within ?? this.page).getByLabel(label, { exact: typeof label === "string" });
    if (!this.keyboard) return target.check();
    await this.tabTo(target);
    if (!(await target.isChecked())) await this.page.keyboard.press("Space");
  }

  async select(label: string, option: string, within?: Locator): Promise<void> {
    const target = (within ?? this.page).getByLabel(label, { exact: true });
    if (!this.keyboard) {
      await target.selectOption({ label: option });
      return;
    }
    await this.tabTo(target);
    for (let k = 0; k < 30; k++) {
      if ((await target.evaluate((el: any) => el.selectedOptions[0]?.text)) === option) return;
      await this.page.keyboard.press("ArrowDown");
    }
    throw new Error(`could not select ${option} with the arrow keys`);
  }

  async date(legend: string, iso: string, within?: Locator): Promise<void> {
    const group = (within ?? this.page).getByRole("group", { name: legend });
    const [y, m, d] = iso.split("-");
    await this.fill(group.getByLabel("Day"), String(Number(d)));
    await this.fill(group.getByLabel("Month"), String(Number(m)));
    await this.fill(group.getByLabel("Year"), y!);
  }

  /** A button (or a link styled as one): clicked, or reached with Tab and pressed with Enter. */
  async press(name: string | RegExp): Promise<void> {
    const target = this.page.getByRole("button", { name, exact: typeof name === "string" }).first();
    if (!this.keyboard) return this.v.press(name);
    await this.tabTo(target);
    await this.v.navigates(this.page.keyboard.press("Enter"));
    await this.v.checkPage();
  }

  async follow(name: string | RegExp, within?: string): Promise<void> {
    if (!this.keyboard) return this.v.follow(name, within);
    const target = (within ? this.page.locator(within) : this.page).getByRole("link", { name }).first();
    await this.tabTo(target);
    await this.v.navigates(this.page.keyboard.press("Enter"));
    await this.v.checkPage();
  }

  /** A section of the case page, from its sub navigation. */
  section(name: string): Promise<void> {
    return this.follow(new RegExp(`^${name}$`), "nav[aria-label='Case sections']");
  }

  async main(): Promise<string> {
    return (await this.page.locator("main").innerText()).replace(/\s+/g, " ");
  }

  async sections(): Promise<string[]> {
    return (await this.page.locator("nav[aria-label='Case sections'] a").allInnerTexts()).map(s => s.trim());
  }

  async flash(): Promise<string> {
    return (await this.page.locator(".govuk-notification-banner--success").innerText()).replace(/\s+/g, " ");
  }

  /** The development sign-in page, coming back to `path`. */
  async signIn(email: string, path: string): Promise<void> {
    await this.v.goto(`/console/sign-in?returnTo=${encodeURIComponent(path)}`);
    if (this.keyboard) {
      const target = this.page.locator(`input[name=email][value="${email}"]`);
      await this.tabTo(target, () => this.page.evaluate(() => (globalThis as any).document.activeElement?.name === "email"));
      for (let k = 0; k < 40 && !(await target.evaluate(isActive)); k++) await this.page.keyboard.press("ArrowDown");
      if (!(await target.isChecked())) await this.page.keyboard.press("Space");
    } else {
      await this.page.locator(`input[name=email][value="${email}"]`).check();
    }
    await this.press("Sign in");
  }
}

const STORY = `query Story($id: ID!) {
  caseReview(id: $id) {
    status
    incidents { confirmation agencyReference reportedTo { name } }
    informationRequests { status agency { name } answer }
    thresholdDecision { met reason }
    contributions { classification agency { name } caseSummary }
    panel { heldOn findings chair { name } members { name } }
    recommendations { status assignedAgency { name } completionNote declineReason challenge }
    letters { kind body }
    secondaryReview { requestedByApplicant reason reviewer { name } outcome findings }
    timeline { kind }
  }
}`;

/**
 * The seed page's whole story across the roles, in a real browser (WEB.md, "How it is proved";
 * issue 14, "Done when"): the front door, the agencies' checks, the threshold, contributions, the
 * panel and its recommendations, the outcome letter, the secondary review and closing the case.
 * On the way, each role's pages show only what ACCESS.md lets it see. axe-core checks every page.
 */
export function caseStory(options: VisitorOptions, { cspKeyboard }: { cspKeyboard: boolean }): void {
  let h: Harness;
  let smtp: TestSmtp;
  let mail: StoryMail;
  let browser: Browser;
  const visitors: Visitor[] = [];
  beforeAll(async () => {
    // The job queue delivers every email of the story to a real SMTP server (issue 15, "Done when").
    smtp = await startSmtp();
    h = await startHarness({ notifier: true, env: { SMTP_URL: smtp.url } });
    mail = new StoryMail(h, smtp);
    browser = await openBrowser();
  }, 60_000);
  afterAll(async () => {
    for (const v of visitors) await v.close();
    await browser?.close();
    await h?.close();
    await smtp?.close();
  });
  /** Who heard what since the last step that told anyone, checked when the step is done. */
  const told = async (expected: Array<[string[], `${NotificationKind}`]>) => expect(bySubject(await mail.since())).toEqual(expectedMail(expected));
  const APPLICANT = "m.hollis@example.org";
  const actor = async (keyboard = false) => {
    const v = await Visitor.open(browser, h.baseUrl, options);
    visitors.push(v);
    return new Actor(v, keyboard);
  };

  it(`plays the whole story (JavaScript ${options.js ? "on" : "off"}${cspKeyboard ? ", the CSP officer by keyboard alone" : ""})`, async () => {
    const today = todayUk();
    // ---- The application arrives through the front door -------------------------------------------
    const applicant = await actor();
    await applyUpToCheckAnswers(applicant.v, "kent-maidstone", {
      victim: { name: "Margaret Hollis", address: "14 Bower Lane, Maidstone", postcode: "ME16 8RP", email: "m.hollis@example.org", phone: "01622 555 0192", contact: "Email" },
      incidents: THREE_INCIDENTS,
    });
    const { reference, accessCode } = await sendFromCheckAnswers(applicant.v);
    const [police3, council3, golding3] = [await mail.officersOf("Kent Police"), await mail.officersOf("Maidstone Borough Council"), await mail.officersOf("Golding Homes")];
    await told([
      [[APPLICANT], "APPLICATION_RECEIVED"],
      [await mail.cspOfficersOf("KENT-MAIDSTONE"), "NEW_APPLICATION"],
      [[...police3, ...council3, ...golding3], "INCIDENTS_TO_CONFIRM"],
    ]);
    const { caseReviewByReference } = await h.ok(U.cspMaidstone, `query($r: String!) { caseReviewByReference(reference: $r) { id } }`, { r: reference });
    const id: string = caseReviewByReference.id;
    const base = `/console/cases/${id}`;

    // ---- The CSP officer asks the police for their records ----------------------------------------
    const csp = await actor(cspKeyboard);
    await csp.signIn(U.cspMaidstone, base);
    expect(await csp.sections()).toEqual(["Summary", "Incidents", "Information requests", "Threshold", "Letters", "Timeline", "Audit trail"]);
    expect(await csp.main()).toContain("m.hollis@example.org");
    await csp.section("Information requests");
    await csp.press("Ask an agency for information");
    await csp.choose("Which agency?", "Kent Police");
    await csp.field("What should they look for in their records?", "Any calls to Bower Lane in the last year");
    await csp.press("Send the request");
    expect(await csp.flash()).toContain("Request sent");
    await told([[police3, "INFORMATION_REQUESTED"]]);

    // ---- Each agency confirms its incident and answers -------------------------------------------
    const agencies = [
      { email: U.police, name: "Kent Police", own: "KP/123/24", other: "GH-77" },
      { email: U.councilMaidstone, name: "Maidstone Borough Council", own: null, other: "KP/123/24" },
      { email: U.housingGolding, name: "Golding Homes", own: "GH-77", other: "KP/123/24" },
    ];
    const officers = new Map<string, Actor>();
    for (const a of agencies) {
      const officer = await actor();
      officers.set(a.name, officer);
      await officer.signIn(a.email, base);
      // No timeline, no audit trail, no applicant's contact details (ACCESS.md)
      expect(await officer.sections()).not.toContain("Timeline");
      expect(await officer.sections()).not.toContain("Audit trail");
      expect(await officer.main()).not.toContain("m.hollis@example.org");
      await officer.section("Incidents");
      const incidents = await officer.main();
      if (a.own) expect(incidents).toContain(a.own);
      expect(incidents).not.toContain(a.other); // a crime or log number not reported to it
      await officer.follow(/Check in your records/);
      await officer.choose("Do your records show this incident?", "Yes, we have a record of it");
      if (!a.own) await officer.field("Your reference (optional)", "MBC-ASB-9");
      await officer.field("What your records show (optional)", `Logged by ${a.name}`);
      await officer.press("Save");
      expect(await officer.flash()).toMatch(/Incident \d saved/);
      await officer.section("Information requests");
      while (await officer.page.getByRole("link", { name: /^Answer/ }).count()) {
        await officer.follow(/^Answer/);
        await officer.field("What your records hold", `${a.name} holds reports matching the incidents.`);
        await officer.press("Send the answer");
        expect(await officer.flash()).toContain("Answer sent");
      }
    }

    // ---- The CSP officer decides the threshold met, with the engine beside the form ----------------
    await csp.section("Threshold");
    const engine = await csp.page.locator(".app-engine").innerText();
    expect(engine).toContain("The engine's assessment");
    expect(engine).toMatch(/Incident 1: Harassment or intimidation[\s\S]*Qualifies/);
    await csp.v.screenshot("../console-case/threshold-decision");
    await csp.choose("Is the threshold for a case review met?", "Yes, the threshold is met");
    await csp.field("Reasons for the decision", "Three qualifying complaints, each confirmed by its agency.");
    await csp.press("Record the decision");
    expect(await csp.flash()).toContain("Threshold decision recorded");
    await told([[[APPLICANT], "THRESHOLD_DECIDED"]]); // and nobody was told of the agencies' checks and answers

    // ---- Agencies contribute: one OFFICIAL_SENSITIVE, one OFFICIAL ---------------------------------
    const police = officers.get("Kent Police")!;
    const golding = officers.get("Golding Homes")!;
    for (const [officer, text, marking] of [
      [police, "Police intelligence on the group: three named youths.", "OFFICIAL-SENSITIVE"],
      [golding, "Tenancy warnings issued to the household at number 6.", "OFFICIAL"],
    ] as const) {
      await officer.section("Contributions");
      await officer.press("Add your agency's contribution");
      await officer.field("What your records hold on the case", text);
      await officer.field("What your agency did about the reports", "Visits and warnings.");
      await officer.choose("How should it be marked?", marking);
      await officer.press("Submit the contribution");
      expect(await officer.flash()).toContain("Contribution submitted");
    }
    const seenByGolding = await golding.main();
    expect(seenByGolding).toContain("Tenancy warnings issued");
    expect(seenByGolding).not.toContain("three named youths"); // another agency's sensitive contribution
    expect(seenByGolding).toContain("OFFICIAL-SENSITIVE");

    // ---- The CSP officer schedules the panel from the staff directory ------------------------------
    await csp.v.goto(base);
    await csp.section("Panel");
    await csp.press("Schedule the panel");
    await csp.date("Date the panel sits", today);
    await csp.field("Time", "23:30");
    await csp.choose("Who chairs it?", "David Reid, Maidstone Borough Council");
    await csp.tick("PC Sam Clarke, Kent Police");
    await csp.tick("Jo Turner, Golding Homes");
    await csp.press("Schedule the panel");
    expect(await csp.flash()).toContain("Panel scheduled");
    await told([[[APPLICANT], "PANEL_SCHEDULED"]]); // and nobody of the contributions
    await csp.section("Summary");
    expect(await csp.main()).toMatch(/Panel due by \d+ \w+ \d{4} \d+ days? left/);
    await csp.v.screenshot("../console-case/case-summary");

    // ---- The chair holds it: two recommendations (add another); Enter records the outcome -------------
    const chair = await actor();
    await chair.signIn(U.chair, base);
    await chair.section("Panel");
    await chair.press("Record the outcome");
    await chair.field("What the panel found", "The agencies did not share information early enough.");
    const first = chair.page.getByRole("group", { name: "Recommendation 1" });
    await chair.select("To which agency", "Kent Police", first);
    await chair.field("The recommendation", "Patrol Bower Lane on Friday nights for three months.", first);
    await chair.date("To be done by", addDays(today, 60), first);
    await chair.press("Add another recommendation");
    const second = chair.page.getByRole("group", { name: "Recommendation 2" });
    expect(await first.getByLabel("The recommendation").inputValue()).toBe("Patrol Bower Lane on Friday nights for three months.");
    await chair.select("To which agency", "Golding Homes", second);
    await chair.field("The recommendation", "Move the household at number 6 to another property.", second);
    await chair.date("To be done by", addDays(today, 90), second);
    await chair.v.screenshot("../console-case/panel-outcome");
    // Enter in the last field records the outcome, not "Remove" nor "Add another"
    await chair.v.navigates(second.getByLabel("Year").press("Enter"));
    await chair.v.checkPage();
    expect(await chair.flash()).toContain("Outcome recorded with 2 recommendations");
    await told([[[...police3, ...golding3], "RECOMMENDATION_ISSUED"]]);

    // ---- Both acknowledged; the police complete theirs, Golding Homes declines ---------------------
    await police.v.goto(base);
    await police.section("Recommendations");
    await police.press("Acknowledge recommendation 1");
    await police.follow(/Accept or decline/);
    await police.choose("Will your agency carry it out?", "Yes, we accept it");
    await police.press("Send the response");
    await police.follow(/Mark as completed/);
    await police.field("What was done", "Twelve Friday patrols carried out.");
    await police.press("Mark as completed");
    expect(await police.flash()).toContain("Recommendation 1 completed");
    expect(await police.main()).not.toContain("Acknowledge recommendation 2"); // not theirs

    await golding.v.goto(base);
    await golding.section("Recommendations");
    await golding.press("Acknowledge recommendation 2");
    await golding.follow(/Accept or decline/);
    await golding.choose("Will your agency carry it out?", "No, we decline it");
    await golding.field("Why your agency declines it (if declining)", "No suitable property is available.");
    await golding.press("Send the response");

    // ---- The CSP officer challenges it, then issues and prints the outcome letter -------------------
    await csp.v.goto(base);
    await csp.section("Recommendations");
    await csp.follow(/Challenge/);
    await csp.field("Why are you challenging it?", "A managed move was offered last year.");
    await csp.press("Send the challenge");
    expect(await csp.flash()).toContain("Recommendation 2 challenged");
    await csp.section("Letters");
    await csp.press("Write the outcome letter");
    const drafted = await csp.page.getByLabel("The letter", { exact: true }).inputValue();
    expect(drafted).toContain(reference);
    await csp.press("Preview the letter");
    expect(await csp.page.locator(".app-letter-preview").innerText()).toContain(reference);
    await csp.press("Issue the letter");
    expect(await csp.flash()).toContain("Outcome letter issued");
    await told([[[APPLICANT], "OUTCOME_SENT"]]); // and nobody of the acknowledgements, answers and challenge
    const printPath = await csp.page.getByRole("link", { name: /^Outcome/ }).getAttribute("href");
    expect(printPath).toMatch(/^\/letters\/[0-9a-f-]{36}$/);
    // The printable letter opens with the console's session
    await csp.follow(/^Outcome/);
    expect(new URL(csp.page.url()).pathname).toBe(printPath);
    expect(await csp.page.locator("body").innerText()).toContain(reference);
    await csp.v.goto(`${base}/letters`);
    // An agency sees the letter's kind and dates, never its body
    await police.section("Letters");
    expect(await police.page.getByRole("link", { name: /^Outcome/ }).count()).toBe(0);
    expect(await police.main()).not.toContain("Dear");

    // ---- The applicant reads and prints the letter, and asks for a secondary review ----------------
    await applicant.v.goto("/check-progress");
    await applicant.page.getByLabel("Reference").fill(reference);
    await applicant.page.getByLabel("Access code").fill(accessCode);
    await applicant.v.press("Continue");
    await applicant.v.follow("The outcome of your case review");
    await applicant.page.emulateMedia({ media: "print" });
    expect(await applicant.page.locator(".app-letter-body").isVisible()).toBe(true);
    expect(await applicant.page.locator(".govuk-header").isVisible()).toBe(false);
    await applicant.page.emulateMedia({ media: "screen" });
    await applicant.v.goto("/check-progress/application");
    await applicant.v.press("Ask for a secondary review");
    await applicant.page.getByLabel(/Why are you unhappy/).fill("The panel did not hear from me before deciding.");
    await applicant.v.press("Send request");

    // ---- The CSP officer assigns a reviewer, who records the outcome; the case is closed ------------
    await csp.v.goto(base);
    await csp.section("Secondary review");
    expect(await csp.main()).toContain("The panel did not hear from me");
    await csp.press("Assign a reviewer");
    await csp.choose("Who carries out the secondary review?", "Grace Liu, Office of the Kent Police and Crime Commissioner");
    await csp.press("Assign the reviewer");
    expect(await csp.flash()).toContain("Reviewer assigned");

    const reviewer = await actor();
    await reviewer.signIn(U.reviewer, base);
    expect(await reviewer.sections()).not.toContain("Audit trail");
    await reviewer.section("Secondary review");
    await reviewer.press("Record the outcome");
    await reviewer.choose("What is the outcome?", "Upheld");
    await reviewer.field("Your findings", "The applicant should have been invited to the panel.");
    await reviewer.press("Record the outcome");
    expect(await reviewer.flash()).toContain("Secondary review outcome recorded");
    await told([[[APPLICANT], "OUTCOME_SENT"]]); // the secondary review's outcome letter

    await csp.v.goto(base);
    await csp.press("Close the case");
    await csp.field("Why is the case being closed?", "The applicant met the panel; nothing more will be done.");
    await csp.press("Close the case");
    expect(await csp.flash()).toContain("The case is closed");
    await told([[[APPLICANT], "CASE_CLOSED"]]);
    const summary = await csp.main();
    expect(summary).toContain("This case is closed: nothing is due.");
    expect(summary).not.toMatch(/days? left|overdue/);
    await csp.v.screenshot("../console-case/case-summary-closed");
    await csp.section("Timeline");
    expect(await csp.page.locator(".moj-timeline__item").count()).toBeGreaterThan(10);
    await csp.section("Audit trail");
    expect(await csp.main()).toContain("Viewed");

    // ---- Every step, read back through GraphQL --------------------------------------------------------
    const { caseReview: c } = await h.ok(U.cspMaidstone, STORY, { id });
    expect(c.status).toBe("CLOSED");
    expect(c.incidents.map((i: any) => [i.reportedTo.name, i.confirmation, i.agencyReference])).toEqual([
      ["Kent Police", "CONFIRMED", "KP/123/24"],
      ["Maidstone Borough Council", "CONFIRMED", "MBC-ASB-9"],
      ["Golding Homes", "CONFIRMED", "GH-77"],
    ]);
    expect(c.informationRequests.every((r: any) => r.status === "ANSWERED")).toBe(true);
    expect(c.informationRequests.filter((r: any) => r.agency.name === "Kent Police")).toHaveLength(2);
    expect(c.thresholdDecision).toEqual({ met: true, reason: "Three qualifying complaints, each confirmed by its agency." });
    expect(c.contributions.map((x: any) => [x.agency.name, x.classification])).toEqual([
      ["Kent Police", "OFFICIAL_SENSITIVE"],
      ["Golding Homes", "OFFICIAL"],
    ]);
    expect(c.panel).toMatchObject({ heldOn: today, findings: "The agencies did not share information early enough.", chair: { name: "David Reid" } });
    expect(c.panel.members.map((m: any) => m.name).sort()).toEqual(["Jo Turner", "PC Sam Clarke"]);
    expect(c.recommendations).toEqual([
      { status: "COMPLETED", assignedAgency: { name: "Kent Police" }, completionNote: "Twelve Friday patrols carried out.", declineReason: null, challenge: null },
      { status: "CHALLENGED", assignedAgency: { name: "Golding Homes" }, completionNote: null, declineReason: "No suitable property is available.", challenge: "A managed move was offered last year." },
    ]);
    expect(c.letters.map((l: any) => l.kind)).toEqual(expect.arrayContaining(["ACKNOWLEDGEMENT", "THRESHOLD_MET", "OUTCOME", "SECONDARY_REVIEW_OUTCOME"]));
    expect(c.secondaryReview).toEqual({
      requestedByApplicant: true,
      reason: "The panel did not hear from me before deciding.",
      reviewer: { name: "Grace Liu" },
      outcome: "UPHELD",
      findings: "The applicant should have been invited to the panel.",
    });
    for (const v of visitors) expect(v.cspViolations).toEqual([]);

    // ---- No email carried the case: nothing typed in the story, nor anyone's address -----------------
    expect(smtp.received.length).toBeGreaterThanOrEqual(12);
    const typed = [
      "Margaret Hollis", "14 Bower Lane", "ME16 8RP", "01622 555 0192", reference, accessCode,
      ...THREE_INCIDENTS.flatMap(i => [i.description, i.location, ...(i.reference ? [i.reference] : [])]),
      "Any calls to Bower Lane", "MBC-ASB-9", "holds reports matching the incidents", "Three qualifying complaints",
      "three named youths", "Tenancy warnings issued", "did not share information early enough", "Patrol Bower Lane",
      "Move the household", "Twelve Friday patrols", "No suitable property", "A managed move", "did not hear from me",
      "should have been invited", "nothing more will be done",
    ];
    expect(await mail.leaks(typed, ["hollis", "bower", "me16"])).toEqual([]);
  });
}
