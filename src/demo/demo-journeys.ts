/**
 * Demo journeys: a handful of cases standing at every step a new user may want to walk today, played
 * through the GraphQL schema by the demo users themselves (the same access rules, validation, state
 * machines, timeline, audit trail and letter templates as the API), so that each one is in a state
 * the platform itself reached:
 *
 * - incidents waiting to be confirmed by Kent Police, Maidstone Borough Council and Golding Homes,
 *   and information requests open at the NHS ICB and Clarion Housing (Maidstone, checks under way);
 * - an Ashford application checked by every agency, waiting for the CSP officer's threshold decision;
 * - a Tonbridge and Malling application not met, with its letter;
 * - a Maidstone panel scheduled, waiting for the chair to record what it found;
 * - a Maidstone case whose outcome letter has gone, with recommendations waiting in five agencies'
 *   inboxes (police, council, both housing providers, health);
 * - a Maidstone case in secondary review, assigned to the independent reviewer.
 *
 * Every person named is fictional (surnames "Example", "Sample"; example.com; Ofcom's drama numbers).
 */
import { graphql, type GraphQLSchema } from "graphql";
import type { DataSource } from "typeorm";
import { createLoaders, type Context } from "../app/context";
import { createPublicLimits } from "../app/rate-limit";
import { createSchema } from "../app/schema";
import { loadCaller } from "../auth/caller";
import { addDays, todayUk, type IsoDate } from "../calendar/dates";
import { addWorkingDays } from "../calendar/working-days";
import { loadConfig } from "../config";

const CSP = { maidstone: "csp.officer@maidstone.gov.uk", ashford: "csp.officer@ashford.gov.uk", tonbridge: "csp.officer@tmbc.gov.uk" };
const CHAIR = "panel.chair@maidstone.gov.uk";
const REVIEWER = "reviewer@kent-pcc.gov.uk";
/** Who answers for each agency. */
const OFFICER: Record<string, string> = {
  "Kent Police": "sam.clarke@kent.police.uk",
  "Maidstone Borough Council": "asb.team@maidstone.gov.uk",
  "Ashford Borough Council": "asb.team@ashford.gov.uk",
  "Golding Homes": "neighbourhoods@goldinghomes.org.uk",
  "Clarion Housing": "asb@clarionhg.com",
  "NHS Kent and Medway Integrated Care Board": "safeguarding@kentmedway.nhs.uk",
};

const SUBMIT = `mutation ($input: CaseReviewApplicationInput!) { submitCaseReviewApplication(input: $input) { caseReviewId reference accessCode } }`;
const CASE_INCIDENTS = `query ($id: ID!) { caseReview(id: $id) { incidents { id reportedTo { name } } } }`;
const CONFIRM = `mutation ($id: ID!, $ref: String) { confirmIncident(incidentId: $id, confirmation: CONFIRMED, agencyReference: $ref, note: "Found in our records: the report and the action taken") { id } }`;
const REQUEST = `mutation ($c: ID!, $a: ID!, $q: String!) { requestInformation(caseReviewId: $c, agencyId: $a, question: $q) { id } }`;
const DECIDE = `mutation ($c: ID!, $met: Boolean!, $reason: String!, $action: String) {
  decideThreshold(caseReviewId: $c, met: $met, reason: $reason, actionToBeTaken: $action) { met }
}`;
const CONTRIBUTE = `mutation ($c: ID!, $input: ContributionInput!) { submitContribution(caseReviewId: $c, input: $input) { id } }`;
const SCHEDULE = `mutation ($c: ID!, $chair: ID!, $m: [ID!]!, $at: DateTime!) { schedulePanel(caseReviewId: $c, chairId: $chair, memberIds: $m, scheduledFor: $at) { id } }`;
const RECORD = `mutation ($p: ID!, $findings: String!, $recs: [RecommendationInput!]!) { recordPanelOutcome(panelId: $p, findings: $findings, recommendations: $recs) { id } }`;
const ISSUE_OUTCOME = `mutation ($c: ID!) { issueLetter(caseReviewId: $c, kind: OUTCOME) { id } }`;
const ACKNOWLEDGE = `mutation ($id: ID!) { acknowledgeRecommendation(id: $id) { id } }`;
const ASK_SECONDARY = `mutation ($r: String!, $code: String!) {
  requestSecondaryReview(reference: $r, accessCode: $code, reason: "I do not think the panel heard how the abuse has affected my family") { id }
}`;
const ASSIGN_REVIEWER = `mutation ($c: ID!, $r: ID!) { assignSecondaryReviewer(caseReviewId: $c, reviewerId: $r) { id } }`;

