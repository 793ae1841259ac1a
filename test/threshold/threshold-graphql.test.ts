import { formatLongDate, todayUk } from "../../src/calendar/dates";
import { addWorkingDays } from "../../src/calendar/working-days";
import { agencyId, daysAgo, maidstoneApplication, rowCounts, STATUS, submitCase } from "../helpers/applications";
import { startHarness, U, type Harness } from "../helpers/harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const codes = (res: { errors?: Array<{ extensions?: Record<string, any> }> }) => res.errors?.map(e => e.extensions?.code);
const fieldsOf = (res: { errors?: Array<{ extensions?: Record<string, any> }> }): string[] =>
  (res.errors?.[0]?.extensions?.fields ?? []).map((f: { field: string }) => f.field).sort();

const ASSESS = `query ($id: ID!) {
  thresholdAssessment(caseReviewId: $id) {
    qualifyingIncidentCount requiredQualifyingComplaints routesSatisfied wouldMeetThreshold summary
    incidents { qualifies qualificationReason unconfirmed incident { id reportedTo { name } confirmation } duplicateOf { id reportedTo { name } } }
  }
}`;
const DECIDE = `mutation ($id: ID!, $met: Boolean!, $reason: String!, $action: String, $route: ThresholdRoute) {
  decideThreshold(caseReviewId: $id, met: $met, reason: $reason, actionToBeTaken: $action, route: $route) {
    met route qualifyingIncidentCount engineWouldMeet decidedOn decidedAt reason actionToBeTaken decidedBy { name }
    caseReview { status deadlines { panelDue nextDue secondaryReviewRequestDue } letters { kind body } }
  }
}`;
const CONFIRM = `mutation ($id: ID!, $c: IncidentConfirmation!) { confirmIncident(incidentId: $id, confirmation: $c) { id } }`;

const incidentOf = async (caseReviewId: string, agency: string): Promise<string> =>
  (await h.ds.query(`SELECT i.id FROM incident i JOIN agency a ON a.id = i.reported_to_agency_id WHERE i.case_review_id = $1 AND a.name = $2 ORDER BY i.created_at`, [caseReviewId, agency]))[0].id;

/** One incident to the police: the statutory route is not open. */
const oneIncident = (h: Harness, over: Record<string, unknown> = {}) => {
  const base = maidstoneApplication(h);
  return { ...base, incidents: [base.incidents[0]], ...over };
};

