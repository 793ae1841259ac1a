import { addDays, formatLongDate, todayUk } from "../../src/calendar/dates";
import { addWorkingDays } from "../../src/calendar/working-days";
import { Role, StaffUser } from "../../src/modules/staff/staff-user.entity";
import { STATUS } from "../helpers/applications";
import { codes, createCase, daysFromToday, expectRefused, S, snapshot } from "../helpers/fixtures";
import { startHarness, U, type Harness } from "../helpers/harness";

let h: Harness;
let policeReviewer: StaffUser;
let secondReviewer: StaffUser;
beforeAll(async () => {
  h = await startHarness();
  const staff = h.ds.getRepository(StaffUser);
  policeReviewer = await staff.save(staff.create({ name: "Insp. Lane", email: "reviewer@kent.police.uk", agencyId: h.ref.agencies.get("Kent Police")!.id, roles: [Role.INDEPENDENT_REVIEWER] }));
  secondReviewer = await staff.save(staff.create({ name: "Sam Ortiz", email: "second.reviewer@kent-pcc.gov.uk", agencyId: h.ref.agencies.get("Office of the Kent Police and Crime Commissioner")!.id, roles: [Role.INDEPENDENT_REVIEWER] }));
});
afterAll(() => h.close());

const REVIEW = `requestedAt requestedOn requestedByApplicant reason outcome findings decidedAt signposting reviewer { name }`;
const REQUEST = `mutation Request($caseReviewId: ID, $reference: String, $accessCode: String, $reason: String!) {
  requestSecondaryReview(caseReviewId: $caseReviewId, reference: $reference, accessCode: $accessCode, reason: $reason) { ${REVIEW} }
}`;
const ASSIGN = `mutation Assign($caseReviewId: ID!, $reviewerId: ID!) { assignSecondaryReviewer(caseReviewId: $caseReviewId, reviewerId: $reviewerId) { ${REVIEW} } }`;
const DECIDE = `mutation Decide($caseReviewId: ID!, $outcome: SecondaryReviewOutcome!, $findings: String!) {
  recordSecondaryReviewOutcome(caseReviewId: $caseReviewId, outcome: $outcome, findings: $findings) { ${REVIEW} }
}`;
const CASE = `query Case($id: ID!) {
  caseReview(id: $id) { status deadlines { thresholdDecisionDue panelDue outcomeLetterDue nextDue } secondaryReview { ${REVIEW} } letters { kind body } }
}`;
const reason = "The panel did not look at the council's records";
const userId = (email: string) => h.ref.users.get(email)!.id;

/** The window closes `secondaryReviewRequestWorkingDays` (20) working days after the letter. */
function letterDates() {
  let lastIn = todayUk();
  while (addWorkingDays(addDays(lastIn, -1), 20) >= todayUk()) lastIn = addDays(lastIn, -1);
  return { earliestStillOpen: lastIn, firstClosed: addDays(lastIn, -1) };
}

