import { maidstoneApplication, submitCase } from "../helpers/applications";
import { startHarness, U, type Harness } from "../helpers/harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const codes = (res: { errors?: Array<{ extensions?: Record<string, any> }> }) => res.errors?.map(e => e.extensions?.code);

const UPDATE = `mutation ($id: ID!, $input: ThresholdPolicyInput!) {
  updateThresholdPolicy(partnershipId: $id, input: $input) {
    code policy {
      minimumQualifyingComplaints communityRouteMinimumReporters singleHateIncidentRoute
      acknowledgementWorkingDays informationRequestWorkingDays thresholdDecisionWorkingDays
      panelWithinWorkingDays outcomeLetterWorkingDays secondaryReviewRequestWorkingDays
    }
  }
}`;
const partnershipId = (code: string) => h.ref.partnerships.get(code)!.id;
const policyRow = async (code: string) =>
  (await h.ds.query(`SELECT * FROM partnership WHERE code = $1`, [code]))[0];

describe("updateThresholdPolicy", () => {
  it("a CSP officer lowers their partnership's number; only the fields given change; the change is audited", async () => {
    const data = await h.ok(U.cspMaidstone, UPDATE, { id: partnershipId("KENT-MAIDSTONE"), input: { minimumQualifyingComplaints: 2, panelWithinWorkingDays: 15 } });
    expect(data.updateThresholdPolicy.policy).toEqual({
      minimumQualifyingComplaints: 2,
      communityRouteMinimumReporters: null,
      singleHateIncidentRoute: false,
      acknowledgementWorkingDays: 5,
      informationRequestWorkingDays: 10,
      thresholdDecisionWorkingDays: 15,
      panelWithinWorkingDays: 15,
      outcomeLetterWorkingDays: 25,
      secondaryReviewRequestWorkingDays: 20,
    });
    const [audit] = await h.ds.query(`SELECT actor, detail FROM audit_entry WHERE operation = 'updateThresholdPolicy' ORDER BY id DESC LIMIT 1`);
    expect(audit).toEqual({
      actor: "Priya Shah",
      detail: {
        partnershipId: partnershipId("KENT-MAIDSTONE"),
        changed: { minimumQualifyingComplaints: { from: 3, to: 2 }, panelWithinWorkingDays: { from: 20, to: 15 } },
      },
    });
  });

  it("a lower local number opens the statutory route with fewer complaints", async () => {
    const base = maidstoneApplication(h);
    const { caseReviewId } = await submitCase(h, { ...base, incidents: base.incidents.slice(0, 2) });
    const a = await h.ok(U.cspMaidstone, `query ($id: ID!) { thresholdAssessment(caseReviewId: $id) { requiredQualifyingComplaints qualifyingIncidentCount routesSatisfied } }`, { id: caseReviewId });
    expect(a.thresholdAssessment).toEqual({ requiredQualifyingComplaints: 2, qualifyingIncidentCount: 2, routesSatisfied: ["STATUTORY"] });
  });

  it("the community route is turned on with a number and off with null", async () => {
    const on = await h.ok(U.cspMaidstone, UPDATE, { id: partnershipId("KENT-MAIDSTONE"), input: { communityRouteMinimumReporters: 4, singleHateIncidentRoute: true } });
    expect(on.updateThresholdPolicy.policy).toMatchObject({ communityRouteMinimumReporters: 4, singleHateIncidentRoute: true });
    const off = await h.ok(U.cspMaidstone, UPDATE, { id: partnershipId("KENT-MAIDSTONE"), input: { communityRouteMinimumReporters: null } });
    expect(off.updateThresholdPolicy.policy).toMatchObject({ communityRouteMinimumReporters: null, singleHateIncidentRoute: true });
  });

  it("the law caps the number at 3: a clear BAD_USER_INPUT, and nothing changes", async () => {
    const before = await policyRow("KENT-MAIDSTONE");
    const res = await h.gql(U.cspMaidstone, UPDATE, { id: partnershipId("KENT-MAIDSTONE"), input: { minimumQualifyingComplaints: 4 } });
    expect(codes(res)).toEqual(["BAD_USER_INPUT"]);
    expect(res.errors![0]!.extensions!.fields).toEqual([{ field: "input.minimumQualifyingComplaints", message: "the law sets 3 as the most a partnership may require" }]);
    expect(await policyRow("KENT-MAIDSTONE")).toEqual(before);
  });

  it.each([
    ["no qualifying complaints at all", { minimumQualifyingComplaints: 0 }, "input.minimumQualifyingComplaints"],
    ["a community route of one reporter", { communityRouteMinimumReporters: 1 }, "input.communityRouteMinimumReporters"],
    ["a community route of 51 reporters", { communityRouteMinimumReporters: 51 }, "input.communityRouteMinimumReporters"],
    ["0 working days", { acknowledgementWorkingDays: 0 }, "input.acknowledgementWorkingDays"],
    ["101 working days", { outcomeLetterWorkingDays: 101 }, "input.outcomeLetterWorkingDays"],
    ["-1 working days", { secondaryReviewRequestWorkingDays: -1 }, "input.secondaryReviewRequestWorkingDays"],
  ])("%s: BAD_USER_INPUT naming the field, and nothing changes", async (_name, input, field) => {
    const before = await policyRow("KENT-MAIDSTONE");
    const res = await h.gql(U.cspMaidstone, UPDATE, { id: partnershipId("KENT-MAIDSTONE"), input });
    expect(codes(res)).toEqual(["BAD_USER_INPUT"]);
    expect(res.errors![0]!.extensions!.fields.map((f: any) => f.field)).toEqual([field]);
    expect(await policyRow("KENT-MAIDSTONE")).toEqual(before);
  });

  it.each([
    ["the CSP officer of another partnership", U.cspAshford, "FORBIDDEN"],
    ["the panel chair of the partnership", U.chair, "FORBIDDEN"],
    ["an agency officer of an agency serving it", U.police, "FORBIDDEN"],
    ["an analyst", U.analyst, "FORBIDDEN"],
    ["the public", null, "UNAUTHENTICATED"],
  ])("%s may not change it (%s)", async (_who, email, code) => {
    const before = await policyRow("KENT-MAIDSTONE");
    const res = await h.gql(email, UPDATE, { id: partnershipId("KENT-MAIDSTONE"), input: { minimumQualifyingComplaints: 1 } });
    expect(codes(res)).toEqual([code]);
    expect(await policyRow("KENT-MAIDSTONE")).toEqual(before);
  });
});