describe("thresholdAssessment: the engine on a case, through GraphQL", () => {
  let caseId: string;
  beforeAll(async () => {
    ({ caseReviewId: caseId } = await submitCase(h));
  });

  it("three incidents reported within days: 3 qualifying complaints, the statutory route, all unconfirmed yet", async () => {
    const data = await h.ok(U.cspMaidstone, ASSESS, { id: caseId });
    const a = data.thresholdAssessment;
    expect(a).toMatchObject({ qualifyingIncidentCount: 3, requiredQualifyingComplaints: 3, routesSatisfied: ["STATUTORY"], wouldMeetThreshold: true });
    expect(a.summary).toBe("Would meet the threshold: 3 qualifying complaints (3 required; 3 not yet confirmed).");
    expect(a.incidents.map((i: any) => i.incident.reportedTo.name)).toEqual(["Kent Police", "Maidstone Borough Council", "Golding Homes"]);
    for (const i of a.incidents) {
      expect(i).toMatchObject({ qualifies: true, unconfirmed: true, duplicateOf: null });
      expect(i.qualificationReason).toMatch(/^reported \d+ days? after it happened and the application was made within six months of the complaint; not yet confirmed by /);
    }
  });

  it("the same verdicts show on each Incident of the case", async () => {
    const data = await h.ok(U.police, `query ($id: ID!) { caseReview(id: $id) { incidents { qualifies qualificationReason } } }`, { id: caseId });
    expect(data.caseReview.incidents.map((i: any) => i.qualifies)).toEqual([true, true, true]);
  });

  it("confirming clears 'unconfirmed'; an incident an agency has no record of (NOT_FOUND) no longer counts", async () => {
    await h.ok(U.police, CONFIRM, { id: await incidentOf(caseId, "Kent Police"), c: "CONFIRMED" });
    await h.ok(U.housingGolding, CONFIRM, { id: await incidentOf(caseId, "Golding Homes"), c: "CONFIRMED" });
    await h.ok(U.councilMaidstone, CONFIRM, { id: await incidentOf(caseId, "Maidstone Borough Council"), c: "NOT_FOUND" });
    const a = (await h.ok(U.cspMaidstone, ASSESS, { id: caseId })).thresholdAssessment;
    expect(a).toMatchObject({ qualifyingIncidentCount: 2, routesSatisfied: [], wouldMeetThreshold: false });
    expect(a.summary).toBe("Would not meet the threshold: 2 of the 3 qualifying complaints required.");
    const council = a.incidents.find((i: any) => i.incident.reportedTo.name === "Maidstone Borough Council");
    expect(council).toMatchObject({ qualifies: false, unconfirmed: false, qualificationReason: "Maidstone Borough Council found no record of this incident" });
    expect(a.incidents.filter((i: any) => i.unconfirmed)).toEqual([]);
  });

  it("one incident reported to two agencies counts once, and the second report names the first", async () => {
    const police = maidstoneApplication(h).incidents[0]!;
    const added = await h.ok(U.cspMaidstone, `mutation ($id: ID!, $input: IncidentInput!) { addIncident(caseReviewId: $id, input: $input) { id } }`, {
      id: caseId,
      input: { ...police, reportedToAgencyId: agencyId(h, "Golding Homes"), reportedOn: daysAgo(37), agencyReference: null, description: "Reported it to my landlord too." },
    });
    const a = (await h.ok(U.cspMaidstone, ASSESS, { id: caseId })).thresholdAssessment;
    expect(a.qualifyingIncidentCount).toBe(2);
    const dup = a.incidents.find((i: any) => i.incident.id === added.addIncident.id);
    expect(dup).toMatchObject({ qualifies: false, qualificationReason: "same incident as one reported to Kent Police: counted once", duplicateOf: { reportedTo: { name: "Kent Police" } } });
  });

  it("a report made more than a month after the behaviour does not qualify, and says why", async () => {
    const base = maidstoneApplication(h);
    const late = { ...base.incidents[0], occurredOn: daysAgo(60), reportedOn: daysAgo(19) };
    const { caseReviewId } = await submitCase(h, { ...base, incidents: [late, base.incidents[1], base.incidents[2]] });
    const a = (await h.ok(U.cspMaidstone, ASSESS, { id: caseReviewId })).thresholdAssessment;
    expect(a.qualifyingIncidentCount).toBe(2);
    expect(a.incidents[0].qualifies).toBe(false);
    expect(a.incidents[0].qualificationReason).toMatch(/^reported 41 days after it happened: a qualifying complaint must be made within one month \(by \d+ \w+ \d{4}\)/);
  });

  it("Tonbridge and Malling's single hate incident route", async () => {
    const base = maidstoneApplication(h);
    const { caseReviewId } = await submitCase(h, {
      ...base,
      partnershipCode: "KENT-TONBRIDGE-MALLING",
      incidents: [{ ...base.incidents[0], hateMotivated: true, location: "Tonbridge High Street" }],
    });
    const a = (await h.ok(U.cspTonbridge, ASSESS, { id: caseReviewId })).thresholdAssessment;
    expect(a).toMatchObject({ qualifyingIncidentCount: 1, routesSatisfied: ["HATE_INCIDENT"], wouldMeetThreshold: true });
    expect(a.summary).toContain("hate incident route: a qualifying hate incident");
  });

  it("Ashford's community route: five different people about one place in six months, each victim reporting their own", async () => {
    const base = maidstoneApplication(h);
    const neighbours = ["Amir Haddad", "Beth Oduya", "Carl Jensen", "Dora Lake"].map(name => ({ name, kind: "INDIVIDUAL", consentGiven: true }));
    // Each reported 50 days after it happened: not qualifying complaints, so only the community route opens.
    const incidents = [0, 1, 2, 3, 4].map(k => ({
      category: "ALCOHOL_IN_PUBLIC_SPACE",
      occurredOn: daysAgo(100 + k),
      reportedOn: daysAgo(50 + k),
      reportedToAgencyId: agencyId(h, "Kent Police"),
      location: "Victoria Park, Ashford",
      description: "Drinking and shouting in the play area.",
      reportedBy: k,
    }));
    const { caseReviewId } = await submitCase(h, { ...base, partnershipCode: "KENT-ASHFORD", additionalVictims: neighbours, incidents });
    const a = (await h.ok(U.cspAshford, ASSESS, { id: caseReviewId })).thresholdAssessment;
    expect(a).toMatchObject({ qualifyingIncidentCount: 0, routesSatisfied: ["COMMUNITY"], wouldMeetThreshold: true });
    expect(a.summary).toContain("community route: 5 different reporters about Victoria Park, Ashford");
  });

  it.each([
    ["the CSP officer", U.cspMaidstone],
    ["the panel chair", U.chair],
    ["an involved agency", U.housingGolding],
  ])("%s may read it", async (_who, email) => {
    expect((await h.ok(email, ASSESS, { id: caseId })).thresholdAssessment.incidents.length).toBeGreaterThan(0);
  });

  it.each([
    ["the CSP officer of another partnership", U.cspAshford, "NOT_FOUND"],
    ["an agency not involved", U.housingClarion, "NOT_FOUND"],
    ["an analyst", U.analyst, "NOT_FOUND"],
    ["an independent reviewer not assigned", U.reviewer, "NOT_FOUND"],
    ["the public", null, "UNAUTHENTICATED"],
  ])("%s may not (%s)", async (_who, email, code) => {
    const res = await h.gql(email, ASSESS, { id: caseId });
    expect(codes(res)).toEqual([code]);
    expect(res.data?.thresholdAssessment ?? null).toBeNull();
  });

  it("runs the engine once per case: the SQL for a list of cases does not grow with their incidents", async () => {
    const q = `{ caseReviews(first: 50) { edges { node { incidents { qualifies qualificationReason reportedTo { name } reportedBy { name } } } } } }`;
    const res = await h.gql(U.cspMaidstone, q);
    expect(res.errors).toBeUndefined();
    expect(res.data.caseReviews.edges.length).toBeGreaterThan(1);
    expect(res.statements).toBeLessThanOrEqual(12);
  });
});