describe("requestSecondaryReview", () => {
  it("the applicant asks with their reference and access code, without signing in", async () => {
    const c = await createCase(h, { status: S.OUTCOME_SENT });
    const review = (await h.ok(null, REQUEST, { reference: c.reference.toLowerCase(), accessCode: c.accessCode, reason })).requestSecondaryReview;
    expect(review).toMatchObject({ requestedByApplicant: true, requestedOn: todayUk(), reason, outcome: null, reviewer: null });
    expect((await h.ok(U.cspMaidstone, CASE, { id: c.id })).caseReview.status).toBe("SECONDARY_REVIEW_REQUESTED");
    const [event] = await h.ds.query(`SELECT actor, kind FROM case_event WHERE case_review_id = $1`, [c.id]);
    expect(event).toEqual({ actor: "the applicant", kind: "SECONDARY_REVIEW_REQUESTED" });
    const [audit] = await h.ds.query(`SELECT actor, actor_id FROM audit_entry WHERE case_review_id = $1 AND operation = 'requestSecondaryReview'`, [c.id]);
    expect(audit).toEqual({ actor: "the applicant", actor_id: null });
    const status = (await h.ok(null, STATUS, { reference: c.reference, accessCode: c.accessCode })).applicationStatus;
    expect(status.status).toBe("SECONDARY_REVIEW_REQUESTED");
  });

  it("a wrong access code reads exactly as an unknown reference, and changes nothing", async () => {
    const c = await createCase(h, { status: S.OUTCOME_SENT });
    const wrong = await expectRefused(h, c.id, "NOT_FOUND", null, REQUEST, { reference: c.reference, accessCode: "AAAA-BBBB-CCCC", reason });
    const unknown = await h.gql(null, REQUEST, { reference: "ASB-2026-999999", accessCode: c.accessCode, reason });
    expect(codes(unknown)).toEqual(["NOT_FOUND"]);
    expect(unknown.errors![0]!.message).toBe(wrong.message);
  });

  it("a CSP officer records the request on the applicant's word", async () => {
    const c = await createCase(h, { status: S.OUTCOME_SENT });
    const review = (await h.ok(U.cspMaidstone, REQUEST, { caseReviewId: c.id, reason })).requestSecondaryReview;
    expect(review.requestedByApplicant).toBe(false);
    const [row] = await h.ds.query(`SELECT requested_by_id FROM secondary_review WHERE case_review_id = $1`, [c.id]);
    expect(row.requested_by_id).toBe(userId(U.cspMaidstone));
  });

  it("the staff route is for the CSP officer of the case's partnership", async () => {
    const c = await createCase(h, { status: S.OUTCOME_SENT });
    const v = { caseReviewId: c.id, reason };
    for (const who of [U.chair, U.police, U.housingGolding]) await expectRefused(h, c.id, "FORBIDDEN", who, REQUEST, v);
    for (const who of [U.cspAshford, U.housingClarion, U.reviewer, U.analyst]) await expectRefused(h, c.id, "NOT_FOUND", who, REQUEST, v);
    await expectRefused(h, c.id, "UNAUTHENTICATED", null, REQUEST, v);
  });

  it("within the window after the OUTCOME letter: open on its last day, closed the day after", async () => {
    const { earliestStillOpen, firstClosed } = letterDates();
    const open = await createCase(h, { status: S.OUTCOME_SENT, letterIssuedOn: earliestStillOpen });
    await h.ok(null, REQUEST, { reference: open.reference, accessCode: open.accessCode, reason });
    const closed = await createCase(h, { status: S.OUTCOME_SENT, letterIssuedOn: firstClosed });
    const err = await expectRefused(h, closed.id, "CONFLICT", null, REQUEST, { reference: closed.reference, accessCode: closed.accessCode, reason });
    expect(err.message).toBe(`The time to ask for a secondary review ended on ${formatLongDate(addWorkingDays(firstClosed, 20))}`);
    await expectRefused(h, closed.id, "CONFLICT", U.cspMaidstone, REQUEST, { caseReviewId: closed.id, reason });
  });

  it("after a THRESHOLD_NOT_MET decision too, counted from that letter", async () => {
    const { earliestStillOpen, firstClosed } = letterDates();
    const open = await createCase(h, { status: S.THRESHOLD_NOT_MET, letterIssuedOn: earliestStillOpen });
    await h.ok(null, REQUEST, { reference: open.reference, accessCode: open.accessCode, reason });
    expect((await h.ok(U.cspMaidstone, CASE, { id: open.id })).caseReview.status).toBe("SECONDARY_REVIEW_REQUESTED");
    const closed = await createCase(h, { status: S.THRESHOLD_NOT_MET, letterIssuedOn: firstClosed });
    await expectRefused(h, closed.id, "CONFLICT", null, REQUEST, { reference: closed.reference, accessCode: closed.accessCode, reason });
  });

  it("only after the outcome letter or a decision that the threshold is not met", async () => {
    for (const status of [S.SUBMITTED, S.AWAITING_AGENCY_CHECKS, S.THRESHOLD_MET, S.PANEL_SCHEDULED, S.PANEL_HELD, S.SECONDARY_REVIEW_REQUESTED, S.CLOSED]) {
      const c = await createCase(h, { status });
      const err = await expectRefused(h, c.id, "CONFLICT", null, REQUEST, { reference: c.reference, accessCode: c.accessCode, reason });
      expect(err.message).toContain(`(status ${status})`);
    }
  });

  it("once: a case that has had its secondary review cannot have another", async () => {
    const c = await createCase(h, { status: S.OUTCOME_SENT });
    await h.ds.query(`INSERT INTO secondary_review (case_review_id, requested_on, reason, outcome) VALUES ($1, $2, 'first', 'UPHELD')`, [c.id, daysFromToday(-60)]);
    const err = await expectRefused(h, c.id, "CONFLICT", null, REQUEST, { reference: c.reference, accessCode: c.accessCode, reason });
    expect(err.message).toMatch(/already had a secondary review/);
  });

  it("needs a reason, and either the case (staff) or the reference and code (the applicant)", async () => {
    const c = await createCase(h, { status: S.OUTCOME_SENT });
    const err = await expectRefused(h, c.id, "BAD_USER_INPUT", null, REQUEST, { reference: c.reference, reason });
    expect(err.extensions!.fields.map((f: any) => f.field)).toEqual(["caseReviewId"]);
    await expectRefused(h, c.id, "BAD_USER_INPUT", null, REQUEST, { reference: c.reference, accessCode: c.accessCode, reason: "  " });
  });
});

