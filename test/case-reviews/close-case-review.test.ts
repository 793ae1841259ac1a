import { codes, createCase, expectRefused, S } from "../helpers/fixtures";
import { startHarness, U, type Harness } from "../helpers/harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const CLOSE = `mutation Close($caseReviewId: ID!, $reason: String!) { closeCaseReview(caseReviewId: $caseReviewId, reason: $reason) { status deadlines { nextDue overdue } } }`;
const OPEN = [S.SUBMITTED, S.AWAITING_AGENCY_CHECKS, S.THRESHOLD_NOT_MET, S.THRESHOLD_MET, S.PANEL_SCHEDULED, S.PANEL_HELD, S.OUTCOME_SENT, S.SECONDARY_REVIEW_REQUESTED];

describe("closeCaseReview", () => {
  it.each(OPEN)("a CSP officer closes a case %s with a reason: closed when, why, by whom", async status => {
    const c = await createCase(h, { status });
    const out = (await h.ok(U.cspMaidstone, CLOSE, { caseReviewId: c.id, reason: "  The applicant withdrew the application  " })).closeCaseReview;
    expect(out).toEqual({ status: "CLOSED", deadlines: { nextDue: null, overdue: false } });
    const [row] = await h.ds.query(`SELECT closed_at, close_reason FROM case_review WHERE id = $1`, [c.id]);
    expect(row).toEqual({ closed_at: expect.any(Date), close_reason: "The applicant withdrew the application" });
    const [event] = await h.ds.query(`SELECT actor, kind FROM case_event WHERE case_review_id = $1`, [c.id]);
    expect(event).toEqual({ actor: "Priya Shah", kind: "CASE_CLOSED" });
  });

  it("a closed case accepts no further change, closing included", async () => {
    const c = await createCase(h, { status: S.CLOSED });
    const err = await expectRefused(h, c.id, "CONFLICT", U.cspMaidstone, CLOSE, { caseReviewId: c.id, reason: "Again" });
    expect(err.message).toBe("Cannot close the case while the case is closed (status CLOSED)");
    const other = [
      [`mutation($id: ID!) { submitContribution(caseReviewId: $id, input: { caseSummary: "x", actionsTaken: "y", classification: OFFICIAL }) { id } }`, U.police],
      [`mutation($id: ID!) { addInvolvedAgency(caseReviewId: $id, agencyId: "${h.ref.agencies.get("Clarion Housing")!.id}") { id } }`, U.cspMaidstone],
      [`mutation($id: ID!) { issueLetter(caseReviewId: $id, kind: OUTCOME) { id } }`, U.cspMaidstone],
      [`mutation($id: ID!) { requestSecondaryReview(caseReviewId: $id, reason: "r") { requestedAt } }`, U.cspMaidstone],
    ] as const;
    for (const [query, who] of other) await expectRefused(h, c.id, "CONFLICT", who, query, { id: c.id });
  });

  it("needs a reason", async () => {
    const c = await createCase(h);
    const err = await expectRefused(h, c.id, "BAD_USER_INPUT", U.cspMaidstone, CLOSE, { caseReviewId: c.id, reason: " " });
    expect(err.extensions!.fields).toEqual([{ field: "reason", message: "must not be blank" }]);
  });

  it("is for the CSP officer of the case's partnership", async () => {
    const c = await createCase(h);
    const v = { caseReviewId: c.id, reason: "Done" };
    for (const who of [U.chair, U.police, U.councilMaidstone, U.housingGolding]) await expectRefused(h, c.id, "FORBIDDEN", who, CLOSE, v);
    for (const who of [U.cspAshford, U.cspTonbridge, U.housingClarion, U.reviewer, U.analyst]) await expectRefused(h, c.id, "NOT_FOUND", who, CLOSE, v);
    await expectRefused(h, c.id, "UNAUTHENTICATED", null, CLOSE, v);
    expect(codes(await h.gql(U.cspMaidstone, CLOSE, { caseReviewId: "00000000-0000-4000-8000-000000000000", reason: "x" }))).toEqual(["NOT_FOUND"]);
  });
});
