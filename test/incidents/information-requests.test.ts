import { addDays, todayUk } from "../../src/calendar/dates";
import { addWorkingDays } from "../../src/calendar/working-days";
import { agencyId, daysAgo, maidstoneApplication, rowCounts, submitCase } from "../helpers/applications";
import { startHarness, U, type Harness } from "../helpers/harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const codes = (res: { errors?: Array<{ extensions?: Record<string, any> }> }) => res.errors?.map(e => e.extensions?.code);

const REQUEST = `mutation ($id: ID!, $agency: ID!, $q: String!, $due: Date) {
  requestInformation(caseReviewId: $id, agencyId: $agency, question: $q, dueBy: $due) {
    id question dueBy status requestedAt agency { name } requestedBy { name } answeredBy { name } answeredAt caseReview { reference }
  }
}`;
const ANSWER = `mutation ($id: ID!, $a: String!) {
  answerInformationRequest(requestId: $id, answer: $a) { id status answer answeredAt answeredBy { name } }
}`;
const MINE = `query ($s: InformationRequestStatus) {
  myInformationRequests(status: $s) { id status dueBy question agency { name } caseReview { id reference status } }
}`;

const requestFor = async (caseReviewId: string, agency: string): Promise<string> =>
  (await h.ds.query(`SELECT r.id FROM information_request r JOIN agency a ON a.id = r.agency_id WHERE r.case_review_id = $1 AND a.name = $2`, [caseReviewId, agency]))[0].id;

describe("requestInformation", () => {
  let caseId: string;
  beforeAll(async () => {
    ({ caseReviewId: caseId } = await submitCase(h));
  });

  it("the CSP officer asks a partner not yet involved: it becomes involved, the due date defaults to the policy's working days", async () => {
    const data = await h.ok(U.cspMaidstone, REQUEST, { id: caseId, agency: agencyId(h, "NHS Kent and Medway Integrated Care Board"), q: "Is the applicant known to community health services?" });
    expect(data.requestInformation).toEqual({
      id: expect.any(String),
      question: "Is the applicant known to community health services?",
      dueBy: addWorkingDays(todayUk(), 10),
      status: "OPEN",
      requestedAt: expect.any(String),
      agency: { name: "NHS Kent and Medway Integrated Care Board" },
      requestedBy: { name: "Priya Shah" },
      answeredBy: null,
      answeredAt: null,
      caseReview: expect.objectContaining({}),
    });
    const [involved] = await h.ds.query(`SELECT first_reason FROM case_agency WHERE case_review_id = $1 AND agency_id = $2`, [caseId, agencyId(h, "NHS Kent and Medway Integrated Care Board")]);
    expect(involved.first_reason).toBe("INFORMATION_REQUESTED");
    const [{ status }] = await h.ds.query(`SELECT status FROM case_review WHERE id = $1`, [caseId]);
    expect(status).toBe("AWAITING_AGENCY_CHECKS");
    const mine = await h.ok(U.health, MINE, {});
    expect(mine.myInformationRequests.map((r: any) => r.question)).toEqual(["Is the applicant known to community health services?"]);
  });

  it("a due date may be given, not in the past", async () => {
    const due = addDays(todayUk(), 30);
    const data = await h.ok(U.cspMaidstone, REQUEST, { id: caseId, agency: agencyId(h, "Kent Fire and Rescue Service"), q: "Any call-outs to the address?", due });
    expect(data.requestInformation.dueBy).toBe(due);
  });

  it.each([
    ["an agency that does not serve the partnership", { agency: "Ashford Borough Council" }, "agencyId"],
    ["a due date in the past", { due: addDays(todayUk(), -1) }, "dueBy"],
    ["a blank question", { q: "   " }, "question"],
    ["a question of 5001 characters", { q: "x".repeat(5001) }, "question"],
  ])("%s: BAD_USER_INPUT naming the field, nothing stored", async (_name, change: any, field) => {
    const vars: any = { id: caseId, agency: agencyId(h, change.agency ?? "Clarion Housing"), q: change.q ?? "Anything on file?", due: change.due };
    const before = await rowCounts(h);
    const res = await h.gql(U.cspMaidstone, REQUEST, vars);
    expect(codes(res)).toEqual(["BAD_USER_INPUT"]);
    expect(res.errors![0]!.extensions!.fields.map((f: any) => f.field)).toEqual([field]);
    expect(await rowCounts(h)).toEqual(before);
  });

  it.each([
    ["an involved agency officer", U.police, "FORBIDDEN"],
    ["the panel chair", U.chair, "FORBIDDEN"],
    ["the CSP officer of another partnership", U.cspAshford, "NOT_FOUND"],
    ["an agency not involved", U.housingClarion, "NOT_FOUND"],
  ])("%s may not ask (%s); nothing stored", async (_who, email, code) => {
    const before = await rowCounts(h);
    const res = await h.gql(email, REQUEST, { id: caseId, agency: agencyId(h, "Clarion Housing"), q: "Anything on file?" });
    expect(codes(res)).toEqual([code]);
    expect(await rowCounts(h)).toEqual(before);
  });

  it.each(["OUTCOME_SENT", "CLOSED"])("once the case is %s, asking is a CONFLICT naming the status; nothing stored", async status => {
    const { caseReviewId } = await submitCase(h);
    await h.ds.query(`UPDATE case_review SET status = $2 WHERE id = $1`, [caseReviewId, status]);
    const before = await rowCounts(h);
    const res = await h.gql(U.cspMaidstone, REQUEST, { id: caseReviewId, agency: agencyId(h, "Clarion Housing"), q: "Anything on file?" });
    expect(codes(res)).toEqual(["CONFLICT"]);
    expect(res.errors![0]!.message).toContain(`(status ${status})`);
    expect(await rowCounts(h)).toEqual(before);
  });
});

