import { loadDemoData } from "../../src/demo/demo-data";
import { startHarness, U, type Harness } from "../helpers/harness";

/**
 * A new user can walk every journey at once from the demo data: recommendations waiting in several
 * agencies' inboxes, incidents to confirm, information requests open, a threshold to decide, a panel
 * to record, a secondary review to decide, and letters with their full text.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ reference: false });
  expect(await loadDemoData(h.ds)).toBe(true);
}, 120000);
afterAll(() => h.close());

const INBOX = `{ myRecommendations(first: 100) { edges { node { status caseReview { reference } } } } }`;

describe("the demo data's journeys", () => {
  it("recommendations wait in several agencies' inboxes", async () => {
    const waiting: Record<string, number> = {};
    for (const who of [U.police, U.councilMaidstone, U.housingGolding, U.housingClarion, U.health]) {
      const edges = (await h.ok(who, INBOX)).myRecommendations.edges as Array<{ node: { status: string } }>;
      waiting[who] = edges.filter(e => e.node.status === "ISSUED").length;
    }
    for (const who of Object.keys(waiting)) expect({ who, waiting: waiting[who]! > 0 }).toEqual({ who, waiting: true });
  });

  it("incidents wait to be confirmed, and information requests are open, at several agencies", async () => {
    const pending: Array<{ name: string }> = await h.ds.query(
      `SELECT DISTINCT a.name FROM incident i JOIN agency a ON a.id = i.reported_to_agency_id JOIN case_review c ON c.id = i.case_review_id
        WHERE i.confirmation = 'PENDING' AND c.status <> 'CLOSED' AND c.received_on >= current_date - 30`,
    );
    expect(pending.map(p => p.name).sort()).toEqual(expect.arrayContaining(["Golding Homes", "Kent Police", "Maidstone Borough Council"]));
    for (const who of [U.health, U.housingClarion]) {
      const open = (await h.ok(who, `{ myInformationRequests { status } }`)).myInformationRequests as Array<{ status: string }>;
      expect(open.some(r => r.status === "OPEN")).toBe(true);
    }
  });

  it("each role has a case at its step: a threshold to decide, a panel to record, a secondary review to decide", async () => {
    const list = async (who: string, status: string) =>
      (await h.ok(who, `query ($s: [CaseReviewStatus!]) { caseReviews(filter: { status: $s }, first: 100) { totalCount } }`, { s: [status] })).caseReviews.totalCount;
    // Every agency has checked: the decision is the CSP officer's.
    const checked = await h.ok(U.cspAshford, `{ caseReviews(filter: { status: [AWAITING_AGENCY_CHECKS] }, first: 100) { edges { node { incidents { confirmation } } } } }`);
    expect(checked.caseReviews.edges.some((e: any) => e.node.incidents.length >= 3 && e.node.incidents.every((i: any) => i.confirmation === "CONFIRMED"))).toBe(true);
    expect(await list(U.chair, "PANEL_SCHEDULED")).toBeGreaterThan(0);
    const review = await h.ok(U.reviewer, `{ caseReviews(filter: { status: [SECONDARY_REVIEW_REQUESTED] }) { edges { node { secondaryReview { reviewer { email } outcome } } } } }`);
    expect(review.caseReviews.edges.map((e: any) => e.node.secondaryReview)).toContainEqual({ reviewer: { email: U.reviewer }, outcome: null });
  });

  it("letters carry their full text: an outcome letter sets out the findings and every recommendation", async () => {
    expect(await h.ds.query(`SELECT count(*)::int AS n FROM letter WHERE body ILIKE '%set out below%'`)).toEqual([{ n: 0 }]);
    const outcomes: Array<{ body: string; findings: string; texts: string[] }> = await h.ds.query(
      `SELECT l.body, p.findings, coalesce((SELECT array_agg(r.text) FROM recommendation r WHERE r.panel_id = p.id), '{}') AS texts
         FROM letter l JOIN panel_meeting p ON p.case_review_id = l.case_review_id WHERE l.kind = 'OUTCOME'`,
    );
    expect(outcomes.length).toBeGreaterThan(10);
    for (const o of outcomes) {
      expect(o.body).toContain(o.findings);
      for (const text of o.texts) expect(o.body).toContain(text);
    }
    const [short] = await h.ds.query(`SELECT min(length(body))::int AS n FROM letter`);
    expect(short.n).toBeGreaterThan(400);
  });
});
