import { startHarness, U, type Harness } from "../helpers/harness";
import { agencyId, daysAgo, maidstoneApplication, submitCase } from "../helpers/applications";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const ASSESS = `query A($id: ID!) { thresholdAssessment(caseReviewId: $id) { qualifyingIncidentCount incidents { incident { id } qualifies duplicateOf { id } } } }`;
const LINK = `mutation L($ids: [ID!]!) { linkIncidents(incidentIds: $ids) { id } }`;
const UNLINK = `mutation U($id: ID!) { unlinkIncident(incidentId: $id) { id } }`;

async function incidentsOf(caseReviewId: string): Promise<Array<{ id: string }>> {
  return h.ds.query(`SELECT id FROM incident WHERE case_review_id = $1 ORDER BY occurred_on`, [caseReviewId]);
}

describe("a CSP officer links and unlinks reports of one incident", () => {
  it("linked reports count once; unlinking one makes it count on its own again", async () => {
    const { caseReviewId } = await submitCase(h);
    const [a, b, c] = await incidentsOf(caseReviewId);
    expect((await h.ok(U.cspMaidstone, ASSESS, { id: caseReviewId })).thresholdAssessment.qualifyingIncidentCount).toBe(3);

    await h.ok(U.cspMaidstone, LINK, { ids: [a!.id, b!.id] });
    const linked = (await h.ok(U.cspMaidstone, ASSESS, { id: caseReviewId })).thresholdAssessment;
    expect(linked.qualifyingIncidentCount).toBe(2);
    expect(linked.incidents.filter((i: any) => i.duplicateOf).length).toBe(1);

    await h.ok(U.cspMaidstone, UNLINK, { id: b!.id });
    expect((await h.ok(U.cspMaidstone, ASSESS, { id: caseReviewId })).thresholdAssessment.qualifyingIncidentCount).toBe(3);
    expect(c).toBeDefined();
  });

  it("unlinking separates reports the automatic rule took for one incident", async () => {
    const app = maidstoneApplication(h);
    const same = { category: "VANDALISM", occurredOn: daysAgo(12), reportedOn: daysAgo(11), location: "Bus shelter, Week Street", description: "Glass smashed", hateMotivated: false };
    const { caseReviewId } = await submitCase(h, {
      ...app,
      incidents: [
        { ...same, reportedToAgencyId: agencyId(h, "Kent Police") },
        { ...same, reportedToAgencyId: agencyId(h, "Maidstone Borough Council") },
      ],
    });
    expect((await h.ok(U.cspMaidstone, ASSESS, { id: caseReviewId })).thresholdAssessment.qualifyingIncidentCount).toBe(1);
    const [, second] = await incidentsOf(caseReviewId);
    await h.ok(U.cspMaidstone, UNLINK, { id: second!.id });
    expect((await h.ok(U.cspMaidstone, ASSESS, { id: caseReviewId })).thresholdAssessment.qualifyingIncidentCount).toBe(2);
  });

  it("only the CSP officer of the case's partnership may link; others are refused and nothing changes", async () => {
    const { caseReviewId } = await submitCase(h);
    const [a, b] = await incidentsOf(caseReviewId);
    const before = await h.ds.query(`SELECT id, link_key FROM incident WHERE case_review_id = $1 ORDER BY id`, [caseReviewId]);
    expect((await h.gql(U.police, LINK, { ids: [a!.id, b!.id] })).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await h.gql(U.cspAshford, LINK, { ids: [a!.id, b!.id] })).errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect((await h.gql(null, LINK, { ids: [a!.id, b!.id] })).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect((await h.gql(U.cspMaidstone, LINK, { ids: [a!.id, a!.id] })).errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(await h.ds.query(`SELECT id, link_key FROM incident WHERE case_review_id = $1 ORDER BY id`, [caseReviewId])).toEqual(before);
  });

  it("incidents of two different cases cannot be linked", async () => {
    const one = await submitCase(h);
    const two = await submitCase(h);
    const [a] = await incidentsOf(one.caseReviewId);
    const [b] = await incidentsOf(two.caseReviewId);
    const res = await h.gql(U.cspMaidstone, LINK, { ids: [a!.id, b!.id] });
    expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });
});

describe("the public application form", () => {
  it("lists partnerships and the agencies serving them without signing in", async () => {
    const data = await h.ok(null, `{ applicationPartnerships { code name agencies { id name kind } } }`);
    const maidstone = data.applicationPartnerships.find((p: any) => p.code === "KENT-MAIDSTONE");
    expect(maidstone.agencies.map((a: any) => a.name)).toEqual(expect.arrayContaining(["Kent Police", "Maidstone Borough Council", "Golding Homes"]));
  });
});
