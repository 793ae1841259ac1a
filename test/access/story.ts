import { addWorkingDays } from "../../src/calendar/working-days";
import { todayUk } from "../../src/calendar/dates";
import { agencyId, maidstoneApplication, submitCase } from "../helpers/applications";
import { U, type Harness } from "../helpers/harness";

/** The demo roles the access tests sign in as, against the Maidstone case of `playCase`. */
export type Role =
  | "public" | "cspOwn" | "cspOther" | "chair" | "police" | "council" | "housing" | "housingNotInvolved" | "health" | "reviewer" | "analyst"
  | "sysAdmin" | "agencyAdmin";
export const EMAIL: Record<Role, string | null> = {
  public: null,
  cspOwn: U.cspMaidstone,
  cspOther: U.cspAshford,
  chair: U.chair,
  police: U.police,
  council: U.councilMaidstone,
  housing: U.housingGolding,
  housingNotInvolved: U.housingClarion, // serves Maidstone, not involved in the case
  health: U.health,
  reviewer: U.reviewer,
  analyst: U.analyst,
  // Administrators: no case data (ACCESS.md "Administration"); the agency admin is Maidstone Borough Council's.
  sysAdmin: U.systemAdmin,
  agencyAdmin: U.agencyAdmin,
};
export const ROLES = Object.keys(EMAIL) as Role[];

/** How far a case of the access tests has gone; each stage includes the ones before it. */
export type Stage = "submitted" | "checked" | "notMet" | "thresholdMet" | "panelScheduled" | "panelHeld" | "outcomeSent" | "secondaryReview";

export interface StoryCase {
  caseReviewId: string;
  reference: string;
  accessCode: string;
  incidentByAgency: Record<string, string>; // agency name -> incident id
  requestByAgency: Record<string, string>; // agency name -> information request id
  panelId?: string;
  recommendationByAgency: Record<string, string>;
}

const ORDER: Stage[] = ["submitted", "checked", "thresholdMet", "panelScheduled", "panelHeld", "outcomeSent", "secondaryReview"];
const reached = (stage: Stage, s: Stage) => stage !== "notMet" && ORDER.indexOf(stage) >= ORDER.indexOf(s);

export const REFS: Record<string, string> = {
  "Kent Police": "KP-46/1120",
  "Maidstone Borough Council": "MBC-ASB-2291",
  "Golding Homes": "GH-7731",
};
export const POLICE_SENSITIVE = "Suspect known to police; intelligence shared under the information-sharing agreement.";

const userId = (h: Harness, email: string) => h.ref.users.get(email)!.id;

/**
 * A Maidstone case played through GraphQL by the real users up to `stage`: three incidents (police,
 * council, Golding Homes), health asked for information, a representative with consent, contributions
 * (the police's OFFICIAL_SENSITIVE), a panel with recommendations to the police and Golding Homes,
 * the outcome letter, and a secondary review assigned to the reviewer.
 */
