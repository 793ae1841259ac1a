import { startHarness, U, type Harness } from "../helpers/harness";
import { codes, createCase, expectRefused, S } from "../helpers/fixtures";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const SUBMIT = `mutation Submit($caseReviewId: ID!, $input: ContributionInput!) {
  submitContribution(caseReviewId: $caseReviewId, input: $input) {
    id classification caseSummary actionsTaken submittedAt agency { name } submittedBy { name email }
  }
}`;
const ADD = `mutation Add($caseReviewId: ID!, $agencyId: ID!) {
  addInvolvedAgency(caseReviewId: $caseReviewId, agencyId: $agencyId) { id involvedAgencies { name } }
}`;
const CONTRIBUTIONS = `query Case($id: ID!) {
  caseReview(id: $id) { contributions { classification caseSummary actionsTaken agency { name } submittedBy { name } } }
}`;

const input = (classification = "OFFICIAL", caseSummary = "Three calls logged about the group outside number 14.") => ({
  caseSummary,
  actionsTaken: "Two visits by the neighbourhood team; a warning letter to one youth.",
  classification,
});
const agencyId = (name: string) => h.ref.agencies.get(name)!.id;

describe("submitContribution", () => {
  it("an officer of an involved agency contributes; who and when are recorded, and several per agency are kept", async () => {
    const c = await createCase(h);
    const first = (await h.ok(U.police, SUBMIT, { caseReviewId: c.id, input: input("OFFICIAL_SENSITIVE") })).submitContribution;
    expect(first).toMatchObject({
      classification: "OFFICIAL_SENSITIVE",
      caseSummary: expect.stringContaining("Three calls"),
      agency: { name: "Kent Police" },
      submittedBy: { name: "PC Sam Clarke", email: U.police },
    });
    expect(Date.now() - Date.parse(first.submittedAt)).toBeLessThan(60_000);
    await h.ok(U.police, SUBMIT, { caseReviewId: c.id, input: input("OFFICIAL", "A later check of the log.") });
    await h.ok(U.housingGolding, SUBMIT, { caseReviewId: c.id, input: input() });
    const [{ n }] = await h.ds.query(`SELECT count(*)::int n FROM agency_contribution WHERE case_review_id = $1`, [c.id]);
    expect(n).toBe(3);
    const events = await h.ds.query(`SELECT kind FROM case_event WHERE case_review_id = $1 AND kind = 'CONTRIBUTION_SUBMITTED'`, [c.id]);
    expect(events).toHaveLength(3);
    const audit = await h.ds.query(`SELECT actor, agency_name, detail FROM audit_entry WHERE case_review_id = $1 AND operation = 'submitContribution'`, [c.id]);
    expect(audit[0]).toMatchObject({ actor: "PC Sam Clarke", agency_name: "Kent Police", detail: { classification: "OFFICIAL_SENSITIVE" } });
  });

  it("OFFICIAL_SENSITIVE text is shown to the CSP officer, the chair and the contributing agency only", async () => {
    const c = await createCase(h);
    await h.ok(U.police, SUBMIT, { caseReviewId: c.id, input: input("OFFICIAL_SENSITIVE") });
    await h.ok(U.housingGolding, SUBMIT, { caseReviewId: c.id, input: input("OFFICIAL") });
    for (const who of [U.cspMaidstone, U.chair, U.police]) {
      const res = await h.gql(who, CONTRIBUTIONS, { id: c.id });
      expect(res.errors).toBeUndefined();
      expect(res.data.caseReview.contributions.map((x: any) => x.caseSummary)).toEqual([expect.any(String), expect.any(String)]);
    }
    const housing = await h.gql(U.housingGolding, CONTRIBUTIONS, { id: c.id });
    const [police, own] = housing.data.caseReview.contributions;
    expect(police).toMatchObject({ classification: "OFFICIAL_SENSITIVE", caseSummary: null, actionsTaken: null, agency: { name: "Kent Police" } });
    expect(own.caseSummary).toEqual(expect.any(String));
    expect(codes(housing)).toEqual(["FORBIDDEN", "FORBIDDEN"]);
  });

  it("is refused to anyone but an involved agency's officer: FORBIDDEN inside the scope, NOT_FOUND outside it", async () => {
    const c = await createCase(h);
    const v = { caseReviewId: c.id, input: input() };
    for (const who of [U.cspMaidstone, U.chair]) await expectRefused(h, c.id, "FORBIDDEN", who, SUBMIT, v);
    for (const who of [U.housingClarion, U.health, U.cspAshford, U.councilAshford, U.reviewer, U.analyst]) {
      await expectRefused(h, c.id, "NOT_FOUND", who, SUBMIT, v);
    }
    await expectRefused(h, c.id, "UNAUTHENTICATED", null, SUBMIT, v);
    // An unknown id reads the same as a case outside the caller's scope.
    const res = await h.gql(U.police, SUBMIT, { caseReviewId: "00000000-0000-4000-8000-000000000000", input: input() });
    expect(codes(res)).toEqual(["NOT_FOUND"]);
  });

  it("blank text is refused with the fields named", async () => {
    const c = await createCase(h);
    const err = await expectRefused(h, c.id, "BAD_USER_INPUT", U.police, SUBMIT, {
      caseReviewId: c.id,
      input: { ...input(), caseSummary: "   ", actionsTaken: " " },
    });
    expect(err.extensions!.fields.map((f: any) => f.field)).toEqual(["input.caseSummary", "input.actionsTaken"]);
  });

  it("follows the state machine: allowed while checks go on, the threshold is met, the panel waits or a secondary review runs", async () => {
    for (const status of [S.AWAITING_AGENCY_CHECKS, S.THRESHOLD_MET, S.PANEL_SCHEDULED, S.SECONDARY_REVIEW_REQUESTED]) {
      const c = await createCase(h, { status });
      await h.ok(U.police, SUBMIT, { caseReviewId: c.id, input: input() });
      const [row] = await h.ds.query(`SELECT status FROM case_review WHERE id = $1`, [c.id]);
      expect(row.status).toBe(status);
    }
    for (const status of [S.SUBMITTED, S.THRESHOLD_NOT_MET, S.PANEL_HELD, S.OUTCOME_SENT, S.CLOSED]) {
      const c = await createCase(h, { status });
      const err = await expectRefused(h, c.id, "CONFLICT", U.police, SUBMIT, { caseReviewId: c.id, input: input() });
      expect(err.message).toContain(`(status ${status})`);
    }
  });
});

