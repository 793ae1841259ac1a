import { formatLongDate, todayUk } from "../../src/calendar/dates";
import { addWorkingDays } from "../../src/calendar/working-days";
import { RecommendationStatus as RS } from "../../src/modules/recommendations/recommendation.entity";
import { STATUS } from "../helpers/applications";
import { codes, createCase, daysFromToday, expectRefused, S, snapshot } from "../helpers/fixtures";
import { startHarness, U, type Harness } from "../helpers/harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const DRAFT = `query Draft($caseReviewId: ID!, $kind: LetterKind!, $newOutcomeDate: Date) {
  letterDraft(caseReviewId: $caseReviewId, kind: $kind, newOutcomeDate: $newOutcomeDate) { kind body dueBy }
}`;
const ISSUE = `mutation Issue($caseReviewId: ID!, $kind: LetterKind!, $body: String, $newOutcomeDate: Date) {
  issueLetter(caseReviewId: $caseReviewId, kind: $kind, body: $body, newOutcomeDate: $newOutcomeDate) {
    id kind dueBy issuedOn issuedAt body classification printPath
  }
}`;
const CASE = `query Case($id: ID!) {
  caseReview(id: $id) { status deadlines { outcomeLetterDue secondaryReviewRequestDue nextDue overdue } letters { kind dueBy issuedOn body } }
}`;

const RECS = [
  { agency: "Kent Police", text: "Share incident logs with the council every week", dueBy: "2027-03-01" },
  { agency: "Golding Homes", text: "Fit CCTV in the stairwell", dueBy: "2027-02-15", status: RS.DECLINED },
];
const heldCase = (over: Parameters<typeof createCase>[1] = {}) => createCase(h, { status: S.PANEL_HELD, recommendations: RECS, ...over });

describe("the OUTCOME letter", () => {
  it("letterDraft writes it from the case: findings, recommendations by addressee, the right to a secondary review and its last day", async () => {
    const c = await heldCase();
    const before = await snapshot(h, c.id);
    const draft = (await h.ok(U.cspMaidstone, DRAFT, { caseReviewId: c.id, kind: "OUTCOME" })).letterDraft;
    const [{ due }] = await h.ds.query(`SELECT to_char(outcome_letter_due, 'YYYY-MM-DD') due FROM case_review WHERE id = $1`, [c.id]);
    expect(draft.dueBy).toBe(due);
    expect(draft.body).toMatch(/^Dear Margaret Hollis,\n/);
    expect(draft.body).toContain(`reference ${c.reference}`);
    expect(draft.body).toContain("The agencies did not share what they knew");
    expect(draft.body).toContain("1. To Kent Police: Share incident logs with the council every week (by 1 March 2027)");
    expect(draft.body).toContain("2. To Golding Homes: Fit CCTV in the stairwell (by 15 February 2027)");
    expect(draft.body).toContain(`You must ask by ${formatLongDate(addWorkingDays(todayUk(), 20))} (20 working days from the date of this letter)`);
    expect(draft.body).toMatch(/\nMaidstone Community Safety Partnership$/);
    expect(await snapshot(h, c.id)).toEqual(before); // a draft saves nothing
  });

  it("issued as drafted: status OUTCOME_SENT, the secondary-review window opens, the applicant sees it", async () => {
    const c = await heldCase();
    const draft = (await h.ok(U.cspMaidstone, DRAFT, { caseReviewId: c.id, kind: "OUTCOME" })).letterDraft;
    const letter = (await h.ok(U.cspMaidstone, ISSUE, { caseReviewId: c.id, kind: "OUTCOME" })).issueLetter;
    expect(letter).toMatchObject({ kind: "OUTCOME", body: draft.body, dueBy: draft.dueBy, issuedOn: todayUk(), classification: "OFFICIAL_SENSITIVE", printPath: `/letters/${letter.id}` });
    const after = (await h.ok(U.cspMaidstone, CASE, { id: c.id })).caseReview;
    expect(after.status).toBe("OUTCOME_SENT");
    expect(after.deadlines).toMatchObject({ secondaryReviewRequestDue: addWorkingDays(todayUk(), 20), nextDue: null, overdue: false });
    const [row] = await h.ds.query(`SELECT issued_by_id FROM letter WHERE id = $1`, [letter.id]);
    expect(row.issued_by_id).toBe(h.ref.users.get(U.cspMaidstone)!.id);
    const [audit] = await h.ds.query(`SELECT detail FROM audit_entry WHERE case_review_id = $1 AND operation = 'issueLetter'`, [c.id]);
    expect(audit.detail).toMatchObject({ letterId: letter.id, kind: "OUTCOME", edited: false });
    const status = (await h.ok(null, STATUS, { reference: c.reference, accessCode: c.accessCode })).applicationStatus;
    expect(status).toMatchObject({ status: "OUTCOME_SENT", secondaryReviewRequestDue: addWorkingDays(todayUk(), 20) });
    expect(status.letters).toEqual(expect.arrayContaining([expect.objectContaining({ kind: "OUTCOME", body: draft.body })]));
  });

  it("an edited body is stored exactly as given, but must still give the last day to ask for a secondary review", async () => {
    const c = await heldCase();
    const last = formatLongDate(addWorkingDays(todayUk(), 20));
    const err = await expectRefused(h, c.id, "BAD_USER_INPUT", U.cspMaidstone, ISSUE, { caseReviewId: c.id, kind: "OUTCOME", body: "Dear Mrs Hollis,\n\nSorry." });
    expect(err.extensions!.fields).toEqual([{ field: "body", message: `must include ${last} (the last day to ask for a secondary review)` }]);
    const body = `Dear Mrs Hollis,\n\nThe panel found things.\n\nYou may ask for a secondary review until ${last}.\n\n  Yours,\nPriya  `;
    expect((await h.ok(U.cspMaidstone, ISSUE, { caseReviewId: c.id, kind: "OUTCOME", body })).issueLetter.body).toBe(body);
  });

  it("can be issued late (after its due date): the timeline says so", async () => {
    const c = await heldCase({ outcomeLetterDue: daysFromToday(-2) });
    await h.ok(U.cspMaidstone, ISSUE, { caseReviewId: c.id, kind: "OUTCOME" });
    const [event] = await h.ds.query(`SELECT summary FROM case_event WHERE case_review_id = $1 AND kind = 'LETTER_OUTCOME'`, [c.id]);
    expect(event.summary).toContain(`(late: it was due by ${formatLongDate(daysFromToday(-2))})`);
  });

  it("only once the panel has sat, and once", async () => {
    for (const status of [S.SUBMITTED, S.AWAITING_AGENCY_CHECKS, S.THRESHOLD_NOT_MET, S.THRESHOLD_MET, S.PANEL_SCHEDULED, S.OUTCOME_SENT, S.SECONDARY_REVIEW_REQUESTED, S.CLOSED]) {
      const c = await createCase(h, { status });
      const err = await expectRefused(h, c.id, "CONFLICT", U.cspMaidstone, ISSUE, { caseReviewId: c.id, kind: "OUTCOME" });
      expect(err.message).toMatch(new RegExp(`^Cannot issue the outcome letter while the case is .+ \\(status ${status}\\)$`));
      expect(codes(await h.gql(U.cspMaidstone, DRAFT, { caseReviewId: c.id, kind: "OUTCOME" }))).toEqual(["CONFLICT"]);
    }
  });
});

describe("the kinds a CSP officer may issue", () => {
  it("letters the platform writes itself are refused with BAD_USER_INPUT, and nothing changes", async () => {
    const c = await heldCase();
    for (const kind of ["ACKNOWLEDGEMENT", "THRESHOLD_MET", "THRESHOLD_NOT_MET", "SECONDARY_REVIEW_OUTCOME"]) {
      const err = await expectRefused(h, c.id, "BAD_USER_INPUT", U.cspMaidstone, ISSUE, { caseReviewId: c.id, kind, body: "Dear applicant" });
      expect(err.extensions!.fields).toEqual([{ field: "kind", message: "must be OUTCOME or EXTENSION" }]);
      expect(codes(await h.gql(U.cspMaidstone, DRAFT, { caseReviewId: c.id, kind }))).toEqual(["BAD_USER_INPUT"]);
    }
    await expectRefused(h, c.id, "BAD_USER_INPUT", U.cspMaidstone, ISSUE, { caseReviewId: c.id, kind: "OUTCOME", newOutcomeDate: daysFromToday(60) });
  });

  it("issuing and drafting are for the CSP officer of the case's partnership", async () => {
    const c = await heldCase();
    const v = { caseReviewId: c.id, kind: "OUTCOME" };
    for (const who of [U.chair, U.police, U.housingGolding]) {
      await expectRefused(h, c.id, "FORBIDDEN", who, ISSUE, v);
      expect(codes(await h.gql(who, DRAFT, v))).toEqual(["FORBIDDEN"]);
    }
    for (const who of [U.cspAshford, U.housingClarion, U.reviewer, U.analyst]) {
      await expectRefused(h, c.id, "NOT_FOUND", who, ISSUE, v);
      expect(codes(await h.gql(who, DRAFT, v))).toEqual(["NOT_FOUND"]);
    }
    await expectRefused(h, c.id, "UNAUTHENTICATED", null, ISSUE, v);
  });

  it("letter bodies are for the CSP officer and the chair; involved agencies see the kind and dates only", async () => {
    const c = await heldCase();
    await h.ok(U.cspMaidstone, ISSUE, { caseReviewId: c.id, kind: "OUTCOME" });
    for (const who of [U.cspMaidstone, U.chair]) expect((await h.ok(who, CASE, { id: c.id })).caseReview.letters[0].body).toContain("Dear Margaret Hollis");
    const police = await h.gql(U.police, CASE, { id: c.id });
    expect(police.data.caseReview.letters).toEqual([{ kind: "OUTCOME", dueBy: expect.any(String), issuedOn: todayUk(), body: null }]);
    expect(codes(police)).toEqual(["FORBIDDEN"]);
  });
});

describe("the EXTENSION letter", () => {
  it("on or before the due date, to a later date: moves the outcome letter's due date and says when to expect it", async () => {
    const c = await heldCase({ outcomeLetterDue: daysFromToday(3) });
    const newDate = daysFromToday(20);
    const draft = (await h.ok(U.cspMaidstone, DRAFT, { caseReviewId: c.id, kind: "EXTENSION", newOutcomeDate: newDate })).letterDraft;
    expect(draft.body).toContain(`We said we would write to you by ${formatLongDate(daysFromToday(3))}`);
    expect(draft.body).toContain(`You can now expect our letter by ${formatLongDate(newDate)}.`);
    const letter = (await h.ok(U.cspMaidstone, ISSUE, { caseReviewId: c.id, kind: "EXTENSION", newOutcomeDate: newDate })).issueLetter;
    expect(letter).toMatchObject({ kind: "EXTENSION", dueBy: daysFromToday(3), body: draft.body });
    const after = (await h.ok(U.cspMaidstone, CASE, { id: c.id })).caseReview;
    expect(after).toMatchObject({ status: "PANEL_HELD", deadlines: { outcomeLetterDue: newDate, nextDue: newDate } });
    // A second extension counts from the new date.
    await expectRefused(h, c.id, "BAD_USER_INPUT", U.cspMaidstone, ISSUE, { caseReviewId: c.id, kind: "EXTENSION", newOutcomeDate: daysFromToday(19) });
  });

  it("is allowed on the due date itself, and refused the day after, naming the date", async () => {
    const onTheDay = await heldCase({ outcomeLetterDue: todayUk() });
    await h.ok(U.cspMaidstone, ISSUE, { caseReviewId: onTheDay.id, kind: "EXTENSION", newOutcomeDate: daysFromToday(10) });
    const late = await heldCase({ outcomeLetterDue: daysFromToday(-1) });
    const err = await expectRefused(h, late.id, "CONFLICT", U.cspMaidstone, ISSUE, { caseReviewId: late.id, kind: "EXTENSION", newOutcomeDate: daysFromToday(10) });
    expect(err.message).toBe(`The outcome letter was due by ${formatLongDate(daysFromToday(-1))}: an extension letter must be issued on or before that date`);
  });

  it("needs a new date later than the current one; an edited body must give it", async () => {
    const c = await heldCase({ outcomeLetterDue: daysFromToday(5) });
    const missing = await expectRefused(h, c.id, "BAD_USER_INPUT", U.cspMaidstone, ISSUE, { caseReviewId: c.id, kind: "EXTENSION" });
    expect(missing.extensions!.fields.map((f: any) => f.field)).toEqual(["newOutcomeDate"]);
    for (const d of [daysFromToday(5), daysFromToday(4)]) {
      const err = await expectRefused(h, c.id, "BAD_USER_INPUT", U.cspMaidstone, ISSUE, { caseReviewId: c.id, kind: "EXTENSION", newOutcomeDate: d });
      expect(err.extensions!.fields).toEqual([{ field: "newOutcomeDate", message: `must be later than the current due date, ${formatLongDate(daysFromToday(5))}` }]);
    }
    await expectRefused(h, c.id, "BAD_USER_INPUT", U.cspMaidstone, ISSUE, { caseReviewId: c.id, kind: "EXTENSION", newOutcomeDate: daysFromToday(15), body: "Dear Mrs Hollis, it will be late." });
    const body = `Dear Mrs Hollis,\n\nExpect our letter by ${formatLongDate(daysFromToday(15))}.`;
    expect((await h.ok(U.cspMaidstone, ISSUE, { caseReviewId: c.id, kind: "EXTENSION", newOutcomeDate: daysFromToday(15), body })).issueLetter.body).toBe(body);
  });

  it("is refused before the panel has sat (no due date yet) and once the outcome is sent", async () => {
    const scheduled = await createCase(h, { status: S.PANEL_SCHEDULED });
    const err = await expectRefused(h, scheduled.id, "CONFLICT", U.cspMaidstone, ISSUE, { caseReviewId: scheduled.id, kind: "EXTENSION", newOutcomeDate: daysFromToday(30) });
    expect(err.message).toMatch(/no due date yet/);
    for (const status of [S.THRESHOLD_MET, S.OUTCOME_SENT, S.CLOSED]) {
      const c = await createCase(h, { status });
      await expectRefused(h, c.id, "CONFLICT", U.cspMaidstone, ISSUE, { caseReviewId: c.id, kind: "EXTENSION", newOutcomeDate: daysFromToday(30) });
    }
  });
});

describe("GET /letters/:id, the printable letter", () => {
  let caseId: string;
  let letterId: string;
  beforeAll(async () => {
    const c = await heldCase();
    caseId = c.id;
    const last = formatLongDate(addWorkingDays(todayUk(), 20));
    const body = `Dear Mrs Hollis,\n\nThe panel found <b>nothing</b> & "more".\nA second line.\n\nAsk by ${last}.`;
    letterId = (await h.ok(U.cspMaidstone, ISSUE, { caseReviewId: c.id, kind: "OUTCOME", body })).issueLetter.id;
  });
  const get = async (as: string | null, id = letterId, header?: string) => {
    const headers: Record<string, string> = {};
    if (header) headers.authorization = header;
    else if (as) headers.authorization = `Bearer ${await h.token(as)}`;
    const res = await fetch(`${h.baseUrl}/letters/${id}`, { headers });
    return { status: res.status, type: res.headers.get("content-type"), cache: res.headers.get("cache-control"), text: await res.text() };
  };

  it("is an HTML page marked OFFICIAL-SENSITIVE at the top and bottom, with print styles, the partnership's contact details, the body escaped", async () => {
    const res = await get(U.cspMaidstone);
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/html/);
    expect(res.cache).toBe("no-store");
    expect(res.text.match(/<div class="marking (top|bottom)"[^>]*>OFFICIAL-SENSITIVE<\/div>/g)).toHaveLength(2);
    expect(res.text).toMatch(/<title>OFFICIAL-SENSITIVE: ASB-/);
    expect(res.text).toContain("@media print");
    expect(res.text).toContain("@page");
    expect(res.text).toContain("Maidstone Community Safety Partnership");
    expect(res.text).toContain(`<address class="addressee">Margaret Hollis<br>14 Tonbridge Road<br>Maidstone<br>ME16 8RP</address>`);
    expect(res.text).toContain(
      `<address class="contact" aria-label="Contact us">Community Safety Unit<br>Maidstone House<br>King Street<br>Maidstone<br>ME15 6JQ<br>Telephone 01622 602000<br>Email communitysafety@maidstone.gov.uk</address>`,
    );
    expect(res.text).toContain(`<p><span class="line">The panel found &lt;b&gt;nothing&lt;/b&gt; &amp; &quot;more&quot;.</span><span class="line">A second line.</span></p>`);
    expect(res.text).not.toContain("<b>nothing</b>");
  });

  it("follows Letter.body's rule: the CSP officer, the chair and the assigned reviewer; everyone else 404", async () => {
    expect((await get(U.chair)).status).toBe(200);
    for (const who of [U.police, U.housingGolding, U.cspAshford, U.reviewer, U.analyst]) expect((await get(who)).status).toBe(404);
    expect((await get(U.cspMaidstone, "00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await get(U.cspMaidstone, "not-an-id")).status).toBe(404);
    const review = await createCase(h, { status: S.SECONDARY_REVIEW_REQUESTED, reviewer: U.reviewer });
    const [{ id }] = await h.ds.query(`SELECT id FROM letter WHERE case_review_id = $1`, [review.id]);
    expect((await get(U.reviewer, id)).status).toBe(200);
    expect((await get(U.police, id)).status).toBe(404);
  });

  it("needs the same sign-in as GraphQL: no token 401, a bad token 401", async () => {
    expect((await get(null)).status).toBe(401);
    expect((await get(null, letterId, "Bearer not.a.token")).status).toBe(401);
    expect((await get(null, letterId, "Basic abc")).status).toBe(401);
  });

  it("every view is written to the audit trail", async () => {
    const count = async () => Number((await h.ds.query(`SELECT count(*)::int n FROM audit_entry WHERE case_review_id = $1 AND operation = 'READ' AND detail->>'via' = 'print'`, [caseId]))[0].n);
    const before = await count();
    await get(U.cspMaidstone);
    await get(U.police); // refused: not a view
    expect(await count()).toBe(before + 1);
    const [last] = await h.ds.query(`SELECT actor, detail FROM audit_entry WHERE case_review_id = $1 AND operation = 'READ' AND detail->>'via' = 'print' ORDER BY id DESC LIMIT 1`, [caseId]);
    expect(last).toEqual({ actor: "Priya Shah", detail: { fields: { "Letter.body": [letterId] }, via: "print" } });
  });
});
