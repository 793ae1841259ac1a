import { addWorkingDays } from "../../src/calendar/working-days";
import { todayUk } from "../../src/calendar/dates";
import { agencyId, maidstoneApplication } from "../helpers/applications";
import { startHarness, U, type Harness } from "../helpers/harness";
import { EMAIL, playCase, ROLES, type Role, type Stage, type StoryCase } from "./story";

/**
 * ACCESS.md "Actions": every mutation called as every demo role. Refused calls answer UNAUTHENTICATED
 * (no sign-in), NOT_FOUND (the case is outside the caller's scope) or FORBIDDEN (inside it), and
 * change nothing at all; each allowed role succeeds on a fresh case.
 */


interface Spec {
  mutation: string;
  stage: Stage | null; // null: not about a case
  /** Steps after the stage that the mutation needs first (e.g. acknowledge before responding). */
  prepare?: (s: StoryCase, h: Harness) => Promise<void>;
  call: (s: StoryCase, h: Harness) => { query: string; variables: Record<string, unknown> };
  allowed: Role[];
  /** The refusal a role gets, when not the usual UNAUTHENTICATED / NOT_FOUND / FORBIDDEN by scope. */
  refusal?: (role: Role) => string;
}

const ack = (h: Harness, email: string, id: string) => h.ok(email, `mutation ($id: ID!) { acknowledgeRecommendation(id: $id) { status } }`, { id });
const respond = (h: Harness, email: string, id: string, accept: boolean) =>
  h.ok(email, `mutation ($id: ID!, $a: Boolean!) { respondToRecommendation(id: $id, accept: $a, response: "Our answer", declineReason: ${accept ? "null" : `"No budget this year"`}) { status } }`, { id, a: accept });

const uid = (h: Harness, email: string) => h.ref.users.get(email)!.id;

/**
 * Administration acts on rows made for the one call (prepare), never on the demo users, agencies
 * and partnerships the other specs sign in as and act for.
 */
type Admin = StoryCase & { target?: string };
let serial = 0;
async function freshUser(h: Harness, agency: string, roles: string[], active = true): Promise<string> {
  const email = `matrix.${++serial}.${Date.now()}@example.org`;
  const [row] = await h.ds.query(`INSERT INTO staff_user (name, email, agency_id, roles, active) VALUES ($1, $2, $3, $4::role[], $5) RETURNING id`, [
    `Matrix Person ${serial}`,
    email,
    h.ref.agencies.get(agency)!.id,
    roles,
    active,
  ]);
  return row.id;
}
async function freshAgency(h: Harness): Promise<string> {
  const [row] = await h.ds.query(`INSERT INTO agency (name, kind) VALUES ($1, 'OTHER') RETURNING id`, [`Matrix Agency ${++serial} ${Date.now()}`]);
  return row.id;
}
async function freshPartnership(h: Harness): Promise<string> {
  const [row] = await h.ds.query(`INSERT INTO partnership (code, name) VALUES ($1, 'Matrix Partnership') RETURNING id`, [`MATRIX-${++serial}-${Date.now()}`]);
  return row.id;
}
const target = (s: StoryCase) => (s as Admin).target;
const prepareTarget = (make: (h: Harness) => Promise<string>) => async (s: StoryCase, h: Harness) => {
  (s as Admin).target = await make(h);
};
const later = (n: number) => addWorkingDays(todayUk(), n);