describe("addInvolvedAgency", () => {
  it("a CSP officer adds an agency serving the partnership; its officers then see the case and may contribute", async () => {
    const c = await createCase(h);
    expect(codes(await h.gql(U.health, SUBMIT, { caseReviewId: c.id, input: input() }))).toEqual(["NOT_FOUND"]);
    const out = (await h.ok(U.cspMaidstone, ADD, { caseReviewId: c.id, agencyId: agencyId("NHS Kent and Medway Integrated Care Board") })).addInvolvedAgency;
    expect(out.involvedAgencies.map((a: any) => a.name)).toContain("NHS Kent and Medway Integrated Care Board");
    await h.ok(U.health, SUBMIT, { caseReviewId: c.id, input: input() });
    const [row] = await h.ds.query(`SELECT first_reason FROM case_agency WHERE case_review_id = $1 AND agency_id = $2`, [c.id, agencyId("NHS Kent and Medway Integrated Care Board")]);
    expect(row.first_reason).toBe("ADDED_BY_CSP_OFFICER");
  });

  it("adding an agency already involved changes nothing", async () => {
    const c = await createCase(h);
    const before = await h.ds.query(`SELECT agency_id, first_reason FROM case_agency WHERE case_review_id = $1 ORDER BY agency_id`, [c.id]);
    await h.ok(U.cspMaidstone, ADD, { caseReviewId: c.id, agencyId: agencyId("Kent Police") });
    expect(await h.ds.query(`SELECT agency_id, first_reason FROM case_agency WHERE case_review_id = $1 ORDER BY agency_id`, [c.id])).toEqual(before);
  });

  it("refuses an agency that does not serve the case's partnership, and unknown agencies", async () => {
    const c = await createCase(h);
    for (const id of [agencyId("Ashford Borough Council"), "00000000-0000-4000-8000-000000000000", "not-an-id"]) {
      const err = await expectRefused(h, c.id, "BAD_USER_INPUT", U.cspMaidstone, ADD, { caseReviewId: c.id, agencyId: id });
      expect(err.extensions!.fields).toEqual([{ field: "agencyId", message: expect.any(String) }]);
    }
  });

  it("is for the CSP officer of the case's partnership only", async () => {
    const c = await createCase(h);
    const v = { caseReviewId: c.id, agencyId: agencyId("Clarion Housing") };
    for (const who of [U.chair, U.police, U.housingGolding, U.councilMaidstone]) await expectRefused(h, c.id, "FORBIDDEN", who, ADD, v);
    for (const who of [U.cspAshford, U.cspTonbridge, U.housingClarion, U.reviewer, U.analyst]) await expectRefused(h, c.id, "NOT_FOUND", who, ADD, v);
  });

  it("is refused once the case is closed", async () => {
    const c = await createCase(h, { status: S.CLOSED });
    await expectRefused(h, c.id, "CONFLICT", U.cspMaidstone, ADD, { caseReviewId: c.id, agencyId: agencyId("Clarion Housing") });
  });
});

