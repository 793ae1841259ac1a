import fs from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { startHarness, U, type Harness } from "../helpers/harness";
import { DESKTOP, openBrowser, PHONE, Visitor, type VisitorOptions } from "../helpers/web";

/**
 * The administration's main journey in Chromium, with JavaScript on (1280 px) and off (375 px),
 * axe-core on every page: a SYSTEM_ADMIN adds an agency and its first administrator, then
 * deactivates them; a CSP officer edits a letter template. Each step is checked through GraphQL.
 */
jest.setTimeout(240_000);

const SCREENS = "/work/coord/screens/console-admin";

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

async function signIn(v: Visitor, name: string): Promise<void> {
  await v.goto("/console/sign-in");
  await v.page.getByLabel(new RegExp(`${name} \\(`)).check();
  await v.press("Sign in");
}

async function screenshot(v: Visitor, name: string): Promise<void> {
  fs.mkdirSync(SCREENS, { recursive: true });
  await v.page.screenshot({ path: path.join(SCREENS, `${name}-${v.options.width}.png`), fullPage: true });
}

const AGENCIES = `{ agencies { id name kind partnerships { code } } }`;
const STAFF = `query ($s: String) { staffUsers(filter: { search: $s }, first: 10) { edges { node { id name email roles active deactivationReason } } } }`;
const HISTORY = `query ($p: ID!) { letterTemplateHistory(partnershipId: $p, kind: THRESHOLD_NOT_MET) { version body changedBy { name } } }`;

function journey(options: VisitorOptions, label: string) {
  describe(`JavaScript ${options.js ? "on" : "off"}, ${options.width} px`, () => {
    let v: Visitor;
    beforeEach(async () => {
      v = await Visitor.open(browser, h.baseUrl, options);
    });
    afterEach(async () => {
      expect(v.cspViolations).toEqual([]);
      await v.close();
    });

    it("a SYSTEM_ADMIN adds an agency and its first administrator, then deactivates them", async () => {
      expect.hasAssertions();
      const agencyName = `Swale Housing Trust ${label}`;
      const email = `admin.${label}@swalehousing.org.uk`;
      await signIn(v, "Morgan Price");
      expect(await v.heading()).toBe("Administration");
      await v.follow("Agencies");
      await v.press("Add an agency"); // a link styled as a button
      await v.page.getByLabel("Name").fill(agencyName);
      await v.press("Add agency");
      // No kind chosen: the error summary points at it, the name is kept.
      expect(await v.page.title()).toMatch(/^Error: Add an agency/);
      expect(await v.page.locator(".govuk-error-summary").innerText()).toContain("Choose the kind of agency");
      expect(await v.page.getByLabel("Name").inputValue()).toBe(agencyName);
      await v.page.getByLabel("Housing provider").check();
      await v.page.getByLabel("Maidstone Community Safety Partnership").check();
      await v.press("Add agency");
      expect(await v.heading()).toBe(agencyName);
      const agency = (await h.ok(U.systemAdmin, AGENCIES)).agencies.find((a: any) => a.name === agencyName);
      expect(agency).toMatchObject({ kind: "HOUSING_PROVIDER", partnerships: [{ code: "KENT-MAIDSTONE" }] });

      await v.press("Add a member of staff"); // a link styled as a button
      expect(await v.page.getByLabel("Agency", { exact: true }).inputValue()).toBe(agency.id);
      await v.page.getByLabel("Full name").fill("Rowan Hale");
      await v.page.getByLabel("Email address").fill(email);
      await v.page.getByLabel("Agency administrator").check();
      await v.press("Add member of staff");
      expect(await v.heading()).toBe("Rowan Hale");
      expect(await v.page.locator(".govuk-notification-banner").innerText()).toContain("Rowan Hale was added");
      const [rowan] = (await h.ok(U.systemAdmin, STAFF, { s: email })).staffUsers.edges.map((e: any) => e.node);
      expect(rowan).toMatchObject({ name: "Rowan Hale", roles: ["AGENCY_ADMIN"], active: true });

      await v.press("Deactivate account");
      await v.press("Deactivate account");
      expect(await v.page.locator(".govuk-error-summary").innerText()).toContain("Enter why you are deactivating the account");
      await v.page.getByLabel("Why are you deactivating the account?").fill("Set up by mistake");
      await v.press("Deactivate account");
      expect(await v.page.locator("main").innerText()).toContain("Reason: Set up by mistake");
      if (options.js || options.width === PHONE) await screenshot(v, "staff-member");
      expect((await h.ok(U.systemAdmin, STAFF, { s: email })).staffUsers.edges[0].node).toMatchObject({ active: false, deactivationReason: "Set up by mistake" });

      await v.follow("Back to the staff list");
      expect(await v.page.locator("main").innerText()).toContain("Rowan Hale");
      await screenshot(v, "staff-list");
      // Administrators see no case data: no link to a case anywhere on their pages.
      expect(await v.page.locator('a[href^="/console/case"]').count()).toBe(0);
      await v.press("Sign out");
    });

    it("a CSP officer edits a letter template: an unknown placeholder is refused, then the version is saved", async () => {
      expect.hasAssertions();
      const maidstone = h.ref.partnerships.get("KENT-MAIDSTONE")!.id;
      await signIn(v, "Priya Shah");
      await v.goto("/console/letters-and-policy");
      expect(await v.heading()).toBe("Letters and policy");
      await v.follow(/^Threshold not met letter$/);
      expect(await v.heading()).toBe("Threshold not met letter");
      const body = v.page.getByLabel("Letter text");
      const original = await body.inputValue();
      expect(original).toContain("{{ applicantName }}");
      await body.fill(original.replace("{{ applicantName }}", "{{ applicantFirstName }}"));
      await v.press("Save as a new version");
      expect(await v.page.title()).toMatch(/^Error: /);
      expect(await v.page.locator(".govuk-error-summary").innerText()).toContain("unknown placeholder {{ applicantFirstName }}");
      expect(await body.inputValue()).toContain("{{ applicantFirstName }}");
      await screenshot(v, "letter-template-error");
      await body.fill(original.replace("Dear {{ applicantName }},", `Dear {{ applicantName }}, (${label})`));
      await v.press("Save as a new version");
      expect(await v.page.locator(".govuk-notification-banner").innerText()).toMatch(/Version \d+ of the threshold not met letter was saved/);
      await screenshot(v, "letter-template");
      const [latest] = (await h.ok(U.cspMaidstone, HISTORY, { p: maidstone })).letterTemplateHistory;
      expect(latest.body).toContain(`Dear {{ applicantName }}, (${label})`);
      expect(latest.changedBy).toEqual({ name: "Priya Shah" });
      await v.follow(/^See all \d+ versions/);
      expect(await v.page.locator("main").innerText()).toContain("Priya Shah, Maidstone Borough Council");
    });
  });
}

journey({ js: true, width: DESKTOP }, "js-on");
journey({ js: false, width: PHONE }, "js-off");