const SPECS: Spec[] = [
  {
    mutation: "submitCaseReviewApplication",
    stage: null,
    call: (_s, h) => ({ query: `mutation ($i: CaseReviewApplicationInput!) { submitCaseReviewApplication(input: $i) { reference } }`, variables: { i: maidstoneApplication(h) } }),
    // The public, or staff taking an application for a partnership their agency serves.
    allowed: ["public", "cspOwn", "police", "council", "housing", "housingNotInvolved", "health"],
  },
  {
    mutation: "updateThresholdPolicy",
    stage: null,
    call: (_s, h) => ({ query: `mutation ($p: ID!) { updateThresholdPolicy(partnershipId: $p, input: { minimumQualifyingComplaints: 2 }) { code } }`, variables: { p: h.ref.partnerships.get("KENT-MAIDSTONE")!.id } }),
    allowed: ["cspOwn"],
  },
  {
    mutation: "updateLetterTemplate",
    stage: null,
    call: (_s, h) => ({
      query: `mutation ($p: ID!) { updateLetterTemplate(partnershipId: $p, kind: EXTENSION, subject: "Reference {{ reference }}", body: "Dear {{ applicantName }}, expect our letter by {{ newOutcomeDate }}.") { version } }`,
      variables: { p: h.ref.partnerships.get("KENT-MAIDSTONE")!.id },
    }),
    allowed: ["cspOwn"],
  },
  {
    mutation: "importHistoricCaseReviews",
    stage: null,
    call: (_s, h) => ({
      query: `mutation ($p: ID!, $cases: [HistoricCaseReviewInput!]!) { importHistoricCaseReviews(partnershipId: $p, cases: $cases) { imported } }`,
      variables: {
        p: h.ref.partnerships.get("KENT-MAIDSTONE")!.id,
        cases: [
          {
            sourceReference: "MATRIX-1",
            receivedOn: "2023-06-01",
            applicant: { name: "Historic Applicant" },
            incidents: [{ category: "VANDALISM", occurredOn: "2023-05-01", reportedOn: "2023-05-02", reportedTo: "Kent Police", location: "Week Street", description: "Graffiti" }],
            thresholdDecision: { decidedOn: "2023-06-10", met: false, reason: "One complaint", actionToBeTaken: "Advice given" },
          },
        ],
      },
    }),
    allowed: ["cspOwn"],
  },
  {
    mutation: "addIncident",
    stage: "submitted",
    call: (s, h) => ({
      query: `mutation ($c: ID!, $i: IncidentInput!) { addIncident(caseReviewId: $c, input: $i) { id } }`,
      variables: { c: s.caseReviewId, i: { category: "VANDALISM", occurredOn: todayUk(), reportedOn: todayUk(), reportedToAgencyId: agencyId(h, "Kent Police"), location: "Week Street", description: "Graffiti", hateMotivated: false } },
    }),
    allowed: ["cspOwn"],
  },
  {
    mutation: "confirmIncident",
    stage: "submitted",
    call: s => ({ query: `mutation ($i: ID!) { confirmIncident(incidentId: $i, confirmation: CONFIRMED, agencyReference: "KP-1") { id } }`, variables: { i: s.incidentByAgency["Kent Police"] } }),
    allowed: ["police"],
  },
  {
    mutation: "linkIncidents",
    stage: "submitted",
    call: s => ({ query: `mutation ($ids: [ID!]!) { linkIncidents(incidentIds: $ids) { id } }`, variables: { ids: [s.incidentByAgency["Kent Police"], s.incidentByAgency["Golding Homes"]] } }),
    allowed: ["cspOwn"],
  },
  {
    mutation: "unlinkIncident",
    stage: "submitted",
    call: s => ({ query: `mutation ($i: ID!) { unlinkIncident(incidentId: $i) { id } }`, variables: { i: s.incidentByAgency["Kent Police"] } }),
    allowed: ["cspOwn"],
  },
  {
    mutation: "requestInformation",
    stage: "submitted",
    call: (s, h) => ({ query: `mutation ($c: ID!, $a: ID!) { requestInformation(caseReviewId: $c, agencyId: $a, question: "Any fire service call-outs?") { id } }`, variables: { c: s.caseReviewId, a: agencyId(h, "Kent Fire and Rescue Service") } }),
    allowed: ["cspOwn"],
  },
  {
    mutation: "answerInformationRequest",
    stage: "submitted",
    call: s => ({ query: `mutation ($r: ID!) { answerInformationRequest(requestId: $r, answer: "Two call-outs logged") { id } }`, variables: { r: s.requestByAgency["Kent Police"] } }),
    allowed: ["police"],
  },
  {
    mutation: "decideThreshold",
    stage: "checked",
    call: s => ({ query: `mutation ($c: ID!) { decideThreshold(caseReviewId: $c, met: true, reason: "Three qualifying complaints") { met } }`, variables: { c: s.caseReviewId } }),
    allowed: ["cspOwn"],
  },
  {
    mutation: "addInvolvedAgency",
    stage: "thresholdMet",
    call: (s, h) => ({ query: `mutation ($c: ID!, $a: ID!) { addInvolvedAgency(caseReviewId: $c, agencyId: $a) { id } }`, variables: { c: s.caseReviewId, a: agencyId(h, "Clarion Housing") } }),
    allowed: ["cspOwn"],
  },
  {
    mutation: "submitContribution",
    stage: "thresholdMet",
    call: s => ({ query: `mutation ($c: ID!) { submitContribution(caseReviewId: $c, input: { caseSummary: "More", actionsTaken: "Visit", classification: OFFICIAL }) { id } }`, variables: { c: s.caseReviewId } }),
    allowed: ["police", "council", "housing", "health"],
  },
  {
    mutation: "schedulePanel",
    stage: "thresholdMet",
    call: (s, h) => ({
      query: `mutation ($c: ID!, $chair: ID!, $m: [ID!]!, $at: DateTime!) { schedulePanel(caseReviewId: $c, chairId: $chair, memberIds: $m, scheduledFor: $at) { id } }`,
      variables: { c: s.caseReviewId, chair: uid(h, U.chair), m: [uid(h, U.police)], at: `${later(2)}T10:00:00Z` },
    }),
    allowed: ["cspOwn"],
  },
  {
    mutation: "recordPanelOutcome",
    stage: "panelScheduled",
    call: (s, h) => ({
      query: `mutation ($p: ID!, $r: [RecommendationInput!]!) { recordPanelOutcome(panelId: $p, findings: "Findings", recommendations: $r) { id } }`,
      variables: { p: s.panelId, r: [{ assignedAgencyId: agencyId(h, "Kent Police"), text: "Patrols", dueBy: later(20) }] },
    }),
    allowed: ["chair"],
  },
  {
    mutation: "acknowledgeRecommendation",
    stage: "panelHeld",
    call: s => ({ query: `mutation ($id: ID!) { acknowledgeRecommendation(id: $id) { status } }`, variables: { id: s.recommendationByAgency["Kent Police"] } }),
    allowed: ["police"],
  },
  {
    mutation: "respondToRecommendation",
    stage: "panelHeld",
    prepare: (s, h) => ack(h, U.housingGolding, s.recommendationByAgency["Golding Homes"]!).then(() => undefined),
    call: s => ({ query: `mutation ($id: ID!) { respondToRecommendation(id: $id, accept: true, response: "We will") { status } }`, variables: { id: s.recommendationByAgency["Golding Homes"] } }),
    allowed: ["housing"],
  },
  {
    mutation: "completeRecommendation",
    stage: "panelHeld",
    prepare: async (s, h) => {
      await ack(h, U.police, s.recommendationByAgency["Kent Police"]!);
      await respond(h, U.police, s.recommendationByAgency["Kent Police"]!, true);
    },
    call: s => ({ query: `mutation ($id: ID!) { completeRecommendation(id: $id, note: "Done") { status } }`, variables: { id: s.recommendationByAgency["Kent Police"] } }),
    allowed: ["police"],
  },
  {
    mutation: "challengeRecommendation",
    stage: "panelHeld",
    prepare: async (s, h) => {
      await ack(h, U.housingGolding, s.recommendationByAgency["Golding Homes"]!);
      await respond(h, U.housingGolding, s.recommendationByAgency["Golding Homes"]!, false);
    },
    call: s => ({ query: `mutation ($id: ID!) { challengeRecommendation(id: $id, reason: "Declined without good reason") { status } }`, variables: { id: s.recommendationByAgency["Golding Homes"] } }),
    allowed: ["cspOwn", "chair"],
  },
  {
    mutation: "issueLetter",
    stage: "panelHeld",
    call: s => ({ query: `mutation ($c: ID!) { issueLetter(caseReviewId: $c, kind: OUTCOME) { id } }`, variables: { c: s.caseReviewId } }),
    allowed: ["cspOwn"],
  },
  {
    mutation: "requestSecondaryReview",
    stage: "outcomeSent",
    call: s => ({ query: `mutation ($c: ID!) { requestSecondaryReview(caseReviewId: $c, reason: "Unhappy with the panel") { requestedOn } }`, variables: { c: s.caseReviewId } }),
    allowed: ["cspOwn"],
  },
  {
    mutation: "requestSecondaryReview (the applicant, with reference and access code)",
    stage: "outcomeSent",
    call: s => ({
      query: `mutation ($r: String!, $a: String!) { requestSecondaryReview(reference: $r, accessCode: $a, reason: "Unhappy with the panel") { requestedOn } }`,
      variables: { r: s.reference, a: s.accessCode },
    }),
    allowed: ["public"],
    // Signed-in staff use the caseReviewId route: holding the code does not make them the applicant.
    refusal: () => "FORBIDDEN",
  },
  {
    mutation: "assignSecondaryReviewer",
    stage: "outcomeSent",
    prepare: (s, h) =>
      h.ok(U.cspMaidstone, `mutation ($c: ID!) { requestSecondaryReview(caseReviewId: $c, reason: "On the applicant's word") { requestedOn } }`, { c: s.caseReviewId }).then(() => undefined),
    call: (s, h) => ({ query: `mutation ($c: ID!, $r: ID!) { assignSecondaryReviewer(caseReviewId: $c, reviewerId: $r) { id } }`, variables: { c: s.caseReviewId, r: uid(h, U.reviewer) } }),
    allowed: ["cspOwn"],
  },
  {
    mutation: "recordSecondaryReviewOutcome",
    stage: "secondaryReview",
    call: s => ({ query: `mutation ($c: ID!) { recordSecondaryReviewOutcome(caseReviewId: $c, outcome: NOT_UPHELD, findings: "Handled properly") { outcome } }`, variables: { c: s.caseReviewId } }),
    allowed: ["reviewer"],
  },
  // ---- Administration (ACCESS.md): nobody else; refusals change nothing ----
  {
    mutation: "createPartnership",
    stage: null,
    call: () => ({ query: `mutation ($i: CreatePartnershipInput!) { createPartnership(input: $i) { id code } }`, variables: { i: { code: `KENT-NEW-${++serial}`, name: "A new partnership", areas: ["Somewhere"] } } }),
    allowed: ["sysAdmin"],
  },
  {
    mutation: "updatePartnership",
    stage: null,
    prepare: prepareTarget(freshPartnership),
    call: s => ({ query: `mutation ($id: ID!) { updatePartnership(id: $id, input: { name: "Renamed", contactPhone: "01000 000000" }) { name } }`, variables: { id: target(s) } }),
    allowed: ["sysAdmin"],
  },
  {
    mutation: "createAgency",
    stage: null,
    call: (_s, h) => ({ query: `mutation ($i: CreateAgencyInput!) { createAgency(input: $i) { id } }`, variables: { i: { name: `A new agency ${++serial}`, kind: "OTHER", partnershipIds: [h.ref.partnerships.get("KENT-MAIDSTONE")!.id] } } }),
    allowed: ["sysAdmin"],
  },
  {
    mutation: "updateAgency",
    stage: null,
    prepare: prepareTarget(freshAgency),
    call: s => ({ query: `mutation ($id: ID!) { updateAgency(id: $id, input: { kind: COUNCIL }) { kind } }`, variables: { id: target(s) } }),
    allowed: ["sysAdmin"],
  },
  {
    mutation: "setAgencyPartnerships",
    stage: null,
    prepare: prepareTarget(freshAgency),
    call: (s, h) => ({ query: `mutation ($id: ID!, $p: [ID!]!) { setAgencyPartnerships(agencyId: $id, partnershipIds: $p) { id } }`, variables: { id: target(s), p: [h.ref.partnerships.get("KENT-ASHFORD")!.id] } }),
    allowed: ["sysAdmin"],
  },
  {
    mutation: "createStaffUser",
    stage: null,
    call: (_s, h) => ({
      query: `mutation ($i: CreateStaffUserInput!) { createStaffUser(input: $i) { id email } }`,
      variables: { i: { name: "New Officer", email: `new.officer.${++serial}@maidstone.gov.uk`, agencyId: agencyId(h, "Maidstone Borough Council"), roles: ["AGENCY_OFFICER"] } },
    }),
    // The agency's own administrator; a SYSTEM_ADMIN gives no case role.
    allowed: ["agencyAdmin"],
  },
  {
    mutation: "createStaffUser (an agency's first AGENCY_ADMIN)",
    stage: null,
    prepare: prepareTarget(freshAgency),
    call: s => ({
      query: `mutation ($i: CreateStaffUserInput!) { createStaffUser(input: $i) { id email } }`,
      variables: { i: { name: "First Admin", email: `first.admin.${++serial}@example.org`, agencyId: target(s), roles: ["AGENCY_ADMIN"] } },
    }),
    allowed: ["sysAdmin"],
  },
  {
    mutation: "updateStaffUser",
    stage: null,
    prepare: prepareTarget(h => freshUser(h, "Maidstone Borough Council", ["AGENCY_OFFICER"])),
    call: s => ({ query: `mutation ($id: ID!) { updateStaffUser(id: $id, input: { name: "Renamed Person" }) { name } }`, variables: { id: target(s) } }),
    allowed: ["agencyAdmin"],
  },
  {
    mutation: "setStaffRoles",
    stage: null,
    prepare: prepareTarget(h => freshUser(h, "Maidstone Borough Council", ["AGENCY_OFFICER"])),
    call: s => ({ query: `mutation ($id: ID!) { setStaffRoles(id: $id, roles: [AGENCY_OFFICER, PANEL_CHAIR]) { roles } }`, variables: { id: target(s) } }),
    allowed: ["agencyAdmin"],
  },
  {
    mutation: "deactivateStaffUser",
    stage: null,
    prepare: prepareTarget(h => freshUser(h, "Maidstone Borough Council", ["AGENCY_OFFICER"])),
    call: s => ({ query: `mutation ($id: ID!) { deactivateStaffUser(id: $id, reason: "Left the council") { active } }`, variables: { id: target(s) } }),
    allowed: ["sysAdmin", "agencyAdmin"],
  },
  {
    mutation: "deactivateStaffUser (another agency's staff)",
    stage: null,
    prepare: prepareTarget(h => freshUser(h, "Golding Homes", ["AGENCY_OFFICER"])),
    call: s => ({ query: `mutation ($id: ID!) { deactivateStaffUser(id: $id, reason: "Left Golding Homes") { active } }`, variables: { id: target(s) } }),
    allowed: ["sysAdmin"],
    // Maidstone's administrator cannot reach Golding Homes' staff: as if the id did not exist.
    refusal: role => (role === "agencyAdmin" ? "NOT_FOUND" : "FORBIDDEN"),
  },
  {
    mutation: "reactivateStaffUser",
    stage: null,
    prepare: prepareTarget(h => freshUser(h, "Maidstone Borough Council", ["AGENCY_OFFICER"], false)),
    call: s => ({ query: `mutation ($id: ID!) { reactivateStaffUser(id: $id) { active } }`, variables: { id: target(s) } }),
    allowed: ["sysAdmin", "agencyAdmin"],
  },
  {
    mutation: "closeCaseReview",
    stage: "thresholdMet",
    call: s => ({ query: `mutation ($c: ID!) { closeCaseReview(caseReviewId: $c, reason: "Resolved") { status } }`, variables: { c: s.caseReviewId } }),
    allowed: ["cspOwn"],
  },
  {
    mutation: "updateMyNotificationSettings",
    stage: null,
    call: () => ({ query: `mutation { updateMyNotificationSettings(input: { delivery: DAILY_DIGEST, mutedKinds: [DUE_SOON] }) { delivery } }`, variables: {} }),
    // Any member of staff, for themselves.
    allowed: ["cspOwn", "cspOther", "chair", "police", "council", "housing", "housingNotInvolved", "health", "reviewer", "analyst", "sysAdmin", "agencyAdmin"],
  },
  {
    mutation: "completeNotificationTask",
    stage: "submitted",
    // The applicant's acknowledgement becomes a letter to post (as if they had chosen post).
    prepare: async (s, h) => {
      const [[row]] = await h.ds.query(
        `UPDATE notification SET channel = 'POST', status = 'TASK_OPEN', email_to = NULL WHERE case_review_id = $1 AND staff_user_id IS NULL RETURNING id`,
        [s.caseReviewId],
      );
      (s as StoryCase & { taskId?: string }).taskId = row.id;
    },
    call: s => ({ query: `mutation ($id: ID!) { completeNotificationTask(id: $id, note: "Posted") { status } }`, variables: { id: (s as StoryCase & { taskId?: string }).taskId } }),
    allowed: ["cspOwn"],
  },
];

