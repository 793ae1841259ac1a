import { addDays, todayUk } from "../../src/calendar/dates";
import { agencyId, daysAgo, maidstoneApplication, rowCounts, submitCase } from "../helpers/applications";
import { startHarness, U, type Harness } from "../helpers/harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const codes = (res: { errors?: Array<{ extensions?: Record<string, any> }> }) => res.errors?.map(e => e.extensions?.code);

const CONFIRM = `mutation ($id: ID!, $c: IncidentConfirmation!, $ref: String, $note: String) {
  confirmIncident(incidentId: $id, confirmation: $c, agencyReference: $ref, note: $note) {
    id confirmation agencyReference confirmedAt confirmedBy { name } confirmationNote reportedTo { name }
  }
}`;
const ADD = `mutation ($id: ID!, $input: IncidentInput!) {
  addIncident(caseReviewId: $id, input: $input) { id category confirmation reportedTo { name } reportedBy { name } qualifies qualificationReason }
}`;
const INCIDENTS = `query ($id: ID!) { caseReview(id: $id) { status incidents { id confirmation reportedTo { name } } } }`;

/** The incidents of a case by the agency they were reported to. */
async function incidentsOf(caseReviewId: string): Promise<Record<string, string>> {
  const rows = await h.ds.query(
    `SELECT i.id, a.name FROM incident i JOIN agency a ON a.id = i.reported_to_agency_id WHERE i.case_review_id = $1`,
    [caseReviewId],
  );
  return Object.fromEntries(rows.map((r: any) => [r.name, r.id]));
}
const statusOf = async (id: string) => (await h.ds.query(`SELECT status FROM case_review WHERE id = $1`, [id]))[0].status;

