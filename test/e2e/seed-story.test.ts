/**
 * The seed's story (../shared/seed/000_d6cda5aa7a787a27.txt) played through GraphQL as the real
 * users, one step after another: each `it` is a step and the steps share the state below. Dates
 * are relative to today (UK), so the story stays valid whenever it runs.
 */
import { formatLongDate, todayUk } from "../../src/calendar/dates";
import { addWorkingDays } from "../../src/calendar/working-days";
import { daysAgo } from "../helpers/applications";
import { startHarness, U, type Harness } from "../helpers/harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

// ---- The story's state, shared by the steps ------------------------------------------------------

let caseId: string;
let reference: string;
let accessCode: string;
/** The incident each agency was told about, by the agency's demo user. */
const incidentFor: Record<string, string> = {};
/** The information request each agency received, by the agency's demo user. */
const requestFor: Record<string, string> = {};

const STATUS = `query ($reference: String!, $accessCode: String!) {
  applicationStatus(reference: $reference, accessCode: $accessCode) {
    reference status statusDescription receivedOn thresholdDecisionDue thresholdDecision { met decidedOn }
    outcomeLetterDue secondaryReviewRequestDue letters { kind issuedOn body }
  }
}`;

describe("the seed's story: a victim in Maidstone asks for an ASB case review", () => {
  it("the victim applies online, without signing in, with three incidents reported to the police, the council and their landlord", async () => {
    // The form knows the partnership's agencies (reference data the public site is built with).
    const agency = (name: string) => h.ref.agencies.get(name)!.id;
    const input = {
      applicant: {
        kind: "INDIVIDUAL",
        name: "Margaret Hollis",
        email: "m.hollis@example.org",
        phone: "01622 555 0192",
        address: "Flat 3, 14 Tonbridge Road, Maidstone",
        postcode: "ME16 8RP",
        preferredContact: "EMAIL",
        vulnerabilities: "Lives alone; anxious about going out after dark",
        consentGiven: true,
      },
      partnershipCode: "KENT-MAIDSTONE",
      incidents: [
        {
          category: "HARASSMENT_OR_INTIMIDATION",
          occurredOn: daysAgo(40),
          reportedOn: daysAgo(39),
          reportedToAgencyId: agency("Kent Police"),
          location: "Outside 14 Tonbridge Road",
          description: "A group of young people banged on my door and shouted threats late at night.",
        },
        {
          category: "VANDALISM",
          occurredOn: daysAgo(24),
          reportedOn: daysAgo(22),
          reportedToAgencyId: agency("Maidstone Borough Council"),
          location: "Communal garden, 14 Tonbridge Road",
          description: "The fence was kicked in and the bins set alight.",
        },
        {
          category: "VERBAL_ABUSE",
          occurredOn: daysAgo(10),
          reportedOn: daysAgo(10),
          reportedToAgencyId: agency("Golding Homes"),
          agencyReference: "GH-ASB-5521",
          location: "Stairwell, 14 Tonbridge Road",
          description: "The same group swore at me on the stairs and blocked my way.",
        },
      ],
      idempotencyKey: "seed-story-application",
    };
    const res = await h.gql(null, `mutation ($input: CaseReviewApplicationInput!) { submitCaseReviewApplication(input: $input) { reference accessCode status receivedOn caseReviewId } }`, { input });
    expect(res.errors).toBeUndefined();
    const out = res.data.submitCaseReviewApplication;
    expect(out).toMatchObject({ status: "SUBMITTED", receivedOn: todayUk(), caseReviewId: null });
    expect(out.reference).toMatch(/^ASB-\d{4}-\d{6}$/);
    reference = out.reference;
    accessCode = out.accessCode;
  });

  it("the victim checks progress with the reference and access code: received, and the acknowledgement letter", async () => {
    const view = (await h.ok(null, STATUS, { reference, accessCode })).applicationStatus;
    expect(view).toMatchObject({ reference, status: "SUBMITTED", receivedOn: todayUk(), thresholdDecisionDue: addWorkingDays(todayUk(), 15), thresholdDecision: null });
    expect(view.letters).toHaveLength(1);
    expect(view.letters[0].kind).toBe("ACKNOWLEDGEMENT");
    expect(view.letters[0].body).toContain("We have asked Kent Police, Maidstone Borough Council and Golding Homes to check their records");
    expect(view.letters[0].body).toContain(formatLongDate(addWorkingDays(todayUk(), 15)));
  });

  it("the CSP officer finds the new application among Maidstone's cases", async () => {
    const data = await h.ok(U.cspMaidstone, `{ caseReviews(first: 10, filter: { status: [SUBMITTED] }) { edges { node { id reference applicant { name } involvedAgencies { name } } } } }`);
    const node = data.caseReviews.edges.map((e: any) => e.node).find((n: any) => n.reference === reference);
    expect(node.applicant.name).toBe("Margaret Hollis");
    expect(node.involvedAgencies.map((a: any) => a.name).sort()).toEqual(["Golding Homes", "Kent Police", "Maidstone Borough Council"]);
    caseId = node.id;
  });

  it.each([
    ["Kent Police", U.police],
    ["Maidstone Borough Council", U.councilMaidstone],
    ["Golding Homes", U.housingGolding],
  ])("%s sees the request in its inbox, with the incident reported to it", async (agencyName, email) => {
    const data = await h.ok(email, `{
      myInformationRequests(status: OPEN) {
        id question dueBy agency { name }
        caseReview { id reference incidents { id reportedTo { name } occurredOn confirmation } }
      }
    }`);
    const request = data.myInformationRequests.find((r: any) => r.caseReview.reference === reference);
    expect(request.agency.name).toBe(agencyName);
    expect(request.dueBy).toBe(addWorkingDays(todayUk(), 10));
    expect(request.question).toContain(`reported to ${agencyName}`);
    const own = request.caseReview.incidents.filter((i: any) => i.reportedTo.name === agencyName);
    expect(own).toHaveLength(1);
    expect(own[0].confirmation).toBe("PENDING");
    incidentFor[email] = own[0].id;
    requestFor[email] = request.id;
  });

  it.each([
    ["Kent Police", U.police, "KP-46/20871", "Two calls logged; officers attended once."],
    ["Maidstone Borough Council", U.councilMaidstone, "MBC-ASB-3310", "Damage to the fence reported; repaired by the council."],
    ["Golding Homes", U.housingGolding, null, "Tenancy warning issued to the household at flat 6."],
  ])("%s confirms its incident from its records and answers the request", async (_agency, email, agencyReference, answer) => {
    const confirmed = await h.ok(email, `mutation ($id: ID!, $ref: String) { confirmIncident(incidentId: $id, confirmation: CONFIRMED, agencyReference: $ref) { confirmation agencyReference } }`, {
      id: incidentFor[email],
      ref: agencyReference,
    });
    expect(confirmed.confirmIncident.confirmation).toBe("CONFIRMED");
    const answered = await h.ok(email, `mutation ($id: ID!, $a: String!) { answerInformationRequest(requestId: $id, answer: $a) { status } }`, { id: requestFor[email], a: answer });
    expect(answered.answerInformationRequest.status).toBe("ANSWERED");
  });

  it("the case is now awaiting the agencies' checks, all confirmed", async () => {
    const data = await h.ok(U.cspMaidstone, `query ($id: ID!) { caseReview(id: $id) { status incidents { confirmation agencyReference } informationRequests { status } } }`, { id: caseId });
    expect(data.caseReview.status).toBe("AWAITING_AGENCY_CHECKS");
    expect(data.caseReview.incidents.map((i: any) => i.confirmation)).toEqual(["CONFIRMED", "CONFIRMED", "CONFIRMED"]);
    expect(data.caseReview.incidents.map((i: any) => i.agencyReference)).toEqual(["KP-46/20871", "MBC-ASB-3310", "GH-ASB-5521"]);
    expect(data.caseReview.informationRequests.map((r: any) => r.status)).toEqual(["ANSWERED", "ANSWERED", "ANSWERED"]);
  });

  it("the CSP officer reads the engine's assessment: three qualifying complaints, the statutory route", async () => {
    const data = await h.ok(U.cspMaidstone, `query ($id: ID!) {
      thresholdAssessment(caseReviewId: $id) {
        qualifyingIncidentCount requiredQualifyingComplaints routesSatisfied wouldMeetThreshold summary
        incidents { qualifies qualificationReason unconfirmed duplicateOf { id } incident { reportedTo { name } } }
      }
    }`, { id: caseId });
    const a = data.thresholdAssessment;
    expect(a).toMatchObject({ qualifyingIncidentCount: 3, requiredQualifyingComplaints: 3, routesSatisfied: ["STATUTORY"], wouldMeetThreshold: true });
    expect(a.summary).toBe("Would meet the threshold: 3 qualifying complaints (3 required).");
    expect(a.incidents.map((i: any) => [i.incident.reportedTo.name, i.qualifies, i.unconfirmed, i.duplicateOf])).toEqual([
      ["Kent Police", true, false, null],
      ["Maidstone Borough Council", true, false, null],
      ["Golding Homes", true, false, null],
    ]);
    expect(a.incidents[0].qualificationReason).toBe("reported 1 day after it happened and the application was made within six months of the complaint");
    expect(a.incidents[2].qualificationReason).toBe("reported on the day it happened and the application was made within six months of the complaint");
  });

  it("the CSP officer decides the threshold is met", async () => {
    const data = await h.ok(U.cspMaidstone, `mutation ($id: ID!) {
      decideThreshold(caseReviewId: $id, met: true, reason: "Three qualifying complaints, each confirmed by the agency it was made to.") {
        met route qualifyingIncidentCount engineWouldMeet decidedBy { name } caseReview { status deadlines { panelDue nextDue overdue } }
      }
    }`, { id: caseId });
    expect(data.decideThreshold).toEqual({
      met: true,
      route: "STATUTORY",
      qualifyingIncidentCount: 3,
      engineWouldMeet: true,
      decidedBy: { name: "Priya Shah" },
      caseReview: { status: "THRESHOLD_MET", deadlines: { panelDue: addWorkingDays(todayUk(), 20), nextDue: addWorkingDays(todayUk(), 20), overdue: false } },
    });
  });

  it("the victim's status view shows the threshold met and the letter saying what happens next", async () => {
    const view = (await h.ok(null, STATUS, { reference, accessCode })).applicationStatus;
    expect(view.status).toBe("THRESHOLD_MET");
    expect(view.statusDescription).toContain("meets the threshold");
    expect(view.thresholdDecision).toEqual({ met: true, decidedOn: todayUk() });
    expect(view.letters.map((l: any) => l.kind)).toEqual(["ACKNOWLEDGEMENT", "THRESHOLD_MET"]);
    const letter = view.letters[1].body;
    expect(letter).toContain("Dear Margaret Hollis");
    expect(letter).toContain(reference);
    expect(letter).toContain("A panel of the agencies will meet to review how your complaints were dealt with");
    expect(letter).toContain("within 25 working days of the meeting");
  });

  // ---- Issue 4: the review itself --------------------------------------------------------------

  const contribute = `mutation ($id: ID!, $input: ContributionInput!) { submitContribution(caseReviewId: $id, input: $input) { id classification agency { name } submittedBy { name } } }`;
  const userId = (email: string) => h.ref.users.get(email)!.id;
  const agencyId = (name: string) => h.ref.agencies.get(name)!.id;
  const view = async () => (await h.ok(null, STATUS, { reference, accessCode })).applicationStatus;
  /** The recommendation of each agency, by the agency's demo user. */
  const recommendationFor: Record<string, string> = {};
  let outcomeLetterDue: string;
  let outcomeLetterId: string;

  it.each([
    [U.police, "OFFICIAL_SENSITIVE", "Intelligence links the group to two addresses on the estate; one youth is known to the youth offending team.", "Two visits; one community protection warning."],
    [U.councilMaidstone, "OFFICIAL", "The fence was repaired twice; the bins moved to a locked store.", "Repairs and a letter to all residents."],
    [U.housingGolding, "OFFICIAL", "The household at flat 6 is a Golding Homes tenancy.", "A tenancy warning issued."],
  ])("the agencies contribute what they hold and what they did (%s, %s)", async (email, classification, caseSummary, actionsTaken) => {
    const out = (await h.ok(email, contribute, { id: caseId, input: { caseSummary, actionsTaken, classification } })).submitContribution;
    expect(out.classification).toBe(classification);
    expect(out.submittedBy.name).toBe(h.ref.users.get(email)!.name);
    const v = await view();
    expect(v.status).toBe("THRESHOLD_MET");
    expect(v.letters.map((l: any) => l.kind)).toEqual(["ACKNOWLEDGEMENT", "THRESHOLD_MET"]); // contributions are not the applicant's to see
  });

  it("the police's OFFICIAL_SENSITIVE contribution is read by the CSP officer and the chair, not by the housing provider", async () => {
    const q = `query ($id: ID!) { caseReview(id: $id) { contributions { classification caseSummary agency { name } } } }`;
    for (const who of [U.cspMaidstone, U.chair, U.police]) {
      expect((await h.ok(who, q, { id: caseId })).caseReview.contributions[0].caseSummary).toContain("Intelligence links");
    }
    const housing = await h.gql(U.housingGolding, q, { id: caseId });
    expect(housing.data.caseReview.contributions[0]).toEqual({ classification: "OFFICIAL_SENSITIVE", caseSummary: null, agency: { name: "Kent Police" } });
    expect(housing.errors?.map(e => e.extensions?.code)).toEqual(["FORBIDDEN"]);
  });

  it("the CSP officer schedules the panel: the chair and members from the involved agencies, within the policy's 20 working days", async () => {
    const panel = (await h.ok(U.cspMaidstone, `mutation ($id: ID!, $at: DateTime!, $chair: ID!, $members: [ID!]!) {
      schedulePanel(caseReviewId: $id, scheduledFor: $at, chairId: $chair, memberIds: $members) { id dueBy overdue chair { name } members { name } }
    }`, { id: caseId, at: `${todayUk()}T10:00:00Z`, chair: userId(U.chair), members: [userId(U.police), userId(U.councilMaidstone), userId(U.housingGolding)] })).schedulePanel;
    expect(panel).toMatchObject({ dueBy: addWorkingDays(todayUk(), 20), overdue: false, chair: { name: "David Reid" } });
    expect(panel.members.map((m: any) => m.name)).toEqual(["PC Sam Clarke", "Aisha Khan", "Jo Turner"]);
    const v = await view();
    expect(v.status).toBe("PANEL_SCHEDULED");
    expect(v.statusDescription).toContain("A panel meeting has been arranged");
  });

  it("the chair records the findings and two recommendations: to the police and to Golding Homes", async () => {
    const panel = (await h.ok(U.chair, `query ($id: ID!) { caseReview(id: $id) { panel { id } } }`, { id: caseId })).caseReview.panel;
    const out = (await h.ok(U.chair, `mutation ($panelId: ID!, $recs: [RecommendationInput!]!) {
      recordPanelOutcome(panelId: $panelId, findings: "Each agency dealt with its own report, but nobody joined them up, so the pattern was missed.", recommendations: $recs) { heldOn findings }
    }`, {
      panelId: panel.id,
      recs: [
        { assignedAgencyId: agencyId("Kent Police"), text: "Share ASB incident logs for Tonbridge Road with the council every week.", dueBy: addWorkingDays(todayUk(), 30) },
        { assignedAgencyId: agencyId("Golding Homes"), text: "Fit CCTV covering the stairwell at 14 Tonbridge Road.", dueBy: addWorkingDays(todayUk(), 40) },
      ],
    })).recordPanelOutcome;
    expect(out.heldOn).toBe(todayUk());
    outcomeLetterDue = addWorkingDays(todayUk(), 25);
    const v = await view();
    expect(v).toMatchObject({ status: "PANEL_HELD", outcomeLetterDue });
    expect(v.statusDescription).toContain(`by ${formatLongDate(outcomeLetterDue)}`);
  });

  it("the CSP team sees both recommendations waiting to be acknowledged", async () => {
    const list = (await h.ok(U.cspMaidstone, `{ recommendations(filter: { status: [ISSUED] }) { totalCount edges { node { assignedAgency { name } } } } }`)).recommendations;
    expect(list.edges.map((e: any) => e.node.assignedAgency.name)).toEqual(["Kent Police", "Golding Homes"]);
    const cases = (await h.ok(U.cspMaidstone, `{ caseReviews(first: 10, filter: { hasUnacknowledgedRecommendations: true }) { edges { node { reference } } } }`)).caseReviews;
    expect(cases.edges.map((e: any) => e.node.reference)).toEqual([reference]);
  });

  it.each([
    ["Kent Police", U.police],
    ["Golding Homes", U.housingGolding],
  ])("%s finds its recommendation in its inbox and acknowledges it", async (agencyName, email) => {
    const inbox = (await h.ok(email, `{ myRecommendations(status: [ISSUED]) { edges { node { id version text assignedAgency { name } caseReview { reference } } } } }`)).myRecommendations;
    const mine = inbox.edges.map((e: any) => e.node).filter((r: any) => r.caseReview.reference === reference);
    expect(mine).toHaveLength(1);
    expect(mine[0].assignedAgency.name).toBe(agencyName);
    recommendationFor[email] = mine[0].id;
    const ack = (await h.ok(email, `mutation ($id: ID!, $v: Int) { acknowledgeRecommendation(id: $id, expectedVersion: $v) { status acknowledgedBy { name } } }`, { id: mine[0].id, v: mine[0].version }))
      .acknowledgeRecommendation;
    expect(ack).toEqual({ status: "ACKNOWLEDGED", acknowledgedBy: { name: h.ref.users.get(email)!.name } });
  });

  it("the police accept theirs and complete it", async () => {
    const id = recommendationFor[U.police];
    await h.ok(U.police, `mutation ($id: ID!) { respondToRecommendation(id: $id, accept: true, response: "Weekly log exchange agreed with the council.") { status } }`, { id });
    const done = (await h.ok(U.police, `mutation ($id: ID!) { completeRecommendation(id: $id, note: "First three weekly exchanges made.") { status completedBy { name } } }`, { id })).completeRecommendation;
    expect(done).toEqual({ status: "COMPLETED", completedBy: { name: "PC Sam Clarke" } });
  });

  it("Golding Homes declines theirs with a reason, and the CSP officer challenges it", async () => {
    const id = recommendationFor[U.housingGolding];
    const declined = (await h.ok(U.housingGolding, `mutation ($id: ID!) { respondToRecommendation(id: $id, accept: false, declineReason: "CCTV is not in this year's budget.") { status declineReason } }`, { id }))
      .respondToRecommendation;
    expect(declined.status).toBe("DECLINED");
    const challenged = (await h.ok(U.cspMaidstone, `mutation ($id: ID!) { challengeRecommendation(id: $id, reason: "Budget alone is not a good reason: the risk to the tenant is ongoing.") { status challengedBy { name } } }`, { id }))
      .challengeRecommendation;
    expect(challenged).toEqual({ status: "CHALLENGED", challengedBy: { name: "Priya Shah" } });
    const cases = (await h.ok(U.cspMaidstone, `{ caseReviews(first: 10, filter: { hasUnacknowledgedRecommendations: true }) { edges { node { reference } } } }`)).caseReviews;
    expect(cases.edges).toEqual([]);
  });

  it("the CSP officer issues the outcome letter within 25 working days of the panel", async () => {
    const draft = (await h.ok(U.cspMaidstone, `query ($id: ID!) { letterDraft(caseReviewId: $id, kind: OUTCOME) { body dueBy } }`, { id: caseId })).letterDraft;
    expect(draft.dueBy).toBe(outcomeLetterDue);
    const letter = (await h.ok(U.cspMaidstone, `mutation ($id: ID!, $body: String) { issueLetter(caseReviewId: $id, kind: OUTCOME, body: $body) { id issuedOn dueBy printPath } }`, { id: caseId, body: draft.body }))
      .issueLetter;
    expect(letter.issuedOn <= letter.dueBy).toBe(true);
    outcomeLetterId = letter.id;
    const lastDay = addWorkingDays(todayUk(), 20);
    const v = await view();
    expect(v).toMatchObject({ status: "OUTCOME_SENT", secondaryReviewRequestDue: lastDay });
    const body = v.letters.find((l: any) => l.kind === "OUTCOME").body;
    expect(body).toContain("nobody joined them up");
    expect(body).toContain("1. To Kent Police: Share ASB incident logs");
    expect(body).toContain("2. To Golding Homes: Fit CCTV");
    expect(body).toContain(`You must ask by ${formatLongDate(lastDay)}`);
  });

  it("the CSP officer prints the letter, marked OFFICIAL-SENSITIVE", async () => {
    const res = await fetch(`${h.baseUrl}/letters/${outcomeLetterId}`, { headers: { authorization: `Bearer ${await h.token(U.cspMaidstone)}` } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.match(/>OFFICIAL-SENSITIVE</g)).toHaveLength(2);
    expect(html).toContain(reference);
  });

  it("the victim, still unhappy, asks for a secondary review with the reference and access code", async () => {
    const out = (await h.ok(null, `mutation ($ref: String!, $code: String!) {
      requestSecondaryReview(reference: $ref, accessCode: $code, reason: "The panel did not speak to me, and the landlord still has not fitted the camera.") { requestedOn requestedByApplicant }
    }`, { ref: reference, code: accessCode })).requestSecondaryReview;
    expect(out).toEqual({ requestedOn: todayUk(), requestedByApplicant: true });
    const v = await view();
    expect(v.status).toBe("SECONDARY_REVIEW_REQUESTED");
    expect(v.statusDescription).toContain("secondary review");
  });

  it("the CSP officer assigns the independent reviewer from the PCC's office", async () => {
    const out = (await h.ok(U.cspMaidstone, `mutation ($id: ID!, $r: ID!) { assignSecondaryReviewer(caseReviewId: $id, reviewerId: $r) { reviewer { name } } }`, { id: caseId, r: userId(U.reviewer) }))
      .assignSecondaryReviewer;
    expect(out.reviewer).toEqual({ name: "Grace Liu" });
    expect((await view()).status).toBe("SECONDARY_REVIEW_REQUESTED");
  });

  it("the reviewer reads the case, records the outcome, and the case closes with the last letter signposting the Ombudsmen", async () => {
    const pack = (await h.ok(U.reviewer, `query ($id: ID!) { caseReview(id: $id) { panel { findings } recommendations { status } contributions { caseSummary } } }`, { id: caseId })).caseReview;
    expect(pack.recommendations.map((r: any) => r.status)).toEqual(["COMPLETED", "CHALLENGED"]);
    expect(pack.contributions[0].caseSummary).toContain("Intelligence links");
    const out = (await h.ok(U.reviewer, `mutation ($id: ID!) {
      recordSecondaryReviewOutcome(caseReviewId: $id, outcome: NOT_UPHELD, findings: "The panel considered every agency's records; the challenged recommendation is being followed up.") { outcome signposting }
    }`, { id: caseId })).recordSecondaryReviewOutcome;
    expect(out.outcome).toBe("NOT_UPHELD");
    const v = await view();
    expect(v.status).toBe("CLOSED");
    expect(v.statusDescription).toBe("Your case review is closed.");
    expect(v.letters.map((l: any) => l.kind)).toEqual(["ACKNOWLEDGEMENT", "THRESHOLD_MET", "OUTCOME", "SECONDARY_REVIEW_OUTCOME"]);
    const last = v.letters[3].body;
    for (const body of ["Local Government and Social Care Ombudsman", "Independent Office for Police Conduct", "Housing Ombudsman"]) expect(last).toContain(body);
  });

  it("the closed case accepts no further change, and its timeline tells the whole story", async () => {
    const res = await h.gql(U.police, contribute, { id: caseId, input: { caseSummary: "Late", actionsTaken: "None", classification: "OFFICIAL" } });
    expect(res.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    const timeline = (await h.ok(U.cspMaidstone, `query ($id: ID!) { caseReview(id: $id) { status timeline { kind } } }`, { id: caseId })).caseReview;
    expect(timeline.status).toBe("CLOSED");
    const kinds = timeline.timeline.map((e: any) => e.kind);
    const order = ["CONTRIBUTION_SUBMITTED", "PANEL_SCHEDULED", "PANEL_HELD", "RECOMMENDATION_ACKNOWLEDGED", "RECOMMENDATION_COMPLETED", "RECOMMENDATION_DECLINED",
      "RECOMMENDATION_CHALLENGED", "LETTER_OUTCOME", "SECONDARY_REVIEW_REQUESTED", "SECONDARY_REVIEWER_ASSIGNED", "SECONDARY_REVIEW_DECIDED"];
    const positions = order.map(k => kinds.indexOf(k));
    expect(positions.every(p => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });
});
