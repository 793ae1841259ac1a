import { maidstoneApplication, STATUS, SUBMIT } from "../helpers/applications";
import { startHarness, U, type Harness } from "../helpers/harness";
import { playCase } from "../access/story";

/**
 * Input that once caused an internal error answers BAD_USER_INPUT naming the argument: a NUL
 * character in any string (PostgreSQL text cannot hold one), a partnership filter that is neither
 * an id nor a code, an explicit `filter: null`. The schema-driven fuzz (schema-fuzz.test.ts) sends
 * the same values to every query and mutation.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await playCase(h, "submitted");
});
afterAll(() => h.close());

const NUL = "\u0000";
type Res = Awaited<ReturnType<Harness["gql"]>>;
function expectBadInput(res: Res, field: string) {
  expect(res.errors).toHaveLength(1);
  expect(res.errors![0]!.extensions?.code).toBe("BAD_USER_INPUT");
  expect(res.errors![0]!.message).toContain(field);
  expect(res.errors![0]!.extensions?.fields?.[0]?.field ?? field).toBe(field);
  expect(res.status).toBeLessThan(500);
}
const LIST = `query ($filter: CaseReviewFilter) { caseReviews(filter: $filter) { edges { node { reference partnership { code } } } } }`;

describe("a NUL character", () => {
  it("in a reference, as a variable or written in the query", async () => {
    expectBadInput(await h.gql(U.cspMaidstone, `query ($r: String!) { caseReviewByReference(reference: $r) { id } }`, { r: `ASB-2026-${NUL}1` }), "reference");
    expectBadInput(await h.gql(U.cspMaidstone, `{ caseReviewByReference(reference: "ASB-\\u0000-1") { id } }`), "reference");
    expectBadInput(await h.gql(null, STATUS, { reference: `ASB${NUL}`, accessCode: "AAAA-BBBB-CCCC" }), "reference");
  });

  it("in a filter", async () => {
    expectBadInput(await h.gql(U.cspMaidstone, LIST, { filter: { partnershipId: `KENT${NUL}` } }), "filter.partnershipId");
  });

  it("anywhere in an application, which stores nothing", async () => {
    const before = (await h.ds.query(`SELECT count(*)::int AS n FROM case_review`))[0].n;
    const base = maidstoneApplication(h);
    const input = { ...base, applicant: { ...base.applicant, name: `Margaret${NUL}Hollis` } };
    expectBadInput(await h.gql(null, SUBMIT, { input }), "input.applicant.name");
    const incidents = base.incidents.map((i, n) => (n === 2 ? { ...i, description: `${NUL}` } : i));
    expectBadInput(await h.gql(null, SUBMIT, { input: { ...base, incidents } }), "input.incidents[2].description");
    expect((await h.ds.query(`SELECT count(*)::int AS n FROM case_review`))[0].n).toBe(before);
  });
});

describe("the partnership filter", () => {
  it("takes a partnership's id or its code", async () => {
    const byCode = await h.ok(U.police, LIST, { filter: { partnershipId: "KENT-MAIDSTONE" } });
    const byId = await h.ok(U.police, LIST, { filter: { partnershipId: h.ref.partnerships.get("KENT-MAIDSTONE")!.id } });
    expect(byCode.caseReviews.edges.length).toBeGreaterThan(0);
    expect(byCode).toEqual(byId);
    expect(new Set(byCode.caseReviews.edges.map((e: { node: { partnership: { code: string } } }) => e.node.partnership.code))).toEqual(new Set(["KENT-MAIDSTONE"]));
    // Written as typed: lower case and spaces around it.
    expect(await h.ok(U.police, LIST, { filter: { partnershipId: " kent-maidstone " } })).toEqual(byId);
  });

  it("refuses a malformed id or an unknown code with BAD_USER_INPUT naming it", async () => {
    for (const partnershipId of ["not-a-uuid", "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz", "00000000-0000-0000-0000-00000000000", "KENT-NOWHERE"]) {
      expectBadInput(await h.gql(U.cspMaidstone, LIST, { filter: { partnershipId } }), "filter.partnershipId");
    }
  });
});

describe("an explicit null filter", () => {
  it("answers BAD_USER_INPUT naming filter, as a variable or written in the query", async () => {
    expectBadInput(await h.gql(U.cspMaidstone, LIST, { filter: null }), "filter");
    expectBadInput(await h.gql(U.cspMaidstone, `{ caseReviews(filter: null) { edges { node { id } } } }`), "filter");
    // The same for the CSP team's list of recommendations (found by the fuzz's explicit nulls).
    expectBadInput(await h.gql(U.cspMaidstone, `{ recommendations(filter: null) { edges { node { id } } } }`), "filter");
    expectBadInput(await h.gql(U.cspMaidstone, `{ staffUsers(filter: null) { edges { node { id } } } }`), "filter");
  });
});
