import "reflect-metadata";
import { startHarness, U, type Harness } from "../helpers/harness";
import { consoleClient, type PageClient } from "../helpers/page-client";

/**
 * A CSP officer's letter templates and threshold policy in the console (ACCESS.md "Administration":
 * the partnerships their agency serves, and no other). An unknown placeholder is refused naming it,
 * as the API does; what was typed is kept and nothing is saved. Read back through GraphQL.
 */

let h: Harness;
let csp: PageClient;
let maidstone: string;
let ashford: string;
beforeAll(async () => {
  h = await startHarness();
  csp = await consoleClient(h.baseUrl, U.cspMaidstone);
  maidstone = h.ref.partnerships.get("KENT-MAIDSTONE")!.id;
  ashford = h.ref.partnerships.get("KENT-ASHFORD")!.id;
});
afterAll(() => h?.close());

const HISTORY = `query ($p: ID!, $k: LetterKind!) { letterTemplateHistory(partnershipId: $p, kind: $k) { version subject body changedBy { name } } }`;
const POLICY = `{ partnerships { code policy { minimumQualifyingComplaints communityRouteMinimumReporters singleHateIncidentRoute panelWithinWorkingDays } } }`;
const errorSummary = (html: string) => (/<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? "").replace(/<[^>]+>/g, " ").replace(/&#39;/g, "'").replace(/&amp;/g, "&").replace(/\s+/g, " ").trim();
const decode = (html: string) => html.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
const policyOf = async (code: string) => (await h.ok(U.cspMaidstone, POLICY)).partnerships.find((p: any) => p.code === code).policy;

describe("letter templates", () => {
  it("the navigation leads a CSP officer to their partnership's letters and policy, every kind listed", async () => {
    expect.hasAssertions();
    const queue = await csp.get("/console?all");
    expect(queue.html).toContain('href="/console/letters-and-policy"');
    // One role, one home: the navigation's extra page does not stop the straight way to the work queue.
    expect((await csp.get("/console")).location).toBe("/console/work-queue");
    expect((await csp.get("/console/letters-and-policy")).location).toBe(`/console/letters-and-policy/${maidstone}`);
    const page = await csp.get(`/console/letters-and-policy/${maidstone}`);
    expect(page.status).toBe(200);
    for (const kind of ["Acknowledgement", "Threshold met", "Threshold not met", "Extension", "Outcome", "Secondary review outcome"]) expect(page.html).toContain(`>${kind}<span`);
    expect(page.html).toContain("Default wording");
  });

  it("the editor lists the kind's placeholders beside the text; an unknown one is refused naming it, keeping the text, saving nothing", async () => {
    expect.hasAssertions();
    const editor = await csp.get(`/console/letters-and-policy/${maidstone}/letters/outcome`);
    expect(editor.status).toBe(200);
    const text = decode(editor.html);
    for (const name of ["applicantName", "findings", "recommendations", "panelHeldOn"]) expect(text).toContain(`{{ ${name} }}`);
    expect(text).not.toContain("{{ upheld }}");
    expect(text).toContain("Dear {{ applicantName }},");

    const body = "Dear {{ applicantNmae }},\n\nThe panel found:\n{{ findings }}";
    const refused = await csp.post(`/console/letters-and-policy/${maidstone}/letters/outcome`, { subject: "Your case review {{ reference }}", body });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain("<title>Error: Outcome letter");
    expect(errorSummary(refused.html)).toContain("Letter text: unknown placeholder {{ applicantNmae }}");
    expect(refused.html).toContain('href="#body"');
    expect(decode(refused.html)).toContain(body);
    expect((await h.ok(U.cspMaidstone, HISTORY, { p: maidstone, k: "OUTCOME" })).letterTemplateHistory.map((v: any) => v.version)).toEqual([0]);

    const blank = await csp.post(`/console/letters-and-policy/${maidstone}/letters/outcome`, { subject: " ", body });
    expect(blank.html).toContain('href="#subject">Enter the subject line');
  });

  it("saves a new version; the versions page says who changed what, when", async () => {
    expect.hasAssertions();
    const body = "Dear {{ applicantName }},\r\n\r\nThe panel met on {{ panelHeldOn }} and found:\r\n{{ findings }}\r\n\r\nMaidstone CSP";
    const saved = await csp.post(`/console/letters-and-policy/${maidstone}/letters/outcome`, { subject: "The outcome of your case review {{ reference }}", body });
    expect(saved.status).toBe(302);
    const page = await csp.get(saved.location!);
    expect(page.html).toContain("Version 1 of the outcome letter was saved");
    expect(page.html).toContain("saved");
    const [latest] = (await h.ok(U.cspMaidstone, HISTORY, { p: maidstone, k: "OUTCOME" })).letterTemplateHistory;
    expect(latest).toMatchObject({ version: 1, subject: "The outcome of your case review {{ reference }}", body: body.replace(/\r\n/g, "\n"), changedBy: { name: "Priya Shah" } });
    const history = await csp.get(`/console/letters-and-policy/${maidstone}/letters/outcome/history`);
    expect(history.html).toContain("1 (current)");
    expect(history.html).toContain("Priya Shah, Maidstone Borough Council");
    expect(decode(history.html)).toContain("The platform's default wording");
    const overview = await csp.get(`/console/letters-and-policy/${maidstone}`);
    expect(overview.html).toContain("Version 1");
  });

  it("another partnership's templates are 'Page not found', and posting to them saves nothing", async () => {
    expect.hasAssertions();
    const token = await csp.token(`/console/letters-and-policy/${maidstone}/letters/outcome`);
    for (const path of [`/console/letters-and-policy/${ashford}`, `/console/letters-and-policy/${ashford}/letters/outcome`, `/console/letters-and-policy/${ashford}/letters/outcome/history`, `/console/letters-and-policy/${maidstone}/letters/no-such-kind`]) {
      const res = await csp.get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
    }
    const post = await csp.post(`/console/letters-and-policy/${ashford}/letters/outcome`, { subject: "Taken over", body: "Dear {{ applicantName }}" }, token);
    expect(post.status).toBe(404);
    expect((await h.ok(U.cspAshford, HISTORY, { p: ashford, k: "OUTCOME" })).letterTemplateHistory.map((v: any) => v.version)).toEqual([0]);
  });
});

describe("the threshold policy", () => {
  it("is shown filled in; the law's limit and a word for a number are pointed at, changing nothing", async () => {
    expect.hasAssertions();
    const before = await policyOf("KENT-MAIDSTONE");
    const form = await csp.get(`/console/letters-and-policy/${maidstone}/policy`);
    expect(form.html).toContain(`name="minimumQualifyingComplaints" type="text" value="${before.minimumQualifyingComplaints}"`);
    const fields = {
      minimumQualifyingComplaints: "4",
      communityRouteMinimumReporters: "",
      singleHateIncidentRoute: "yes",
      acknowledgementWorkingDays: "5",
      informationRequestWorkingDays: "10",
      thresholdDecisionWorkingDays: "ten",
      panelWithinWorkingDays: "20",
      outcomeLetterWorkingDays: "10",
      secondaryReviewRequestWorkingDays: "20",
    };
    const words = await csp.post(`/console/letters-and-policy/${maidstone}/policy`, fields);
    expect(words.status).toBe(400);
    expect(words.html).toContain('href="#thresholdDecisionWorkingDays">Decide the threshold within must be a whole number');
    const law = await csp.post(`/console/letters-and-policy/${maidstone}/policy`, { ...fields, thresholdDecisionWorkingDays: "10" });
    expect(law.status).toBe(400);
    expect(errorSummary(law.html)).toContain("Qualifying complaints: the law sets 3 as the most a partnership may require");
    expect(law.html).toContain('href="#minimumQualifyingComplaints"');
    expect(law.html).toContain('value="4"');
    expect(await policyOf("KENT-MAIDSTONE")).toEqual(before);

    const ok = await csp.post(`/console/letters-and-policy/${maidstone}/policy`, { ...fields, minimumQualifyingComplaints: "2", thresholdDecisionWorkingDays: "10", panelWithinWorkingDays: "25" });
    expect(ok.location).toBe(`/console/letters-and-policy/${maidstone}`);
    expect(await policyOf("KENT-MAIDSTONE")).toEqual({ minimumQualifyingComplaints: 2, communityRouteMinimumReporters: null, singleHateIncidentRoute: true, panelWithinWorkingDays: 25 });
  });

  it("another partnership's policy is 'Page not found'; an administrator has no letters and policy pages", async () => {
    expect.hasAssertions();
    expect((await csp.get(`/console/letters-and-policy/${ashford}/policy`)).status).toBe(404);
    const token = await csp.token(`/console/letters-and-policy/${maidstone}/policy`);
    const before = await policyOf("KENT-ASHFORD");
    expect((await csp.post(`/console/letters-and-policy/${ashford}/policy`, { minimumQualifyingComplaints: "1" }, token)).status).toBe(404);
    expect(await policyOf("KENT-ASHFORD")).toEqual(before);
    const sys = await consoleClient(h.baseUrl, U.systemAdmin);
    expect((await sys.get("/console/letters-and-policy")).status).toBe(404);
    expect((await sys.get(`/console/letters-and-policy/${maidstone}/letters/outcome`)).status).toBe(404);
  });
});
