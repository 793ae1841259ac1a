import { agencyId, daysAgo, maidstoneApplication, submitCase } from "../helpers/applications";
import { startHarness, U, type Harness } from "../helpers/harness";

/**
 * Many cases across the three Kent partnerships, reported to different agencies: every user lists
 * exactly the cases ACCESS.md gives them, no more, no fewer, in the list and by id.
 */
let h: Harness;
const cases: Array<{ id: string; partnership: string; agencies: string[] }> = [];

const PLAN: Record<string, string[][]> = {
  "KENT-MAIDSTONE": [["Kent Police"], ["Maidstone Borough Council", "Golding Homes"], ["Golding Homes"], ["Clarion Housing", "Kent Police"]],
  "KENT-ASHFORD": [["Kent Police", "Ashford Borough Council"], ["Clarion Housing"], ["Ashford Borough Council"]],
  "KENT-TONBRIDGE-MALLING": [["Tonbridge and Malling Borough Council"], ["Golding Homes", "Kent Police"], ["NHS Kent and Medway Integrated Care Board"]],
};

beforeAll(async () => {
  h = await startHarness();
  let n = 0;
  for (const [code, plans] of Object.entries(PLAN)) {
    for (const agencies of plans) {
      const base = maidstoneApplication(h);
      const incidents = agencies.map((name, i) => ({
        category: "VANDALISM",
        occurredOn: daysAgo(30 - i - n),
        reportedOn: daysAgo(29 - i - n),
        reportedToAgencyId: agencyId(h, name),
        location: `Place ${n}-${i}`,
        description: "Damage",
        hateMotivated: false,
      }));
      const { caseReviewId } = await submitCase(h, { ...base, partnershipCode: code, incidents });
      cases.push({ id: caseReviewId, partnership: code, agencies });
      n++;
    }
  }
}, 60000);
afterAll(() => h.close());

const SERVES: Record<string, string[]> = {
  "Kent Police": Object.keys(PLAN),
  "NHS Kent and Medway Integrated Care Board": Object.keys(PLAN),
  "Golding Homes": ["KENT-MAIDSTONE", "KENT-TONBRIDGE-MALLING"],
  "Clarion Housing": ["KENT-ASHFORD", "KENT-MAIDSTONE"],
};

/** ACCESS.md's scope table, written out independently of the code under test. */
const EXPECTED: Array<[string, (c: (typeof cases)[number]) => boolean]> = [
  [U.cspMaidstone, c => c.partnership === "KENT-MAIDSTONE"],
  [U.cspAshford, c => c.partnership === "KENT-ASHFORD"],
  [U.cspTonbridge, c => c.partnership === "KENT-TONBRIDGE-MALLING"],
  [U.chair, c => c.partnership === "KENT-MAIDSTONE"],
  [U.police, c => c.agencies.includes("Kent Police")],
  [U.councilMaidstone, c => c.agencies.includes("Maidstone Borough Council")],
  [U.councilAshford, c => c.agencies.includes("Ashford Borough Council")],
  [U.housingGolding, c => c.agencies.includes("Golding Homes") && SERVES["Golding Homes"]!.includes(c.partnership)],
  [U.housingClarion, c => c.agencies.includes("Clarion Housing") && SERVES["Clarion Housing"]!.includes(c.partnership)],
  [U.health, c => c.agencies.includes("NHS Kent and Medway Integrated Care Board")],
  [U.reviewer, () => false],
  [U.analyst, () => false],
];

describe("tenant isolation", () => {
  it.each(EXPECTED)("%s lists exactly the cases in scope", async (email, allowed) => {
    const data = await h.ok(email, `{ caseReviews(first: 100) { totalCount edges { node { id } } } }`);
    const listed = data.caseReviews.edges.map((e: any) => e.node.id).sort();
    const expected = cases.filter(allowed).map(c => c.id).sort();
    expect(listed).toEqual(expected);
    expect(data.caseReviews.totalCount).toBe(expected.length);
    // By id: the others do not exist for this user.
    for (const c of cases) {
      const res = await h.gql(email, `query ($id: ID!) { caseReview(id: $id) { id } }`, { id: c.id });
      if (allowed(c)) expect(res.data.caseReview.id).toBe(c.id);
      else expect(res.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    }
  });

  it("every case was created (the plan is what the test checks against)", () => {
    expect(cases).toHaveLength(10);
  });
});