describe("confirmIncident", () => {
  let caseId: string;
  let incidents: Record<string, string>;
  beforeAll(async () => {
    ({ caseReviewId: caseId } = await submitCase(h));
    incidents = await incidentsOf(caseId);
  });

  it("the agency the incident was reported to confirms it from its records: who, when, its reference; the case moves on", async () => {
    expect(await statusOf(caseId)).toBe("SUBMITTED");
    const data = await h.ok(U.police, CONFIRM, { id: incidents["Kent Police"], c: "CONFIRMED", ref: "KP-46/1120-A", note: "Logged as CAD 1120" });
    expect(data.confirmIncident).toEqual({
      id: incidents["Kent Police"],
      confirmation: "CONFIRMED",
      agencyReference: "KP-46/1120-A",
      confirmedAt: expect.any(String),
      confirmedBy: { name: "PC Sam Clarke" },
      confirmationNote: "Logged as CAD 1120",
      reportedTo: { name: "Kent Police" },
    });
    expect(await statusOf(caseId)).toBe("AWAITING_AGENCY_CHECKS");
    const [event] = await h.ds.query(`SELECT kind, actor, summary FROM case_event WHERE case_review_id = $1 AND kind = 'INCIDENT_CONFIRMED'`, [caseId]);
    expect(event).toEqual({ kind: "INCIDENT_CONFIRMED", actor: "PC Sam Clarke", summary: expect.stringContaining("Kent Police confirmed the report of harassment or intimidation") });
    const [audit] = await h.ds.query(`SELECT actor, agency_name, detail FROM audit_entry WHERE case_review_id = $1 AND operation = 'confirmIncident'`, [caseId]);
    expect(audit).toEqual({ actor: "PC Sam Clarke", agency_name: "Kent Police", detail: { incidentId: incidents["Kent Police"], confirmation: "CONFIRMED" } });
  });

  it("an agency may say it has no record (NOT_FOUND); its own reference is kept when none is given", async () => {
    const data = await h.ok(U.councilMaidstone, CONFIRM, { id: incidents["Maidstone Borough Council"], c: "NOT_FOUND", note: "No report on that date" });
    expect(data.confirmIncident).toMatchObject({ confirmation: "NOT_FOUND", agencyReference: null, confirmedBy: { name: "Aisha Khan" } });
    const again = await h.ok(U.police, CONFIRM, { id: incidents["Kent Police"], c: "CONFIRMED" });
    expect(again.confirmIncident.agencyReference).toBe("KP-46/1120-A");
  });

  it("PENDING is not an answer", async () => {
    const res = await h.gql(U.housingGolding, CONFIRM, { id: incidents["Golding Homes"], c: "PENDING" });
    expect(codes(res)).toEqual(["BAD_USER_INPUT"]);
    expect(res.errors![0]!.extensions!.fields).toEqual([{ field: "confirmation", message: "confirmation must be CONFIRMED or NOT_FOUND" }]);
  });

  it.each([
    ["another involved agency", U.councilMaidstone, "FORBIDDEN"],
    ["the CSP officer of the partnership", U.cspMaidstone, "FORBIDDEN"],
    ["the panel chair", U.chair, "FORBIDDEN"],
    ["a housing provider not involved", U.housingClarion, "NOT_FOUND"],
    ["the CSP officer of another partnership", U.cspAshford, "NOT_FOUND"],
    ["a council officer of another partnership", U.councilAshford, "NOT_FOUND"],
    ["an analyst", U.analyst, "NOT_FOUND"],
  ])("%s may not confirm the police's incident (%s), and nothing changes", async (_who, email, code) => {
    const before = await h.ds.query(`SELECT * FROM incident WHERE id = $1`, [incidents["Kent Police"]]);
    const res = await h.gql(email, CONFIRM, { id: incidents["Kent Police"], c: "NOT_FOUND" });
    expect(codes(res)).toEqual([code]);
    expect(res.data?.confirmIncident ?? null).toBeNull();
    expect(await h.ds.query(`SELECT * FROM incident WHERE id = $1`, [incidents["Kent Police"]])).toEqual(before);
  });

  it("the public must sign in", async () => {
    expect(codes(await h.gql(null, CONFIRM, { id: incidents["Kent Police"], c: "CONFIRMED" }))).toEqual(["UNAUTHENTICATED"]);
  });

  it("an unknown id, or one that is not an id, is NOT_FOUND", async () => {
    expect(codes(await h.gql(U.police, CONFIRM, { id: "00000000-0000-4000-8000-000000000000", c: "CONFIRMED" }))).toEqual(["NOT_FOUND"]);
    expect(codes(await h.gql(U.police, CONFIRM, { id: "not-an-id", c: "CONFIRMED" }))).toEqual(["NOT_FOUND"]);
  });

  it.each(["THRESHOLD_MET", "THRESHOLD_NOT_MET", "PANEL_SCHEDULED", "OUTCOME_SENT", "CLOSED"])(
    "once the case is %s, confirming is a CONFLICT naming the status, and nothing changes",
    async status => {
      const { caseReviewId } = await submitCase(h);
      const { "Golding Homes": incident } = await incidentsOf(caseReviewId);
      await h.ds.query(`UPDATE case_review SET status = $2 WHERE id = $1`, [caseReviewId, status]);
      const before = await rowCounts(h);
      const row = await h.ds.query(`SELECT * FROM incident WHERE id = $1`, [incident]);
      const res = await h.gql(U.housingGolding, CONFIRM, { id: incident, c: "CONFIRMED" });
      expect(codes(res)).toEqual(["CONFLICT"]);
      expect(res.errors![0]!.message).toContain(`(status ${status})`);
      expect(await h.ds.query(`SELECT * FROM incident WHERE id = $1`, [incident])).toEqual(row);
      expect(await rowCounts(h)).toEqual(before);
      expect(await statusOf(caseReviewId)).toBe(status);
    },
  );
});

