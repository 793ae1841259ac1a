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

  // Issue 4 continues the story here: contributions, the panel, recommendations, the outcome letter,
  // a secondary review and closing, as further steps using caseId, reference and accessCode.
});