/** Who sees a case at this stage (ACCESS.md "Scope"): everyone else gets NOT_FOUND. */
function inScope(role: Role, stage: Stage): boolean {
  if (["cspOwn", "chair", "police", "council", "housing", "health"].includes(role)) return true;
  return role === "reviewer" && stage === "secondaryReview";
}

function expectedRefusal(spec: Spec, role: Role): string {
  if (role === "public") return "UNAUTHENTICATED";
  if (spec.refusal) return spec.refusal(role);
  if (spec.stage === null) return "FORBIDDEN";
  return inScope(role, spec.stage) ? "FORBIDDEN" : "NOT_FOUND";
}

let h: Harness;
let checks = 0;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  console.log(`mutation matrix: ${checks} (role, mutation) checks`);
  await h.close();
});

// rate_limit is left out: a refused public call still spends its address's budget, by design.
async function everyRow(): Promise<string> {
  const tables: Array<{ t: string }> = await h.ds.query(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT IN ('typeorm_migrations', 'rate_limit') ORDER BY 1`);
  const parts: string[] = [];
  for (const { t } of tables) parts.push(`${t}:${JSON.stringify(await h.ds.query(`SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) AS m FROM "${t}" x`))}`);
  return parts.join("|");
}

describe("ACCESS.md, action by action", () => {
  it("covers every mutation of the schema", async () => {
    const names = (await h.ok(U.cspMaidstone, `{ __type(name: "Mutation") { fields { name } } }`)).__type.fields.map((f: any) => f.name).sort();
    const covered = [...new Set(SPECS.map(s => s.mutation.split(" ")[0]))].sort();
    expect(covered).toEqual(names);
  });

  for (const spec of SPECS) {
    it(`${spec.mutation}: allowed for ${spec.allowed.join(", ")} only`, async () => {
      const setUp = async () => {
        const st = spec.stage ? await playCase(h, spec.stage) : ({} as StoryCase);
        if (spec.prepare) await spec.prepare(st, h);
        return st;
      };
      const story = await setUp();
      const { query, variables } = spec.call(story, h);
      for (const role of ROLES.filter(r => !spec.allowed.includes(r))) {
        checks++;
        const before = await everyRow();
        const res = await h.gql(EMAIL[role], query, variables);
        expect({ role, code: res.errors?.[0]?.extensions?.code }).toEqual({ role, code: expectedRefusal(spec, role) });
        expect(await everyRow()).toBe(before);
      }
      for (const [i, role] of spec.allowed.entries()) {
        checks++;
        // Each allowed role acts on a fresh case, as the first to act.
        const fresh = i === 0 || (!spec.stage && !spec.prepare) ? story : await setUp();
        const call = spec.call(fresh, h);
        const res = await h.gql(EMAIL[role], call.query, call.variables);
        expect({ role, errors: res.errors }).toEqual({ role, errors: undefined });
      }
    }, 120000);
  }
});