describe("addIncident", () => {
  let caseId: string;
  const clarion = () => ({
    category: "VANDALISM",
    occurredOn: daysAgo(20),
    reportedOn: daysAgo(19),
    reportedToAgencyId: agencyId(h, "Clarion Housing"),
    location: "Car park behind 14 Tonbridge Road",
    description: "Car tyres slashed.",
  });
  beforeAll(async () => {
    ({ caseReviewId: caseId } = await submitCase(h));
  });

  it("a housing provider not yet involved cannot see the case", async () => {
    const res = await h.gql(U.housingClarion, INCIDENTS, { id: caseId });
    expect(codes(res)).toEqual(["NOT_FOUND"]);
  });

  it("the CSP officer adds an incident found later: its agency becomes involved and is asked to check it", async () => {
    const data = await h.ok(U.cspMaidstone, ADD, { id: caseId, input: clarion() });
    expect(data.addIncident).toMatchObject({
      category: "VANDALISM",
      confirmation: "PENDING",
      reportedTo: { name: "Clarion Housing" },
      reportedBy: { name: "Margaret Hollis" },
      qualifies: true,
    });
    expect(await statusOf(caseId)).toBe("AWAITING_AGENCY_CHECKS");
    const [involved] = await h.ds.query(`SELECT first_reason FROM case_agency WHERE case_review_id = $1 AND agency_id = $2`, [caseId, agencyId(h, "Clarion Housing")]);
    expect(involved.first_reason).toBe("INCIDENT_REPORTED");
    const requests = await h.ok(U.housingClarion, `{ myInformationRequests { question status caseReview { reference } } }`);
    expect(requests.myInformationRequests).toHaveLength(1);
    expect(requests.myInformationRequests[0].question).toContain("Car park behind 14 Tonbridge Road");
    // Involved now: Clarion sees the case, and confirms its incident.
    const seen = await h.ok(U.housingClarion, INCIDENTS, { id: caseId });
    expect(seen.caseReview.incidents).toHaveLength(4);
    const confirmed = await h.ok(U.housingClarion, CONFIRM, { id: data.addIncident.id, c: "CONFIRMED" });
    expect(confirmed.confirmIncident.confirmation).toBe("CONFIRMED");
    const [added] = await h.ds.query(`SELECT added_by_id FROM incident WHERE id = $1`, [data.addIncident.id]);
    expect(added.added_by_id).toBe(h.ref.users.get(U.cspMaidstone)!.id);
  });

  it.each([
    ["an agency that does not serve the partnership", { reportedToAgencyId: "AGENCY:Ashford Borough Council" }, "input.reportedToAgencyId"],
    ["behaviour in the future", { occurredOn: addDays(todayUk(), 1), reportedOn: todayUk() }, "input.occurredOn"],
    ["reported before it happened", { occurredOn: daysAgo(3), reportedOn: daysAgo(4) }, "input.reportedOn"],
    ["a victim the case does not name", { reportedBy: 2 }, "input.reportedBy"],
    ["a description of 5001 characters", { description: "x".repeat(5001) }, "input.description"],
  ])("%s: BAD_USER_INPUT naming the field, nothing stored", async (_name, change, field) => {
    const input: any = { ...clarion(), ...change };
    if (String(input.reportedToAgencyId).startsWith("AGENCY:")) input.reportedToAgencyId = agencyId(h, input.reportedToAgencyId.slice(7));
    const before = await rowCounts(h);
    const res = await h.gql(U.cspMaidstone, ADD, { id: caseId, input });
    expect(codes(res)).toEqual(["BAD_USER_INPUT"]);
    expect(res.errors![0]!.extensions!.fields.map((f: any) => f.field)).toContain(field);
    expect(await rowCounts(h)).toEqual(before);
  });

  it.each([
    ["an agency officer of an involved agency", U.police, "FORBIDDEN"],
    ["the panel chair", U.chair, "FORBIDDEN"],
    ["the CSP officer of another partnership", U.cspAshford, "NOT_FOUND"],
    ["a housing provider not involved", U.housingGolding, "NOT_FOUND"],
  ])("%s may not add one (%s), and nothing is stored", async (_who, email, code) => {
    const { caseReviewId } = await submitCase(h, {
      ...maidstoneApplication(h),
      incidents: [{ ...clarion(), reportedToAgencyId: agencyId(h, "Kent Police") }],
    });
    const before = await rowCounts(h);
    const res = await h.gql(email, ADD, { id: caseReviewId, input: clarion() });
    expect(codes(res)).toEqual([code]);
    expect(await rowCounts(h)).toEqual(before);
  });

  it("once the threshold is decided, adding is a CONFLICT naming the status, and nothing is stored", async () => {
    const { caseReviewId } = await submitCase(h);
    await h.ds.query(`UPDATE case_review SET status = 'THRESHOLD_NOT_MET' WHERE id = $1`, [caseReviewId]);
    const before = await rowCounts(h);
    const res = await h.gql(U.cspMaidstone, ADD, { id: caseReviewId, input: clarion() });
    expect(codes(res)).toEqual(["CONFLICT"]);
    expect(res.errors![0]!.message).toBe("Cannot add an incident while the case is found not to meet the threshold (status THRESHOLD_NOT_MET)");
    expect(await rowCounts(h)).toEqual(before);
  });
});