describe("decideThreshold", () => {
  let caseId: string;
  let reference: string;
  let accessCode: string;
  beforeAll(async () => {
    ({ caseReviewId: caseId, reference, accessCode } = await submitCase(h));
  });

  it.each([
    ["the panel chair", U.chair, "FORBIDDEN"],
    ["an involved agency", U.police, "FORBIDDEN"],
    ["the CSP officer of another partnership", U.cspAshford, "NOT_FOUND"],
    ["an agency not involved", U.housingClarion, "NOT_FOUND"],
    ["the public", null, "UNAUTHENTICATED"],
  ])("%s may not decide (%s); nothing changes", async (_who, email, code) => {
    const before = await rowCounts(h);
    const res = await h.gql(email, DECIDE, { id: caseId, met: true, reason: "Three qualifying complaints." });
    expect(codes(res)).toEqual([code]);
    expect(await rowCounts(h)).toEqual(before);
  });

  it.each([
    ["a blank reason", { met: true, reason: "  " }, ["reason"]],
    ["not met without the action to be taken, against the engine without a reason long enough", { met: false, reason: "Not persistent" }, ["actionToBeTaken", "reason"]],
    ["a route the engine did not find", { met: true, reason: "Three qualifying complaints.", route: "COMMUNITY" }, ["route"]],
    ["against the engine, on a route other than DISCRETIONARY", { met: false, reason: "The incidents were a single dispute now resolved by mediation.", action: "Mediation", route: "STATUTORY" }, ["route"]],
    ["a reason of 5001 characters", { met: true, reason: "x".repeat(5001) }, ["reason"]],
  ])("%s: BAD_USER_INPUT naming the fields, and nothing changes", async (_name, vars, fields) => {
    const before = await rowCounts(h);
    const res = await h.gql(U.cspMaidstone, DECIDE, { id: caseId, ...vars });
    expect(codes(res)).toEqual(["BAD_USER_INPUT"]);
    expect([...new Set(fieldsOf(res))]).toEqual(fields);
    expect(await rowCounts(h)).toEqual(before);
    const [{ status }] = await h.ds.query(`SELECT status FROM case_review WHERE id = $1`, [caseId]);
    expect(status).toBe("SUBMITTED");
  });

  it("met, as the engine says: the statutory route, the engine's count beside it, the panel's due date, the letter", async () => {
    const data = await h.ok(U.cspMaidstone, DECIDE, { id: caseId, met: true, reason: "Three qualifying complaints, reported within days." });
    const d = data.decideThreshold;
    const panelDue = addWorkingDays(todayUk(), 20);
    expect(d).toMatchObject({
      met: true,
      route: "STATUTORY",
      qualifyingIncidentCount: 3,
      engineWouldMeet: true,
      decidedOn: todayUk(),
      reason: "Three qualifying complaints, reported within days.",
      actionToBeTaken: null,
      decidedBy: { name: "Priya Shah" },
      caseReview: { status: "THRESHOLD_MET", deadlines: { panelDue, nextDue: panelDue, secondaryReviewRequestDue: null } },
    });
    const letter = d.caseReview.letters.find((l: any) => l.kind === "THRESHOLD_MET");
    expect(letter.body).toContain(reference);
    expect(letter.body).toContain("it meets the threshold for a case review: you made 3 qualifying complaints");
    expect(letter.body).toContain(`We aim to hold it by ${formatLongDate(panelDue)}`);
    expect(letter.body).toContain("within 25 working days of the meeting");
    const events = await h.ds.query(`SELECT kind, summary FROM case_event WHERE case_review_id = $1 AND kind = 'THRESHOLD_MET'`, [caseId]);
    expect(events).toEqual([{ kind: "THRESHOLD_MET", summary: `Threshold met by the statutory route; panel due by ${formatLongDate(panelDue)}` }]);
    const [audit] = await h.ds.query(`SELECT detail FROM audit_entry WHERE case_review_id = $1 AND operation = 'decideThreshold'`, [caseId]);
    expect(audit.detail).toEqual({ met: true, route: "STATUTORY", engineWouldMeet: true, qualifyingIncidentCount: 3, decidedOn: todayUk(), recordedOn: todayUk() });
  });

  it("the applicant's view shows the decision and the letter", async () => {
    const view = (await h.ok(null, STATUS, { reference, accessCode })).applicationStatus;
    expect(view.status).toBe("THRESHOLD_MET");
    expect(view.thresholdDecision).toEqual({ met: true, decidedOn: todayUk() });
    expect(view.letters.map((l: any) => l.kind)).toEqual(["ACKNOWLEDGEMENT", "THRESHOLD_MET"]);
  });

  it("deciding again is a CONFLICT naming the status, and nothing changes", async () => {
    const before = await rowCounts(h);
    const decision = await h.ds.query(`SELECT * FROM threshold_decision WHERE case_review_id = $1`, [caseId]);
    const res = await h.gql(U.cspMaidstone, DECIDE, { id: caseId, met: false, reason: "Changed our mind about it entirely.", action: "None" });
    expect(codes(res)).toEqual(["CONFLICT"]);
    expect(res.errors![0]!.message).toBe("Cannot decide the threshold while the case is found to meet the threshold (status THRESHOLD_MET)");
    expect(await h.ds.query(`SELECT * FROM threshold_decision WHERE case_review_id = $1`, [caseId])).toEqual(decision);
    expect(await rowCounts(h)).toEqual(before);
  });

  it.each(["PANEL_SCHEDULED", "PANEL_HELD", "OUTCOME_SENT", "SECONDARY_REVIEW_REQUESTED", "CLOSED"])(
    "in status %s deciding is a CONFLICT, and nothing changes",
    async status => {
      const { caseReviewId } = await submitCase(h);
      await h.ds.query(`UPDATE case_review SET status = $2 WHERE id = $1`, [caseReviewId, status]);
      const before = await rowCounts(h);
      const res = await h.gql(U.cspMaidstone, DECIDE, { id: caseReviewId, met: true, reason: "Three qualifying complaints." });
      expect(codes(res)).toEqual(["CONFLICT"]);
      expect(res.errors![0]!.message).toContain(`(status ${status})`);
      expect(await rowCounts(h)).toEqual(before);
    },
  );

  it("not met, as the engine says: why, the action to be taken, that ASB can still be reported, and the right to a secondary review", async () => {
    const { caseReviewId, reference: ref, accessCode: code } = await submitCase(h, oneIncident(h));
    const data = await h.ok(U.cspMaidstone, DECIDE, {
      id: caseReviewId,
      met: false,
      reason: "Only one complaint has been made in the last six months.",
      action: "The neighbourhood policing team will patrol Tonbridge Road at night for four weeks.",
    });
    const d = data.decideThreshold;
    const due = addWorkingDays(todayUk(), 20);
    expect(d).toMatchObject({ met: false, route: null, engineWouldMeet: false, qualifyingIncidentCount: 1, caseReview: { status: "THRESHOLD_NOT_MET", deadlines: { panelDue: null, nextDue: null, secondaryReviewRequestDue: due } } });
    const body = d.caseReview.letters.find((l: any) => l.kind === "THRESHOLD_NOT_MET").body;
    expect(body).toContain("Only one complaint has been made in the last six months.");
    expect(body).toContain("The neighbourhood policing team will patrol Tonbridge Road at night for four weeks.");
    expect(body).toContain("You can still report anti-social behaviour");
    expect(body).toContain(`ask for a secondary review by ${formatLongDate(due)}`);
    expect(body).toContain("We counted 1 complaint that met these rules");
    const view = (await h.ok(null, STATUS, { reference: ref, accessCode: code })).applicationStatus;
    expect(view).toMatchObject({ status: "THRESHOLD_NOT_MET", thresholdDecision: { met: false }, secondaryReviewRequestDue: due });
    expect(view.statusDescription).toContain("secondary review");
  });

  it("not met with a route is BAD_USER_INPUT", async () => {
    const { caseReviewId } = await submitCase(h, oneIncident(h));
    const res = await h.gql(U.cspMaidstone, DECIDE, { id: caseReviewId, met: false, reason: "One complaint only.", action: "Advice", route: "STATUTORY" });
    expect(codes(res)).toEqual(["BAD_USER_INPUT"]);
    expect(fieldsOf(res)).toEqual(["route"]);
  });

  it("met against the engine: the discretionary route, with a reason of at least 20 characters saying why", async () => {
    const { caseReviewId } = await submitCase(h, oneIncident(h));
    const short = await h.gql(U.cspMaidstone, DECIDE, { id: caseReviewId, met: true, reason: "Vulnerable" });
    expect(codes(short)).toEqual(["BAD_USER_INPUT"]);
    expect(fieldsOf(short)).toEqual(["reason"]);
    expect(short.errors![0]!.message).toContain("would not meet the threshold: say why this decision differs");
    const reason = "The victim is elderly and isolated; the harm is serious although only one complaint was made.";
    const d = (await h.ok(U.cspMaidstone, DECIDE, { id: caseReviewId, met: true, reason })).decideThreshold;
    expect(d).toMatchObject({ met: true, route: "DISCRETIONARY", engineWouldMeet: false, qualifyingIncidentCount: 1, caseReview: { status: "THRESHOLD_MET" } });
    const body = d.caseReview.letters.find((l: any) => l.kind === "THRESHOLD_MET").body;
    expect(body).toContain("we have used our discretion to accept your application");
    expect(body).toContain(reason);
    const [event] = await h.ds.query(`SELECT summary FROM case_event WHERE case_review_id = $1 AND kind = 'THRESHOLD_MET'`, [caseReviewId]);
    expect(event.summary).toContain("discretionary route (differs from the engine's assessment)");
  });

  it("not met against the engine: DISCRETIONARY too, with the action to be taken", async () => {
    const { caseReviewId } = await submitCase(h);
    const d = (
      await h.ok(U.cspMaidstone, DECIDE, {
        id: caseReviewId,
        met: false,
        reason: "The three reports describe one neighbour dispute, which mediation has since resolved.",
        action: "Golding Homes will keep the mediation agreement under review for three months.",
      })
    ).decideThreshold;
    expect(d).toMatchObject({ met: false, route: "DISCRETIONARY", engineWouldMeet: true, qualifyingIncidentCount: 3, caseReview: { status: "THRESHOLD_NOT_MET" } });
  });
});