interface Incident {
  agency: string;
  category: string;
  daysBefore: number;
  location: string;
  description: string;
  agencyReference?: string;
}

/** Plays the journeys. Call once, after the reference data is committed (the steps run in transactions of their own). */
export async function loadDemoJourneys(ds: DataSource, today: IsoDate = todayUk()): Promise<void> {
  const schema: GraphQLSchema = createSchema();
  const config = loadConfig({ NODE_ENV: "development" });
  const limits = createPublicLimits(ds, config);
  const agencyIds = new Map<string, string>((await ds.query(`SELECT id, name FROM agency`)).map((a: { id: string; name: string }) => [a.name, a.id]));
  const userIds = new Map<string, string>((await ds.query(`SELECT id, email FROM staff_user`)).map((u: { id: string; email: string }) => [u.email, u.id]));
  const agency = (name: string) => agencyIds.get(name)!;
  const user = (email: string) => userIds.get(email)!;

  /** One operation as a demo user (null: the public), refused loudly: a journey that cannot be played is a bug. */
  async function run<T = any>(email: string | null, source: string, variableValues: Record<string, unknown> = {}): Promise<T> {
    const caller = email ? await loadCaller(ds, email) : null;
    if (email && !caller) throw new Error(`demo journeys: no demo user ${email}`);
    const contextValue: Context = { caller, loaders: createLoaders(ds, caller), ds, log: undefined as never, config, clientIp: "demo-data", limits, reads: new Map() };
    const res = await graphql({ schema, source, variableValues, contextValue });
    if (res.errors?.length) throw new Error(`demo journeys: ${source.split("{")[1]?.trim()} as ${email ?? "the public"}: ${res.errors.map(e => e.message).join("; ")}`);
    return res.data as T;
  }

  /** An application (by staff, with the date it was received, when `receivedOn` is before today). */
  async function apply(o: { partnership: string; name: string; street: string; postcode: string; receivedOn: IsoDate; incidents: Incident[]; by: string | null; dateOfBirth?: string }) {
    const input = {
      applicant: {
        kind: "INDIVIDUAL",
        name: o.name,
        email: `${o.name.toLowerCase().replace(/[^a-z]+/g, ".")}@example.com`,
        phone: "01632 960" + String(100 + o.name.length).padStart(3, "0"),
        address: o.street,
        postcode: o.postcode,
        dateOfBirth: o.dateOfBirth ?? null,
        preferredContact: "EMAIL",
        consentGiven: true,
      },
      partnershipCode: o.partnership,
      ...(o.by && o.receivedOn < today ? { receivedOn: o.receivedOn } : {}),
      incidents: o.incidents.map(i => {
        const occurredOn = addDays(o.receivedOn, -i.daysBefore);
        return {
          category: i.category,
          occurredOn,
          reportedOn: addDays(occurredOn, 1),
          reportedToAgencyId: agency(i.agency),
          agencyReference: i.agencyReference ?? null,
          location: i.location,
          description: i.description,
          hateMotivated: false,
        };
      }),
    };
    const submitted = (await run(o.by, SUBMIT, { input })).submitCaseReviewApplication as { caseReviewId: string | null; reference: string; accessCode: string };
    // The public is not told the case's id; the CSP officer finds it by its reference.
    const [{ id }] = await ds.query(`SELECT id FROM case_review WHERE reference = $1`, [submitted.reference]);
    return { ...submitted, caseReviewId: id as string };
  }

  async function confirmAll(caseReviewId: string, csp: string) {
    const { caseReview } = await run(csp, CASE_INCIDENTS, { id: caseReviewId });
    for (const i of caseReview.incidents as Array<{ id: string; reportedTo: { name: string } }>) {
      await run(OFFICER[i.reportedTo.name]!, CONFIRM, { id: i.id, ref: null });
    }
  }

  const maidstoneIncidents = (street: string): Incident[] => [
    { agency: "Kent Police", category: "HARASSMENT_OR_INTIMIDATION", daysBefore: 40, location: `Outside the applicant's home, ${street}`, description: "A group shouted abuse and kicked the front door late at night (fictional demo record).", agencyReference: "KP/51234/26" },
    { agency: "Maidstone Borough Council", category: "VANDALISM", daysBefore: 24, location: `Communal garden, ${street}`, description: "Fence panels broken and plants pulled up (fictional demo record)." },
    { agency: "Golding Homes", category: "VERBAL_ABUSE", daysBefore: 9, location: `Stairwell, ${street}`, description: "Visitors to the flat above swore at the applicant and blocked the stairs (fictional demo record)." },
  ];

  // 1. Maidstone, checks under way: three incidents to confirm, two information requests open.
  const checks = await apply({ partnership: "KENT-MAIDSTONE", name: "Alex Example", street: "12 Example Road, Maidstone", postcode: "ME16 8ZZ", receivedOn: addDays(today, -3), incidents: maidstoneIncidents("Example Road"), by: CSP.maidstone, dateOfBirth: "1958-06-14" });
  await run(CSP.maidstone, REQUEST, { c: checks.caseReviewId, a: agency("NHS Kent and Medway Integrated Care Board"), q: "Has the applicant had health contact linked to the behaviour (anxiety, sleep, injuries)?" });
  await run(CSP.maidstone, REQUEST, { c: checks.caseReviewId, a: agency("Clarion Housing"), q: "Do you hold reports about the same address from your tenants on Example Road?" });

  // 2. Ashford, every agency has checked: the threshold decision is the CSP officer's.
  const ashford = await apply({
    partnership: "KENT-ASHFORD",
    name: "Sam Sample",
    street: "4 Sample Street, Ashford",
    postcode: "TN23 1ZZ",
    receivedOn: today,
    by: null,
    incidents: [
      { agency: "Kent Police", category: "THREATENING_BEHAVIOUR", daysBefore: 50, location: "Sample Street car park", description: "A neighbour threatened the applicant while they parked (fictional demo record).", agencyReference: "KP/52876/26" },
      { agency: "Ashford Borough Council", category: "OTHER", daysBefore: 30, location: "4 Sample Street", description: "Loud music and banging through the night, three nights running (fictional demo record)." },
      { agency: "Clarion Housing", category: "VERBAL_ABUSE", daysBefore: 12, location: "Shared hallway, Sample Street", description: "Abuse shouted through the letterbox (fictional demo record)." },
    ],
  });
  await confirmAll(ashford.caseReviewId, CSP.ashford);

  // 3. Tonbridge and Malling, not met: one complaint, and what will be done instead (its letter says so in full).
  const notMet = await apply({
    partnership: "KENT-TONBRIDGE-MALLING",
    name: "Jo Specimen",
    street: "9 Specimen Close, Tonbridge",
    postcode: "TN9 1ZZ",
    receivedOn: today,
    by: null,
    incidents: [{ agency: "Kent Police", category: "ALCOHOL_IN_PUBLIC_SPACE", daysBefore: 14, location: "Bench outside 9 Specimen Close", description: "Drinking and shouting late at night (fictional demo record).", agencyReference: "KP/53011/26" }],
  });
  await confirmAll(notMet.caseReviewId, CSP.tonbridge);
  await run(CSP.tonbridge, DECIDE, {
    c: notMet.caseReviewId,
    met: false,
    reason: "One qualifying complaint in the six months before the application: the law asks for three",
    action: "Neighbourhood policing team to patrol Specimen Close on Friday and Saturday nights for six weeks; diary sheets sent to the applicant",
  });

  /** A Maidstone case taken to a met threshold, with the agencies' contributions. */
  async function metCase(name: string, street: string, postcode: string, by: string | null = CSP.maidstone) {
    const c = await apply({ partnership: "KENT-MAIDSTONE", name, street: `${street}, Maidstone`, postcode, receivedOn: addDays(today, -21), incidents: maidstoneIncidents(street), by });
    await confirmAll(c.caseReviewId, CSP.maidstone);
    await run(CSP.maidstone, DECIDE, { c: c.caseReviewId, met: true, reason: "Three qualifying complaints within the time limits" });
    await run(OFFICER["Kent Police"]!, CONTRIBUTE, {
      c: c.caseReviewId,
      input: { caseSummary: "Three calls in two months; the person responsible is known to the neighbourhood team.", actionsTaken: "Two visits and a community protection warning", classification: "OFFICIAL_SENSITIVE" },
    });
    await run(OFFICER["Maidstone Borough Council"]!, CONTRIBUTE, {
      c: c.caseReviewId,
      input: { caseSummary: "Damage to the communal garden logged twice", actionsTaken: "Repairs ordered; noise diary sheets sent", classification: "OFFICIAL" },
    });
    return c;
  }
  const panelOf = (c: { caseReviewId: string }, at: IsoDate) =>
    run(CSP.maidstone, SCHEDULE, {
      c: c.caseReviewId,
      chair: user(CHAIR),
      m: [user(OFFICER["Kent Police"]!), user(OFFICER["Maidstone Borough Council"]!), user(OFFICER["Golding Homes"]!)],
      // Late in the UK day, so "today" holds whenever the demo loads.
      at: `${at}T21:30:00Z`,
    }).then(d => d.schedulePanel.id as string);
  const FINDINGS =
    "The agencies each answered the reports they received, but nobody linked them: the applicant had to tell the same story to three organisations, " +
    "and the abuse went on for two months before anyone visited. Information was not shared between the police and the housing provider.";

  // 4. A panel scheduled: the chair records what it found.
  const scheduled = await metCase("Morgan Placeholder", "7 Placeholder Lane", "ME14 2ZZ");
  await panelOf(scheduled, addWorkingDays(today, 5));

  // 5. The outcome letter has gone: recommendations wait in five agencies' inboxes.
  const outcome = await metCase("Robin Madeup", "21 Madeup Avenue", "ME15 7ZZ");
  const panelId = await panelOf(outcome, today);
  const due = (days: number) => addWorkingDays(today, days);
  await run(CHAIR, RECORD, {
    p: panelId,
    findings: FINDINGS,
    recs: [
      { assignedAgencyId: agency("Kent Police"), text: "Agree a single point of contact for the applicant and review contact every four weeks", dueBy: due(20) },
      { assignedAgencyId: agency("Golding Homes"), text: "Carry out a tenancy enforcement visit to the flat above and write to the applicant with the outcome", dueBy: due(25) },
      { assignedAgencyId: agency("Maidstone Borough Council"), text: "Install noise monitoring equipment at the applicant's home for four weeks", dueBy: due(30) },
      { assignedAgencyId: agency("Clarion Housing"), text: "Share reports about Madeup Avenue with Golding Homes and the police each month", dueBy: due(30) },
      { assignedAgencyId: agency("NHS Kent and Medway Integrated Care Board"), text: "Offer the applicant a referral to the community wellbeing service", dueBy: due(35) },
    ],
  });
  await run(CSP.maidstone, ISSUE_OUTCOME, { c: outcome.caseReviewId });

  // 6. In secondary review: the applicant asked (with their reference and access code), the reviewer is assigned.
  const secondary = await metCase("Casey Notreal", "3 Fiction Way", "ME16 9ZZ", null);
  const secondaryPanel = await panelOf(secondary, today);
  await run(CHAIR, RECORD, {
    p: secondaryPanel,
    findings: FINDINGS,
    recs: [{ assignedAgencyId: agency("Kent Police"), text: "Give the applicant a written update after each reported incident", dueBy: due(20) }],
  });
  const [{ id: recommendationId }] = await ds.query(`SELECT id FROM recommendation WHERE panel_id = $1`, [secondaryPanel]);
  await run(OFFICER["Kent Police"]!, ACKNOWLEDGE, { id: recommendationId });
  await run(CSP.maidstone, ISSUE_OUTCOME, { c: secondary.caseReviewId });
  await run(null, ASK_SECONDARY, { r: secondary.reference, code: secondary.accessCode });
  await run(CSP.maidstone, ASSIGN_REVIEWER, { c: secondary.caseReviewId, r: user(REVIEWER) });
}