describe("scope", () => {
  let caseId: string;
  beforeAll(async () => {
    ({ caseReviewId: caseId } = await submitCase(h));
  });

  it.each([
    ["the CSP officer", U.cspMaidstone],
    ["the panel chair", U.chair],
    ["the police (involved)", U.police],
    ["the council (involved)", U.councilMaidstone],
    ["the housing provider (involved)", U.housingGolding],
  ])("%s sees the case", async (_who, email) => {
    const data = await h.ok(email, INCIDENTS, { id: caseId });
    expect(data.caseReview.incidents).toHaveLength(3);
  });

  it.each([
    ["a housing provider not involved", U.housingClarion],
    ["health, not involved", U.health],
    ["the CSP officer of another partnership", U.cspAshford],
    ["the CSP officer of a third partnership", U.cspTonbridge],
    ["an analyst", U.analyst],
    ["an independent reviewer with no secondary review", U.reviewer],
  ])("%s cannot see it: NOT_FOUND, and not in the list", async (_who, email) => {
    expect(codes(await h.gql(email, INCIDENTS, { id: caseId }))).toEqual(["NOT_FOUND"]);
    const list = await h.ok(email, `{ caseReviews(first: 100) { edges { node { id } } } }`);
    expect(list.caseReviews.edges.map((e: any) => e.node.id)).not.toContain(caseId);
  });

  it("an agency sees the agency reference only of the incidents reported to it", async () => {
    const data = await h.gql(U.councilMaidstone, `query ($id: ID!) { caseReview(id: $id) { incidents { reportedTo { name } agencyReference } } }`, { id: caseId });
    const police = data.data.caseReview.incidents.find((i: any) => i.reportedTo.name === "Kent Police");
    expect(police.agencyReference).toBeNull();
    // Denied for the two incidents reported to the police and to Golding Homes.
    expect(data.errors?.map(e => e.extensions?.code)).toEqual(["FORBIDDEN", "FORBIDDEN"]);
    const own = await h.gql(U.police, `query ($id: ID!) { caseReview(id: $id) { incidents { reportedTo { name } agencyReference } } }`, { id: caseId });
    expect(own.data.caseReview.incidents.find((i: any) => i.reportedTo.name === "Kent Police").agencyReference).toBe("KP-46/1120");
    const csp = await h.ok(U.cspMaidstone, `query ($id: ID!) { caseReview(id: $id) { incidents { agencyReference } } }`, { id: caseId });
    expect(csp.caseReview.incidents.map((i: any) => i.agencyReference)).toContain("KP-46/1120");
  });
});
