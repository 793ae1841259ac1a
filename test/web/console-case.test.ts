import "reflect-metadata";
import { submitCase } from "../helpers/applications";
import { startHarness, U, type Harness } from "../helpers/harness";
import { consoleClient, type PageClient } from "../helpers/page-client";

/** The sub navigation's sections, by their text. */
const sectionsOf = (html: string) => [...html.matchAll(/class="moj-sub-navigation__link"[^>]*>([^<]+)</g)].map(m => m[1]!.trim());
const text = (html: string) =>
  html.replace(/<script[\s\S]*?<\/script>/g, "").replace(/<[^>]+>/g, " ").replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&").replace(/\s+/g, " ");
const errorSummary = (html: string) => [...html.matchAll(/<a href="(#[^"]+)">([^<]+)<\/a>/g)].filter(m => html.indexOf("govuk-error-summary") < (m.index ?? 0)).map(m => ({ href: m[1], text: m[2]!.trim() }));

describe("the case page (/console/cases/:id)", () => {
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

  it("each section renders for the CSP officer; an agency officer has no timeline, no audit trail and sees only what ACCESS.md allows", async () => {
    const { caseReviewId } = await submitCase(h);
    const csp = await as(U.cspMaidstone);
    const base = `/console/cases/${caseReviewId}`;
    const summary = await csp.get(base);
    expect(summary.status).toBe(200);
    expect(sectionsOf(summary.html)).toEqual(["Summary", "Incidents", "Information requests", "Threshold", "Letters", "Timeline", "Audit trail"]);
    expect(text(summary.html)).toContain("Margaret Hollis");
    expect(text(summary.html)).toContain("m.hollis@example.org");
    for (const section of ["/incidents", "/information-requests", "/threshold", "/letters", "/timeline", "/audit-trail", "/incidents/add", "/incidents/link", "/information-requests/new", "/close"]) {
      const page = await csp.get(base + section);
      expect([section, page.status]).toEqual([section, 200]);
    }
    expect(text((await csp.get(`${base}/incidents`)).html)).toContain("KP-46/1120");

    const golding = await as(U.housingGolding);
    const seen = await golding.get(base);
    expect(seen.status).toBe(200);
    expect(sectionsOf(seen.html)).toEqual(["Summary", "Incidents", "Information requests", "Letters"]); // contributions once the checks begin
    expect(text(seen.html)).not.toContain("m.hollis@example.org");
    const incidents = text((await golding.get(`${base}/incidents`)).html);
    expect(incidents).toContain("Neighbour's visitors swore at me");
    expect(incidents).not.toContain("KP-46/1120");
    expect((await golding.get(`${base}/timeline`)).status).toBe(404);
    expect((await golding.get(`${base}/audit-trail`)).status).toBe(404);
    expect((await golding.get(`${base}/close`)).status).toBe(404);
    // An agency not involved does not see the case at all.
    expect((await (await as(U.housingClarion)).get(base)).status).toBe(404);
  });

  it("steps are GOV.UK forms: a problem is an error summary linked to its field, the page's own or the API's", async () => {
    const { caseReviewId } = await submitCase(h);
    const base = `/console/cases/${caseReviewId}`;
    const police = await as(U.police);
    const list = await police.get(`${base}/incidents`);
    const confirm = /href="([^"]+\/confirm)"/.exec(list.html)![1]!;
    // Only the incident reported to the police offers the check
    expect(list.html.match(/\/confirm"/g)).toHaveLength(1);
    const empty = await police.post(confirm, {});
    expect(empty.status).toBe(400);
    expect(empty.html).toContain("<title>Error: ");
    expect(errorSummary(empty.html)).toEqual([{ href: "#confirmation", text: "Select whether your records show this incident" }]);
    const saved = await police.post(confirm, { confirmation: "CONFIRMED", agencyReference: "KP-46/1120", note: "Logged as a crime" });
    expect(saved.status).toBe(302);
    expect(text((await police.get(saved.location!)).html)).toContain("Incident 1 saved");

    const csp = await as(U.cspMaidstone);
    const none = await csp.post(`${base}/threshold`, { met: "no" });
    expect(errorSummary(none.html).map(e => e.href)).toEqual(["#reason", "#actionToBeTaken"]);
    // The API's own rule: a decision against the engine needs a reason of 20 characters or more
    const short = await csp.post(`${base}/threshold`, { met: "no", reason: "Not enough", actionToBeTaken: "Mediation is offered" });
    expect(short.status).toBe(400);
    expect(errorSummary(short.html)[0]!.href).toBe("#reason");
    expect(short.html).toContain("Not enough"); // what was typed is kept
    const met = await csp.post(`${base}/threshold`, { met: "yes", reason: "Three qualifying complaints within the time limits." });
    expect(met.status).toBe(302);
    const decided = text((await csp.get(`${base}/threshold`)).html);
    expect(decided).toContain("Threshold decision recorded");
    expect(decided).toContain("Three qualifying complaints within the time limits.");

    const closed = await csp.post(`${base}/close`, { reason: "The applicant withdrew." });
    expect(closed.status).toBe(302);
    const summary = text((await csp.get(base)).html);
    expect(summary).toContain("This case is closed: nothing is due.");
    expect(summary).not.toMatch(/days? left|overdue|due today/);
    expect((await csp.get(`${base}/incidents/add`)).status).toBe(404);
  });
});