describe("answerInformationRequest", () => {
  let caseId: string;
  let policeRequest: string;
  beforeAll(async () => {
    ({ caseReviewId: caseId } = await submitCase(h));
    policeRequest = await requestFor(caseId, "Kent Police");
  });

  it.each([
    ["another involved agency", U.councilMaidstone, "FORBIDDEN"],
    ["the CSP officer", U.cspMaidstone, "FORBIDDEN"],
    ["an agency not involved", U.housingClarion, "NOT_FOUND"],
    ["the CSP officer of another partnership", U.cspAshford, "NOT_FOUND"],
  ])("%s may not answer the police's request (%s); nothing changes", async (_who, email, code) => {
    const before = await rowCounts(h);
    const res = await h.gql(email, ANSWER, { id: policeRequest, a: "Nothing here" });
    expect(codes(res)).toEqual([code]);
    const [row] = await h.ds.query(`SELECT answer FROM information_request WHERE id = $1`, [policeRequest]);
    expect(row.answer).toBeNull();
    expect(await rowCounts(h)).toEqual(before);
  });

  it("the public must sign in; an unknown request is NOT_FOUND", async () => {
    expect(codes(await h.gql(null, ANSWER, { id: policeRequest, a: "x" }))).toEqual(["UNAUTHENTICATED"]);
    expect(codes(await h.gql(U.police, ANSWER, { id: "00000000-0000-4000-8000-000000000000", a: "x" }))).toEqual(["NOT_FOUND"]);
    expect(codes(await h.gql(U.police, ANSWER, { id: "nope", a: "x" }))).toEqual(["NOT_FOUND"]);
  });

  it("the agency it was sent to answers: ANSWERED, by whom and when", async () => {
    const data = await h.ok(U.police, ANSWER, { id: policeRequest, a: "Three calls logged; words of advice given on 2 occasions." });
    expect(data.answerInformationRequest).toEqual({
      id: policeRequest,
      status: "ANSWERED",
      answer: "Three calls logged; words of advice given on 2 occasions.",
      answeredAt: expect.any(String),
      answeredBy: { name: "PC Sam Clarke" },
    });
  });

  it("only once: a second answer is a CONFLICT and the first stands", async () => {
    const res = await h.gql(U.police, ANSWER, { id: policeRequest, a: "Changed my mind" });
    expect(codes(res)).toEqual(["CONFLICT"]);
    expect(res.errors![0]!.message).toMatch(/already answered/);
    const [row] = await h.ds.query(`SELECT answer FROM information_request WHERE id = $1`, [policeRequest]);
    expect(row.answer).toBe("Three calls logged; words of advice given on 2 occasions.");
  });

  it("a blank answer is BAD_USER_INPUT", async () => {
    const res = await h.gql(U.councilMaidstone, ANSWER, { id: await requestFor(caseId, "Maidstone Borough Council"), a: "  " });
    expect(codes(res)).toEqual(["BAD_USER_INPUT"]);
    expect(res.errors![0]!.extensions!.fields.map((f: any) => f.field)).toEqual(["answer"]);
  });

  it("on a closed case, answering is a CONFLICT naming the status", async () => {
    const { caseReviewId } = await submitCase(h);
    await h.ds.query(`UPDATE case_review SET status = 'CLOSED' WHERE id = $1`, [caseReviewId]);
    const res = await h.gql(U.housingGolding, ANSWER, { id: await requestFor(caseReviewId, "Golding Homes"), a: "Tenancy warning issued" });
    expect(codes(res)).toEqual(["CONFLICT"]);
    expect(res.errors![0]!.message).toContain("(status CLOSED)");
  });

  it("an agency reading the case sees only the requests sent to it; the CSP officer sees them all", async () => {
    const q = `query ($id: ID!) { caseReview(id: $id) { informationRequests { agency { name } question answer status } } }`;
    const council = await h.ok(U.councilMaidstone, q, { id: caseId });
    expect(council.caseReview.informationRequests.map((r: any) => r.agency.name)).toEqual(["Maidstone Borough Council"]);
    const csp = await h.ok(U.cspMaidstone, q, { id: caseId });
    expect(csp.caseReview.informationRequests.map((r: any) => r.agency.name).sort()).toEqual(["Golding Homes", "Kent Police", "Maidstone Borough Council"]);
    expect(csp.caseReview.informationRequests.find((r: any) => r.agency.name === "Kent Police").status).toBe("ANSWERED");
  });
});