describe("assignSecondaryReviewer", () => {
  it("a CSP officer assigns an independent reviewer, who then sees the case", async () => {
    const c = await createCase(h, { status: S.SECONDARY_REVIEW_REQUESTED });
    expect(codes(await h.gql(U.reviewer, CASE, { id: c.id }))).toEqual(["NOT_FOUND"]);
    const review = (await h.ok(U.cspMaidstone, ASSIGN, { caseReviewId: c.id, reviewerId: userId(U.reviewer) })).assignSecondaryReviewer;
    expect(review.reviewer).toEqual({ name: "Grace Liu" });
    expect((await h.ok(U.reviewer, CASE, { id: c.id })).caseReview.status).toBe("SECONDARY_REVIEW_REQUESTED");
    // Reassigning moves the case out of the first reviewer's scope.
    await h.ok(U.cspMaidstone, ASSIGN, { caseReviewId: c.id, reviewerId: secondReviewer.id });
    expect(codes(await h.gql(U.reviewer, CASE, { id: c.id }))).toEqual(["NOT_FOUND"]);
  });

  it("the reviewer must hold INDEPENDENT_REVIEWER and be independent of the case", async () => {
    const c = await createCase(h, { status: S.SECONDARY_REVIEW_REQUESTED });
    for (const reviewerId of [userId(U.analyst), userId(U.chair), "00000000-0000-4000-8000-000000000000", "x", policeReviewer.id]) {
      const err = await expectRefused(h, c.id, "BAD_USER_INPUT", U.cspMaidstone, ASSIGN, { caseReviewId: c.id, reviewerId });
      expect(err.extensions!.fields.map((f: any) => f.field)).toEqual(["reviewerId"]);
    }
  });

  it("only while a secondary review waits for its outcome; for the CSP officer only", async () => {
    for (const status of [S.OUTCOME_SENT, S.PANEL_HELD, S.CLOSED]) {
      const c = await createCase(h, { status });
      await expectRefused(h, c.id, "CONFLICT", U.cspMaidstone, ASSIGN, { caseReviewId: c.id, reviewerId: userId(U.reviewer) });
    }
    const c = await createCase(h, { status: S.SECONDARY_REVIEW_REQUESTED });
    const v = { caseReviewId: c.id, reviewerId: userId(U.reviewer) };
    for (const who of [U.chair, U.police]) await expectRefused(h, c.id, "FORBIDDEN", who, ASSIGN, v);
    for (const who of [U.reviewer, U.cspAshford, U.analyst]) await expectRefused(h, c.id, "NOT_FOUND", who, ASSIGN, v);
  });
});