export async function playCase(h: Harness, stage: Stage): Promise<StoryCase> {
  const app = maidstoneApplication(h, {
    representative: {
      name: "Cllr Janet Moore",
      relationship: "COUNCILLOR",
      organisation: "Maidstone Borough Council",
      email: "j.moore@example.org",
      phone: "01622 555 0100",
      consentObtained: true,
    },
  });
  const { caseReviewId, reference, accessCode } = await submitCase(h, app);
  const story: StoryCase = { caseReviewId, reference, accessCode, incidentByAgency: {}, requestByAgency: {}, recommendationByAgency: {} };
  const incidents: Array<{ id: string; name: string }> = await h.ds.query(
    `SELECT i.id, a.name FROM incident i JOIN agency a ON a.id = i.reported_to_agency_id WHERE i.case_review_id = $1`,
    [caseReviewId],
  );
  for (const i of incidents) story.incidentByAgency[i.name] = i.id;
  await h.ok(U.cspMaidstone, `mutation ($c: ID!, $a: ID!) { requestInformation(caseReviewId: $c, agencyId: $a, question: "Any health contact about the applicant's wellbeing?") { id } }`, {
    c: caseReviewId,
    a: agencyId(h, "NHS Kent and Medway Integrated Care Board"),
  });
  const requests: Array<{ id: string; name: string }> = await h.ds.query(
    `SELECT r.id, a.name FROM information_request r JOIN agency a ON a.id = r.agency_id WHERE r.case_review_id = $1`,
    [caseReviewId],
  );
  for (const r of requests) story.requestByAgency[r.name] = r.id;
  if (stage === "submitted") return story;

  const officer: Record<string, string> = { "Kent Police": U.police, "Maidstone Borough Council": U.councilMaidstone, "Golding Homes": U.housingGolding };
  for (const [name, id] of Object.entries(story.incidentByAgency)) {
    await h.ok(officer[name]!, `mutation ($id: ID!, $ref: String) { confirmIncident(incidentId: $id, confirmation: CONFIRMED, agencyReference: $ref) { id } }`, { id, ref: REFS[name] });
  }
  if (stage === "checked") return story;
  if (stage === "notMet") {
    await h.ok(U.cspMaidstone, `mutation ($c: ID!) { decideThreshold(caseReviewId: $c, met: false, reason: "Deciding against the engine for this test: the incidents were resolved by mediation last week.", actionToBeTaken: "Mediation between neighbours by the council") { met } }`, { c: caseReviewId });
    return story;
  }
  await h.ok(U.cspMaidstone, `mutation ($c: ID!) { decideThreshold(caseReviewId: $c, met: true, reason: "Three qualifying complaints within the time limits") { met } }`, { c: caseReviewId });
  await h.ok(U.police, `mutation ($c: ID!) { submitContribution(caseReviewId: $c, input: { caseSummary: ${JSON.stringify(POLICE_SENSITIVE)}, actionsTaken: "Two visits; a community protection warning", classification: OFFICIAL_SENSITIVE }) { id } }`, { c: caseReviewId });
  await h.ok(U.councilMaidstone, `mutation ($c: ID!) { submitContribution(caseReviewId: $c, input: { caseSummary: "Noise and damage complaints logged", actionsTaken: "Repairs ordered", classification: OFFICIAL }) { id } }`, { c: caseReviewId });
  await h.ok(U.housingGolding, `mutation ($c: ID!) { submitContribution(caseReviewId: $c, input: { caseSummary: "Tenancy warning issued to the neighbour", actionsTaken: "Warning letter", classification: OFFICIAL }) { id } }`, { c: caseReviewId });
  if (stage === "thresholdMet") return story;

  const scheduled = await h.ok(U.cspMaidstone, `mutation ($c: ID!, $chair: ID!, $m: [ID!]!, $at: DateTime!) { schedulePanel(caseReviewId: $c, chairId: $chair, memberIds: $m, scheduledFor: $at) { id } }`, {
    c: caseReviewId,
    chair: userId(h, U.chair),
    m: [userId(h, U.police), userId(h, U.housingGolding)],
    at: `${addWorkingDays(todayUk(), 3)}T10:00:00Z`,
  });
  story.panelId = scheduled.schedulePanel.id;
  if (stage === "panelScheduled") return story;

  await h.ok(U.chair, `mutation ($p: ID!, $recs: [RecommendationInput!]!) { recordPanelOutcome(panelId: $p, findings: "The response was slow and agencies did not share information.", recommendations: $recs) { id } }`, {
    p: story.panelId,
    recs: [
      { assignedAgencyId: agencyId(h, "Kent Police"), text: "Set up a joint patrol plan for Tonbridge Road", dueBy: addWorkingDays(todayUk(), 30) },
      { assignedAgencyId: agencyId(h, "Golding Homes"), text: "Fit a door camera for the applicant", dueBy: addWorkingDays(todayUk(), 30) },
    ],
  });
  const recs: Array<{ id: string; name: string }> = await h.ds.query(
    `SELECT r.id, a.name FROM recommendation r JOIN agency a ON a.id = r.assigned_agency_id WHERE r.case_review_id = $1`,
    [caseReviewId],
  );
  for (const r of recs) story.recommendationByAgency[r.name] = r.id;
  if (stage === "panelHeld") return story;

  await h.ok(U.cspMaidstone, `mutation ($c: ID!) { issueLetter(caseReviewId: $c, kind: OUTCOME) { id } }`, { c: caseReviewId });
  if (stage === "outcomeSent") return story;

  await h.ok(U.cspMaidstone, `mutation ($c: ID!) { requestSecondaryReview(caseReviewId: $c, reason: "The applicant is unhappy with how the panel was run") { requestedOn } }`, { c: caseReviewId });
  await h.ok(U.cspMaidstone, `mutation ($c: ID!, $r: ID!) { assignSecondaryReviewer(caseReviewId: $c, reviewerId: $r) { id } }`, { c: caseReviewId, r: userId(h, U.reviewer) });
  if (reached(stage, "secondaryReview")) return story;
  return story;
}