describe("myInformationRequests", () => {
  let maidstone: string;
  let ashford: string;
  beforeAll(async () => {
    ({ caseReviewId: maidstone } = await submitCase(h));
    const ashfordApplication = {
      ...maidstoneApplication(h),
      partnershipCode: "KENT-ASHFORD",
      incidents: [{ category: "VANDALISM", occurredOn: daysAgo(12), reportedOn: daysAgo(11), reportedToAgencyId: agencyId(h, "Kent Police"), location: "Ashford High Street", description: "Shop window smashed." }],
    };
    ({ caseReviewId: ashford } = await submitCase(h, ashfordApplication));
  });

  it("an agency officer sees the requests to their agency in every partnership it serves, soonest due first", async () => {
    const data = await h.ok(U.police, MINE, {});
    const cases = data.myInformationRequests.map((r: any) => r.caseReview.id);
    expect(cases).toEqual(expect.arrayContaining([maidstone, ashford]));
    for (const r of data.myInformationRequests) expect(r.agency.name).toBe("Kent Police");
    const dues = data.myInformationRequests.map((r: any) => r.dueBy);
    expect([...dues].sort()).toEqual(dues);
  });

  it("another agency sees none of the police's requests; Golding Homes sees nothing of Ashford (it does not serve it)", async () => {
    const golding = await h.ok(U.housingGolding, MINE, {});
    expect(golding.myInformationRequests.map((r: any) => r.caseReview.id)).toContain(maidstone);
    for (const r of golding.myInformationRequests) expect(r.agency.name).toBe("Golding Homes");
    expect(golding.myInformationRequests.map((r: any) => r.caseReview.id)).not.toContain(ashford);
  });

  it("filters by status: OPEN, OVERDUE (due date passed, unanswered), ANSWERED", async () => {
    const request = await requestFor(maidstone, "Kent Police");
    const ids = async (s: string | null) => (await h.ok(U.police, MINE, { s })).myInformationRequests.map((r: any) => r.id);
    expect(await ids("OPEN")).toContain(request);
    await h.ds.query(`UPDATE information_request SET due_by = $2 WHERE id = $1`, [request, daysAgo(1)]);
    expect(await ids("OPEN")).not.toContain(request);
    expect(await ids("OVERDUE")).toContain(request);
    const all = (await h.ok(U.police, MINE, {})).myInformationRequests;
    expect(all.find((r: any) => r.id === request).status).toBe("OVERDUE");
    await h.ok(U.police, ANSWER, { id: request, a: "Late, sorry: two incidents on file." });
    expect(await ids("OVERDUE")).not.toContain(request);
    expect(await ids("ANSWERED")).toContain(request);
  });

  it("a closed case's unanswered requests are not waiting any more", async () => {
    const { caseReviewId } = await submitCase(h);
    const request = await requestFor(caseReviewId, "Kent Police");
    await h.ds.query(`UPDATE case_review SET status = 'CLOSED' WHERE id = $1`, [caseReviewId]);
    const open = (await h.ok(U.police, MINE, { s: "OPEN" })).myInformationRequests.map((r: any) => r.id);
    expect(open).not.toContain(request);
  });

  it.each([
    ["a CSP officer", U.cspMaidstone, "FORBIDDEN"],
    ["an analyst", U.analyst, "FORBIDDEN"],
    ["the public", null, "UNAUTHENTICATED"],
  ])("%s has no inbox (%s)", async (_who, email, code) => {
    expect(codes(await h.gql(email, MINE, {}))).toEqual([code]);
  });
});
