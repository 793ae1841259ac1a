import "reflect-metadata";
import { addDays, todayUk } from "../../src/calendar/dates";
import { daysAgo, submitCase } from "../helpers/applications";
import { createCase, daysFromToday, S } from "../helpers/fixtures";
import { startHarness, U, type Harness } from "../helpers/harness";
import { consoleClient, type PageClient } from "../helpers/page-client";

const text = (html: string) =>
  html.replace(/<script[\s\S]*?<\/script>/g, "").replace(/<[^>]+>/g, " ").replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&").replace(/\s+/g, " ");
/** The error summary's items: where each links, and what it says. */
const errorSummary = (html: string) => {
  const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? "";
  return [...summary.matchAll(/<a href="(#[^"]+)">([^<]+)<\/a>/g)].map(m => ({ href: m[1], text: m[2]!.trim() }));
};
const parts = (iso: string, name: string) => {
  const [y, m, d] = iso.split("-");
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y! };
};

/** The case page's less travelled steps, through the pages' forms (no browser: the story test has one). */
describe("case page steps", () => {
  let h: Harness;
  const clients = new Map<string, PageClient>();
  const as = async (email: string) => {
    if (!clients.has(email)) clients.set(email, await consoleClient(h.baseUrl, email));
    return clients.get(email)!;
  };
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it("a CSP officer adds an incident found later, links two reports of one incident and unlinks them", async () => {
    const { caseReviewId } = await submitCase(h);
    const base = `/console/cases/${caseReviewId}`;
    const csp = await as(U.cspMaidstone);
    const police = h.ref.agencies.get("Kent Police")!.id;
    const tomorrow = addDays(todayUk(), 1);
    const future = await csp.post(`${base}/incidents/add`, {
      category: "VANDALISM", description: "Wing mirror broken.", location: "Tonbridge Road", ...parts(daysAgo(12), "occurredOn"), ...parts(tomorrow, "reportedOn"),
      reportedTo: police, hateMotivated: "no",
    });
    expect(future.status).toBe(400);
    expect(errorSummary(future.html)).toEqual([expect.objectContaining({ href: "#reportedOn-day" })]);
    expect(future.html).toContain("Wing mirror broken.");
    const added = await csp.post(`${base}/incidents/add`, {
      category: "HARASSMENT_OR_INTIMIDATION", description: "Same night, reported again to the police.", location: "Outside 14 Tonbridge Road",
      ...parts(daysAgo(40), "occurredOn"), ...parts(daysAgo(37), "reportedOn"), reportedTo: police, agencyReference: "KP-46/1199", hateMotivated: "no",
    });
    expect(added.status).toBe(302);
    const list = await csp.get(`${base}/incidents`);
    // The incidents are in the order they happened: the new one is the second
    expect(text(list.html)).toContain("Incident 2: Harassment or intimidation What happened Same night, reported again to the police.");

    const { caseReview } = await h.ok(U.cspMaidstone, `query($id: ID!) { caseReview(id: $id) { incidents { id } } }`, { id: caseReviewId });
    const [first, second] = caseReview.incidents.map((i: { id: string }) => i.id);
    expect(errorSummary((await csp.post(`${base}/incidents/link`, { incidentIds: first })).html)).toEqual([{ href: "#incidentIds", text: "Select two or more reports of the same incident" }]);
    const linked = await csp.post(`${base}/incidents/link`, { incidentIds: [first, second] });
    expect(linked.status).toBe(302);
    const after = text((await csp.get(`${base}/incidents`)).html);
    expect(after).toContain("The reports are linked");
    expect(after).toMatch(/Counted once, with incident 1/);
    const unlinked = await csp.post(`${base}/incidents/${second}/unlink`, {}, await csp.token(`${base}/incidents`));
    expect(unlinked.status).toBe(302);
    expect(text((await csp.get(`${base}/incidents`)).html)).not.toMatch(/Counted once, with incident/);
  });

  it("the chair's outcome form: add another keeps what was typed, remove takes the row out, and the API's problem with a row points at its field", async () => {
    const c = await createCase(h, { status: S.PANEL_SCHEDULED, scheduledFor: new Date() });
    const base = `/console/cases/${c.id}`;
    const chair = await as(U.chair);
    const police = h.ref.agencies.get("Kent Police")!.id;
    const golding = h.ref.agencies.get("Golding Homes")!.id;
    const row0 = { "recommendations-0-agency": police, "recommendations-0-text": "Patrol on Fridays", ...parts(daysFromToday(30), "recommendations-0-dueBy") };
    const more = await chair.post(`${base}/panel/outcome`, { action: "add", rows: "1", findings: "Found", ...row0 });
    expect(more.status).toBe(200);
    expect(more.html).toContain("Recommendation 2");
    expect(more.html).toContain("Patrol on Fridays");
    const row1 = { "recommendations-1-agency": golding, "recommendations-1-text": "Move the household", ...parts(todayUk(), "recommendations-1-dueBy") };
    const removed = await chair.post(`${base}/panel/outcome`, { action: "remove-0", rows: "2", findings: "Found", ...row0, ...row1 });
    expect(removed.html).not.toContain("Patrol on Fridays");
    expect(removed.html).toContain("Move the household");
    expect(removed.html).not.toContain("Recommendation 2");
    // A due date on the day the panel sat: the API refuses it, on that row's date
    const refused = await chair.post(`${base}/panel/outcome`, { action: "save", rows: "2", findings: "Found", ...row0, ...row1 });
    expect(refused.status).toBe(400);
    expect(errorSummary(refused.html)).toEqual([expect.objectContaining({ href: "#recommendations-1-dueBy-day" })]);
    // The form sent with Enter carries no action: it records the outcome
    const { action: _none, ...enter } = { action: "", rows: "1", findings: "Found", ...row0 };
    const recorded = await chair.post(`${base}/panel/outcome`, enter);
    expect(recorded.status).toBe(302);
    const { caseReview } = await h.ok(U.chair, `query($id: ID!) { caseReview(id: $id) { status recommendations { text } } }`, { id: c.id });
    expect(caseReview).toEqual({ status: "PANEL_HELD", recommendations: [{ text: "Patrol on Fridays" }] });
  });

  it("an extension letter moves the outcome letter's date: previewed from the partnership's wording, then issued", async () => {
    const c = await createCase(h, { status: S.PANEL_HELD, heldOn: daysFromToday(-1) });
    const base = `/console/cases/${c.id}`;
    const csp = await as(U.cspMaidstone);
    const letters = await csp.get(`${base}/letters`);
    expect(letters.html).toContain("Write an extension letter");
    const { caseReview: before } = await h.ok(U.cspMaidstone, `query($id: ID!) { caseReview(id: $id) { deadlines { outcomeLetterDue } } }`, { id: c.id });
    const token = await csp.token(`${base}/letters/new?kind=EXTENSION`);
    const noDate = await csp.post(`${base}/letters/new`, { kind: "EXTENSION", action: "preview", body: "" }, token);
    expect(errorSummary(noDate.html)).toEqual([{ href: "#newOutcomeDate-day", text: "Enter when the outcome letter will be sent now" }]);
    const later = addDays(before.deadlines.outcomeLetterDue, 10);
    const preview = await csp.post(`${base}/letters/new`, { kind: "EXTENSION", action: "preview", body: "", ...parts(later, "newOutcomeDate") }, token);
    expect(preview.status).toBe(200);
    expect(text(preview.html)).toMatch(/Preview/);
    const issued = await csp.post(`${base}/letters/new`, { kind: "EXTENSION", action: "issue", body: "", ...parts(later, "newOutcomeDate") }, token);
    expect(issued.status).toBe(302);
    const { caseReview: after } = await h.ok(U.cspMaidstone, `query($id: ID!) { caseReview(id: $id) { deadlines { outcomeLetterDue } letters { kind } } }`, { id: c.id });
    expect(after.deadlines.outcomeLetterDue).toBe(later);
    expect(after.letters.map((l: { kind: string }) => l.kind)).toContain("EXTENSION");
  });

  it("a CSP officer records a secondary review asked for by phone; an agency officer cannot reach the CSP officer's steps", async () => {
    const c = await createCase(h, { status: S.OUTCOME_SENT });
    const base = `/console/cases/${c.id}`;
    const csp = await as(U.cspMaidstone);
    const empty = await csp.post(`${base}/secondary-review/request`, { reason: "" });
    expect(errorSummary(empty.html)).toEqual([{ href: "#reason", text: "Enter why the applicant is unhappy" }]);
    expect((await csp.post(`${base}/secondary-review/request`, { reason: "Rang to say the panel ignored the council's records" })).status).toBe(302);
    const { caseReview } = await h.ok(U.cspMaidstone, `query($id: ID!) { caseReview(id: $id) { status secondaryReview { requestedByApplicant reason } } }`, { id: c.id });
    expect(caseReview).toEqual({ status: "SECONDARY_REVIEW_REQUESTED", secondaryReview: { requestedByApplicant: false, reason: "Rang to say the panel ignored the council's records" } });

    const police = await as(U.police);
    for (const path of ["/secondary-review/assign", "/close", "/letters/new?kind=OUTCOME", "/incidents/add", "/information-requests/new", "/panel/schedule"]) {
      expect([path, (await police.get(base + path)).status]).toEqual([path, 404]);
    }
    expect((await police.post(`${base}/close`, { reason: "x" }, await police.token(base))).status).toBe(404);
  });

  it("a CSP officer adds an agency to the case: its officers then see it", async () => {
    const { caseReviewId } = await submitCase(h);
    const base = `/console/cases/${caseReviewId}`;
    const clarion = await as(U.housingClarion);
    expect((await clarion.get(base)).status).toBe(404);
    const csp = await as(U.cspMaidstone);
    expect((await csp.post(`${base}/agencies/add`, {})).status).toBe(400);
    const added = await csp.post(`${base}/agencies/add`, { agencyId: h.ref.agencies.get("Clarion Housing")!.id });
    expect(added.status).toBe(302);
    expect(text((await csp.get(base)).html)).toMatch(/Agency added to the case[\s\S]*Clarion Housing/);
    const seen = await clarion.get(base);
    expect(seen.status).toBe(200);
    expect(text(seen.html)).toContain("Margaret Hollis");
  });
});