describe("recordSecondaryReviewOutcome", () => {
  it("NOT_UPHELD ends the process: the case closes and the applicant is signposted to the Ombudsmen and the IOPC", async () => {
    const c = await createCase(h, { status: S.SECONDARY_REVIEW_REQUESTED, reviewer: U.reviewer });
    const review = (await h.ok(U.reviewer, DECIDE, { caseReviewId: c.id, outcome: "NOT_UPHELD", findings: "The review was handled properly." })).recordSecondaryReviewOutcome;
    expect(review).toMatchObject({ outcome: "NOT_UPHELD", findings: "The review was handled properly.", reviewer: { name: "Grace Liu" } });
    for (const body of ["Local Government and Social Care Ombudsman", "Independent Office for Police Conduct", "Housing Ombudsman"]) expect(review.signposting).toContain(body);
    const [row] = await h.ds.query(`SELECT status, closed_at, close_reason, next_due FROM case_review WHERE id = $1`, [c.id]);
    expect(row).toMatchObject({ status: "CLOSED", closed_at: expect.any(Date), close_reason: expect.stringContaining("did not uphold"), next_due: null });
    const status = (await h.ok(null, STATUS, { reference: c.reference, accessCode: c.accessCode })).applicationStatus;
    expect(status.status).toBe("CLOSED");
    const letter = status.letters.find((l: any) => l.kind === "SECONDARY_REVIEW_OUTCOME");
    expect(letter.body).toContain("The reviewer did not uphold your concerns.");
    expect(letter.body).toContain("The review was handled properly.");
    expect(letter.body).toContain(review.signposting);
  });

  it("UPHELD refers the case back to the agencies' checks with a fresh clock", async () => {
    const c = await createCase(h, { status: S.SECONDARY_REVIEW_REQUESTED, reviewer: U.reviewer });
    await h.ok(U.reviewer, DECIDE, { caseReviewId: c.id, outcome: "UPHELD", findings: "The council's records were not checked." });
    const after = (await h.ok(U.cspMaidstone, CASE, { id: c.id })).caseReview;
    const due = addWorkingDays(todayUk(), 15);
    expect(after).toMatchObject({ status: "AWAITING_AGENCY_CHECKS", deadlines: { thresholdDecisionDue: due, nextDue: due, panelDue: null, outcomeLetterDue: null } });
    expect(after.secondaryReview.outcome).toBe("UPHELD");
    expect(after.letters.find((l: any) => l.kind === "SECONDARY_REVIEW_OUTCOME").body).toContain("Your case has been referred back to the partnership");
    // Agencies may contribute again; the reviewer keeps sight of the case.
    await h.ok(U.police, `mutation($id: ID!) { submitContribution(caseReviewId: $id, input: { caseSummary: "More", actionsTaken: "Rechecked", classification: OFFICIAL }) { id } }`, { id: c.id });
    expect((await h.ok(U.reviewer, CASE, { id: c.id })).caseReview.status).toBe("AWAITING_AGENCY_CHECKS");
  });

  it("is for the assigned reviewer only, once, with findings", async () => {
    const c = await createCase(h, { status: S.SECONDARY_REVIEW_REQUESTED, reviewer: U.reviewer });
    const v = { caseReviewId: c.id, outcome: "NOT_UPHELD", findings: "F" };
    for (const who of [U.cspMaidstone, U.chair, U.police]) await expectRefused(h, c.id, "FORBIDDEN", who, DECIDE, v);
    for (const who of [secondReviewer.email, U.cspAshford, U.analyst]) await expectRefused(h, c.id, "NOT_FOUND", who, DECIDE, v);
    await expectRefused(h, c.id, "BAD_USER_INPUT", U.reviewer, DECIDE, { ...v, findings: " " });
    await h.ok(U.reviewer, DECIDE, v);
    const err = await expectRefused(h, c.id, "CONFLICT", U.reviewer, DECIDE, v);
    expect(err.message).toContain("(status CLOSED)");
  });

  it("nothing is recorded when refused", async () => {
    const c = await createCase(h, { status: S.SECONDARY_REVIEW_REQUESTED, reviewer: U.reviewer });
    const before = await snapshot(h, c.id);
    expect(codes(await h.gql(U.cspMaidstone, DECIDE, { caseReviewId: c.id, outcome: "UPHELD", findings: "F" }))).toEqual(["FORBIDDEN"]);
    expect(await snapshot(h, c.id)).toEqual(before);
  });
});
