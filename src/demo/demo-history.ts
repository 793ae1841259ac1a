/**
 * Demo history: about three and a half financial years of applications across the three Kent
 * partnerships (from 1 April 2023 to today), so the yearly figures and the annual report have
 * something to show. Deterministic (a seeded pseudo-random generator: the same cases on every
 * machine, only "today" decides how far the latest ones have got), inserted row by row in bulk in
 * the caller's transaction, without the mutations' audit rows.
 *
 * The proportions follow published community-trigger returns: most applications do not meet the
 * threshold (and every one of those is given advice); of those met, most go to a panel, most panels
 * make recommendations, most recommendations are completed; a few applicants ask for a secondary
 * review. Every person named is fictional (surnames such as "Example" and "Sample", addresses on
 * "Placeholder Lane", example.com e-mail and Ofcom's drama phone numbers). Letters carry their full
 * text, from the default templates the platform issues them with (no draws from the generator, so
 * the figures do not move).
 */
import type { EntityManager, ObjectLiteral, EntityTarget } from "typeorm";
import { addDays, formatLongDate, todayUk, type IsoDate } from "../calendar/dates";
import { addWorkingDays } from "../calendar/working-days";
import { AgencyKind, type Agency } from "../modules/agencies/agency.entity";
import { Applicant, ApplicantKind, ContactPreference, Relationship, Representative } from "../modules/case-reviews/applicant.entity";
import { CaseAgency, InvolvementReason } from "../modules/case-reviews/case-agency.entity";
import { CaseEvent } from "../modules/case-reviews/case-event.entity";
import { CaseReview, CaseReviewStatus } from "../modules/case-reviews/case-review.entity";
import { nextDueFor } from "../modules/case-reviews/case-deadlines";
import { Incident, IncidentCategory, IncidentConfirmation } from "../modules/incidents/incident.entity";
import { Letter, LetterKind } from "../modules/letters/letter.entity";
import type { LetterValues } from "../modules/letters/letter-placeholders";
import { renderTemplate } from "../modules/letters/letter-template.render";
import { DEFAULT_TEMPLATES } from "../modules/letters/templates/defaults";
import { SIGNPOSTING } from "../modules/letters/templates/signposting";
import { listInWords } from "../modules/incidents/incident.words";
import { PanelMeeting } from "../modules/panels/panel-meeting.entity";
import { Partnership } from "../modules/partnerships/partnership.entity";
import { Recommendation, RecommendationStatus } from "../modules/recommendations/recommendation.entity";
import { SecondaryReview, SecondaryReviewOutcome } from "../modules/secondary-reviews/secondary-review.entity";
import { Role, type StaffUser } from "../modules/staff/staff-user.entity";
import { ThresholdDecision, ThresholdRoute } from "../modules/threshold/threshold-decision.entity";

export const HISTORY_STARTS_ON: IsoDate = "2023-04-01";

/** Applications a year, by partnership: a few hundred over the history. */
const YEARLY_APPLICATIONS: Record<string, number> = { "KENT-MAIDSTONE": 34, "KENT-ASHFORD": 28, "KENT-TONBRIDGE-MALLING": 24 };

const COUNCIL_OF: Record<string, string> = {
  "KENT-MAIDSTONE": "Maidstone Borough Council",
  "KENT-ASHFORD": "Ashford Borough Council",
  "KENT-TONBRIDGE-MALLING": "Tonbridge and Malling Borough Council",
};
const TOWN_OF: Record<string, { town: string; postcodes: string[] }> = {
  "KENT-MAIDSTONE": { town: "Maidstone", postcodes: ["ME14", "ME15", "ME16"] },
  "KENT-ASHFORD": { town: "Ashford", postcodes: ["TN23", "TN24", "TN25"] },
  "KENT-TONBRIDGE-MALLING": { town: "Tonbridge", postcodes: ["TN9", "TN10", "ME19", "ME20"] },
};
const CSP_OFFICER_OF: Record<string, string> = {
  "KENT-MAIDSTONE": "csp.officer@maidstone.gov.uk",
  "KENT-ASHFORD": "csp.officer@ashford.gov.uk",
  "KENT-TONBRIDGE-MALLING": "csp.officer@tmbc.gov.uk",
};

const FIRST_NAMES = ["Alex", "Sam", "Jo", "Chris", "Pat", "Robin", "Jamie", "Morgan", "Taylor", "Casey", "Jordan", "Riley", "Avery", "Drew", "Frankie", "Charlie"];
const SURNAMES = ["Example", "Sample", "Specimen", "Placeholder", "Madeup", "Notreal", "Fictitious", "Pretend", "Testcase", "Demo"];
const STREETS = ["Example Road", "Sample Street", "Specimen Close", "Placeholder Lane", "Madeup Avenue", "Fiction Way"];
const BUSINESSES = ["Example Corner Shop", "Sample Street Café", "Placeholder Pharmacy", "Madeup Motors"];
const GROUPS = ["Placeholder Lane Residents' Association", "Sample Street Neighbourhood Watch", "Example Estate Tenants' Group"];
const LOCATIONS = ["outside the applicant's home", "in the shared stairwell", "at the bus stop opposite", "in the car park behind the shops", "on the play area", "in the alley beside the house"];
const DESCRIPTIONS: Record<IncidentCategory, string> = {
  VANDALISM: "Damage to the applicant's car and fence (fictional demo record)",
  HARASSMENT_OR_INTIMIDATION: "A group gathered and shouted at the applicant when they went out (fictional demo record)",
  THREATENING_BEHAVIOUR: "A neighbour made threats while standing at the door (fictional demo record)",
  VERBAL_ABUSE: "Repeated abuse shouted over the garden fence (fictional demo record)",
  ALCOHOL_IN_PUBLIC_SPACE: "Drinking and noise late at night outside the flats (fictional demo record)",
  OTHER: "Loud music and banging through the night (fictional demo record)",
};
const ADVICE = [
  "Referred to the neighbourhood policing team for a visit and regular patrols",
  "Mediation offered through the community mediation service",
  "Noise monitoring equipment offered by the council's environmental protection team",
  "Tenancy enforcement visit by the housing provider; the applicant will be updated within ten working days",
  "Advice on reporting each incident, with diary sheets; the case will be looked at again if incidents continue",
];
const RECOMMENDATIONS = [
  "Agree a single point of contact for the applicant and review contact every four weeks",
  "Carry out a joint visit with the housing provider and record the outcome on the shared system",
  "Review the risk assessment of the applicant's household, including any vulnerability",
  "Consider a Community Protection Notice warning for the person responsible",
  "Refer the case to the ASB multi-agency problem-solving group",
  "Review lighting and CCTV coverage at the location",
  "Give the applicant a written update after each reported incident",
  "Refresh staff training on recording repeat reports as linked incidents",
];

/** mulberry32: small, fast and the same everywhere. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    uuid: () => {
      const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16));
      hex[12] = "4";
      hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
      const s = hex.join("");
      return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
    },
  };
}

const londonHour = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", hourCycle: "h23" });

/** The instant at that UK clock time on that UK date (the UK is on UTC or an hour ahead). */
function ukInstant(d: IsoDate, hour: number, minute = 0): Date {
  const guess = new Date(`${d}T${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}:00Z`);
  return Number(londonHour.format(guess)) === hour ? guess : new Date(guess.getTime() - 3_600_000);
}

interface Rows {
  cases: Partial<CaseReview>[];
  applicants: Partial<Applicant>[];
  representatives: Partial<Representative>[];
  incidents: Partial<Incident>[];
  caseAgencies: Partial<CaseAgency>[];
  decisions: Partial<ThresholdDecision>[];
  panels: Partial<PanelMeeting>[];
  recommendations: Partial<Recommendation>[];
  letters: Partial<Letter>[];
  secondaryReviews: Partial<SecondaryReview>[];
  events: Partial<CaseEvent>[];
}

export interface DemoReference {
  agencies: Map<string, Agency>;
  users: Map<string, StaffUser>;
}

/**
 * Inserts the history from HISTORY_STARTS_ON up to `today` (UK). Returns how many cases it added.
 * Meant for loadDemoData only: the tests' reference data stays free of it.
 */
export async function loadDemoHistory(tx: EntityManager, ref: DemoReference, today: IsoDate = todayUk(), seed = 20230401): Promise<number> {
  const rng = generator(seed);
  const rows: Rows = {
    cases: [], applicants: [], representatives: [], incidents: [], caseAgencies: [], decisions: [],
    panels: [], recommendations: [], letters: [], secondaryReviews: [], events: [],
  };
  const user = (email: string) => ref.users.get(email)!;
  // Policies and who serves whom as the database has them (defaults included).
  const partnerships = new Map((await tx.getRepository(Partnership).find()).map(p => [p.code, p]));
  const serving: Array<{ agency_id: string; code: string }> = await tx.query(
    `SELECT ap.agency_id, p.code FROM agency_partnership ap JOIN partnership p ON p.id = ap.partnership_id`,
  );
  const servedBy = (agency: Agency, code: string) => serving.some(s => s.agency_id === agency.id && s.code === code);
  const officerOf = new Map([...ref.users.values()].filter(u => u.roles.includes(Role.AGENCY_OFFICER)).map(u => [u.agencyId, u]));
  const reviewer = user("reviewer@kent-pcc.gov.uk");
  const police = ref.agencies.get("Kent Police")!;
  const health = ref.agencies.get("NHS Kent and Medway Integrated Care Board")!;
  const policeOfficer = user("sam.clarke@kent.police.uk");

  // Applications arrive on any day, more on weekdays; received dates in order, so references rise with time.
  const arrivals: Array<{ code: string; on: IsoDate }> = [];
  for (let d = HISTORY_STARTS_ON; d <= today; d = addDays(d, 1)) {
    const weekday = ![0, 6].includes(new Date(`${d}T12:00:00Z`).getUTCDay());
    for (const [code, perYear] of Object.entries(YEARLY_APPLICATIONS)) {
      if (rng.chance((perYear / 365) * (weekday ? 1.2 : 0.5))) arrivals.push({ code, on: d });
    }
  }
  const numbers: Array<{ n: string }> = arrivals.length
    ? await tx.query(`SELECT nextval('case_reference_seq')::text AS n FROM generate_series(1, $1)`, [arrivals.length])
    : [];

  arrivals.forEach(({ code, on: receivedOn }, index) => {
    const partnership = partnerships.get(code)!;
    const policy = partnership.policy;
    const csp = user(CSP_OFFICER_OF[code]!);
    // Only Maidstone has a panel chair among the demo users; elsewhere the CSP officer chairs.
    const chair = code === "KENT-MAIDSTONE" ? user("panel.chair@maidstone.gov.uk") : csp;
    const council = ref.agencies.get(COUNCIL_OF[code]!)!;
    const housing = [...ref.agencies.values()].filter(a => a.kind === AgencyKind.HOUSING_PROVIDER && servedBy(a, code));
    const place = TOWN_OF[code]!;
    const caseId = rng.uuid();
    const seen = (d: IsoDate) => d <= today;
    const event = (on: IsoDate, hour: number, actor: StaffUser | null, kind: string, summary: string) => {
      if (seen(on)) rows.events.push({ caseReviewId: caseId, at: ukInstant(on, hour, rng.int(0, 59)), actorId: actor?.id ?? null, actor: actor?.name ?? "the applicant", kind, summary });
    };
    // Written from the default template of its kind (version 0), with the values the platform would give it.
    const letter = (kind: LetterKind, on: IsoDate, dueBy: IsoDate | null, values: LetterValues) => {
      if (!seen(on)) return false;
      const all: LetterValues = { ...commonValues, today: formatLongDate(on), ...values };
      const template = DEFAULT_TEMPLATES[kind];
      const subject = renderTemplate(template.subject, all).text.replace(/\s+/g, " ").trim();
      const body = renderTemplate(template.body, all).text;
      rows.letters.push({ id: rng.uuid(), caseReviewId: caseId, kind, dueBy, issuedAt: ukInstant(on, 15, rng.int(0, 59)), issuedOn: on, issuedById: csp.id, subject, body, templateVersion: 0 });
      event(on, 15, csp, `LETTER_${kind}`, `${kind.charAt(0)}${kind.slice(1).toLowerCase().replace(/_/g, " ")} letter issued`);
      return true;
    };

    // The applicant: an individual mostly, sometimes a business or a community group; some apply through a representative.
    const kind = rng.chance(0.86) ? ApplicantKind.INDIVIDUAL : rng.chance(0.55) ? ApplicantKind.BUSINESS : ApplicantKind.COMMUNITY_GROUP;
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(SURNAMES);
    const name = kind === ApplicantKind.INDIVIDUAL ? `${first} ${last}` : kind === ApplicantKind.BUSINESS ? rng.pick(BUSINESSES) : rng.pick(GROUPS);
    const applicantId = rng.uuid();
    rows.applicants.push({
      id: applicantId,
      caseReviewId: caseId,
      position: 0,
      kind,
      name,
      email: `${name.toLowerCase().replace(/[^a-z]+/g, ".").replace(/^\.|\.$/g, "")}@example.com`,
      phone: `01632 960${String(rng.int(0, 999)).padStart(3, "0")}`,
      address: `${rng.int(1, 120)} ${rng.pick(STREETS)}, ${place.town}`,
      postcode: `${rng.pick(place.postcodes)} ${rng.int(1, 9)}ZZ`,
      dateOfBirth: kind === ApplicantKind.INDIVIDUAL ? `${rng.int(1940, 2004)}-${String(rng.int(1, 12)).padStart(2, "0")}-${String(rng.int(1, 28)).padStart(2, "0")}` : null,
      vulnerabilities: kind === ApplicantKind.INDIVIDUAL && rng.chance(0.15) ? "Anxiety made worse by the behaviour (fictional demo record)" : null,
      preferredContact: rng.pick([ContactPreference.EMAIL, ContactPreference.PHONE, ContactPreference.POST]),
      consentGiven: true,
    });
    const submittedAt = ukInstant(receivedOn, rng.int(8, 21), rng.int(0, 59));
    if (kind === ApplicantKind.INDIVIDUAL && rng.chance(0.18)) {
      const relationship = rng.pick([Relationship.FAMILY_MEMBER, Relationship.FRIEND, Relationship.CARER, Relationship.COUNCILLOR, Relationship.PROFESSIONAL]);
      rows.representatives.push({
        id: rng.uuid(),
        caseReviewId: caseId,
        name: `${rng.pick(FIRST_NAMES)} ${rng.pick(SURNAMES)}`,
        relationship,
        organisation: relationship === Relationship.COUNCILLOR ? `${place.town} ward councillor (fictional)` : null,
        email: null,
        phone: `01632 960${String(rng.int(0, 999)).padStart(3, "0")}`,
        consentObtained: true,
        consentRecordedAt: submittedAt,
      });
    }

    // The decision is drawn first, so that the incidents fit it: about three in ten applications meet the threshold.
    const decidedOn = addWorkingDays(receivedOn, rng.int(6, policy.thresholdDecisionWorkingDays + 2));
    const met = rng.chance(0.3);
    const route: ThresholdRoute = !met
      ? ThresholdRoute.STATUTORY
      : code === "KENT-ASHFORD" && rng.chance(0.2)
        ? ThresholdRoute.COMMUNITY
        : code === "KENT-TONBRIDGE-MALLING" && rng.chance(0.15)
          ? ThresholdRoute.HATE_INCIDENT
          : rng.chance(0.06)
            ? ThresholdRoute.DISCRETIONARY
            : ThresholdRoute.STATUTORY;
    const decided = seen(decidedOn);

    // Incidents in the six months before the application, reported to the police, the council or a housing provider.
    const count = met ? rng.int(3, 6) : rng.int(1, 3);
    const involved = new Set<string>();
    let qualifying = 0;
    for (let i = 0; i < count; i++) {
      const late = !met && i === 2; // a third complaint made too late to qualify
      const occurredOn = addDays(receivedOn, -(late ? rng.int(75, 170) : rng.int(5, 170)));
      const reportedOn = addDays(occurredOn, late ? rng.int(35, 60) : rng.int(0, 4));
      const agency = rng.chance(0.55) ? police : rng.chance(0.65) || housing.length === 0 ? council : rng.pick(housing);
      const category = route === ThresholdRoute.HATE_INCIDENT && i === 0 ? IncidentCategory.HARASSMENT_OR_INTIMIDATION : rng.pick(Object.values(IncidentCategory));
      involved.add(agency.id);
      if (!late) qualifying++;
      // Each agency confirms from its records within a few working days, before the decision.
      const checkedOn = addWorkingDays(receivedOn, rng.int(2, 5));
      const confirmedOn = seen(checkedOn) && (!decided || checkedOn <= decidedOn) ? checkedOn : null;
      rows.incidents.push({
        id: rng.uuid(),
        caseReviewId: caseId,
        category,
        occurredOn,
        reportedOn: reportedOn > receivedOn ? receivedOn : reportedOn,
        reportedToAgencyId: agency.id,
        reportedByApplicantId: applicantId,
        location: `${rng.pick(LOCATIONS)}, ${rng.pick(STREETS)}`,
        hateMotivated: route === ThresholdRoute.HATE_INCIDENT && i === 0,
        agencyReference: agency.id === police.id ? `KP/${String(rng.int(10000, 99999))}/${receivedOn.slice(2, 4)}` : null,
        description: DESCRIPTIONS[category],
        confirmation: confirmedOn ? IncidentConfirmation.CONFIRMED : IncidentConfirmation.PENDING,
        confirmedById: confirmedOn ? officerOf.get(agency.id)?.id ?? null : null,
        confirmedAt: confirmedOn ? ukInstant(confirmedOn, 11) : null,
        createdAt: submittedAt,
      });
    }
    for (const agencyId of involved) rows.caseAgencies.push({ caseReviewId: caseId, agencyId, firstReason: InvolvementReason.INCIDENT_REPORTED, addedAt: submittedAt });

    const thresholdDecisionDue = addWorkingDays(receivedOn, policy.thresholdDecisionWorkingDays);
    const c: Partial<CaseReview> = {
      id: caseId,
      reference: `ASB-${receivedOn.slice(0, 4)}-${numbers[index]!.n.padStart(6, "0")}`,
      partnershipId: partnership.id,
      status: CaseReviewStatus.AWAITING_AGENCY_CHECKS,
      submittedAt,
      receivedOn,
      // No access code: a history case cannot be opened by the public (no code matches this).
      accessCodeHash: "history-no-access-code",
      submittedById: null,
      acknowledgementDue: addWorkingDays(receivedOn, policy.acknowledgementWorkingDays),
      thresholdDecisionDue,
      panelDue: null,
      outcomeLetterDue: null,
      secondaryReviewRequestDue: null,
      closedAt: null,
      closeReason: null,
      updatedAt: submittedAt,
    };
    rows.cases.push(c);
    event(receivedOn, 9, null, "APPLICATION_RECEIVED", `Application made online, received on ${formatLongDate(receivedOn)}, with ${count} incident(s)`);
    const commonValues: LetterValues = {
      applicantName: name,
      reference: c.reference!,
      partnershipName: partnership.name,
      partnershipAreas: listInWords(partnership.areas ?? []),
      contactEmail: partnership.contactEmail ?? "",
      contactPhone: partnership.contactPhone ?? "",
      contactAddress: partnership.contactAddress ?? "",
      receivedOn: formatLongDate(receivedOn),
    };
    const agencyNames = [...ref.agencies.values()].filter(a => involved.has(a.id)).map(a => a.name);
    const representative = rows.representatives.find(r => r.caseReviewId === caseId);
    letter(LetterKind.ACKNOWLEDGEMENT, addWorkingDays(receivedOn, rng.int(1, policy.acknowledgementWorkingDays)), c.acknowledgementDue!, {
      incidentCount: count,
      agencyNames: listInWords(agencyNames),
      thresholdDecisionDue: formatLongDate(thresholdDecisionDue),
      requiredQualifyingComplaints: policy.minimumQualifyingComplaints,
      representativeName: representative?.name ?? "",
    });

    const close = (on: IsoDate, reason: string) => {
      if (!seen(on)) return false;
      c.status = CaseReviewStatus.CLOSED;
      c.closedAt = ukInstant(on, 17);
      c.closeReason = reason;
      event(on, 17, csp, "CASE_CLOSED", `The case was closed: ${reason}`);
      return true;
    };
    const secondaryReview = (from: IsoDate, dueBy: IsoDate, p: number): boolean => {
      if (!rng.chance(p)) return false;
      const requestedOn = addWorkingDays(from, rng.int(3, 18));
      if (requestedOn > dueBy || !seen(requestedOn)) return false;
      c.status = CaseReviewStatus.SECONDARY_REVIEW_REQUESTED;
      event(requestedOn, 10, csp, "SECONDARY_REVIEW_REQUESTED", `${csp.name} recorded the applicant's request for a secondary review`);
      const decidedOn = addWorkingDays(requestedOn, rng.int(15, 35));
      const upheld = rng.chance(0.25);
      const done = seen(decidedOn);
      rows.secondaryReviews.push({
        id: rng.uuid(),
        caseReviewId: caseId,
        requestedAt: ukInstant(requestedOn, 10),
        requestedOn,
        requestedById: csp.id,
        requestedByApplicant: false,
        reason: "The applicant feels the agencies did not take the repeated reports seriously (fictional demo record)",
        reviewerId: reviewer.id,
        outcome: done ? (upheld ? SecondaryReviewOutcome.UPHELD : SecondaryReviewOutcome.NOT_UPHELD) : null,
        findings: done ? (upheld ? "The handling fell short: the agencies are asked to look at the records again." : "The review was carried out properly and its findings stand.") : null,
        decidedAt: done ? ukInstant(decidedOn, 14) : null,
        signposting: done ? SIGNPOSTING : null,
      });
      if (done) {
        event(decidedOn, 14, reviewer, "SECONDARY_REVIEW_DECIDED", upheld ? "The secondary review upheld the applicant's request" : "The secondary review did not uphold the request: the last step");
        const review = rows.secondaryReviews[rows.secondaryReviews.length - 1]!;
        letter(LetterKind.SECONDARY_REVIEW_OUTCOME, decidedOn, null, { upheld, findings: review.findings!, signposting: SIGNPOSTING });
        if (upheld) {
          c.status = CaseReviewStatus.AWAITING_AGENCY_CHECKS; // referred back (the state machine)
          close(addWorkingDays(decidedOn, rng.int(10, 20)), "Records looked at again after the secondary review; actions agreed with the applicant");
        } else {
          close(decidedOn, "The secondary review did not uphold the request: the last step");
        }
      }
      return true;
    };

    if (decided) {
      const action = met ? null : rng.pick(ADVICE);
      rows.decisions.push({
        caseReviewId: caseId,
        met,
        route: met ? route : null,
        qualifyingIncidentCount: qualifying,
        engineWouldMeet: met ? route !== ThresholdRoute.DISCRETIONARY : false,
        decidedAt: ukInstant(decidedOn, 11, rng.int(0, 59)),
        decidedOn,
        decidedById: csp.id,
        reason: met
          ? route === ThresholdRoute.STATUTORY
            ? `${qualifying} qualifying complaints in the six months before the application`
            : route === ThresholdRoute.DISCRETIONARY
              ? "Met at the partnership's discretion: the persistence and the harm to a vulnerable applicant"
              : `Met by the ${route.toLowerCase().replace(/_/g, " ")} route`
          : `${qualifying} qualifying complaint(s): fewer than the three the law requires`,
        actionToBeTaken: action,
      });
      c.status = met ? CaseReviewStatus.THRESHOLD_MET : CaseReviewStatus.THRESHOLD_NOT_MET;
      event(decidedOn, 11, csp, met ? "THRESHOLD_MET" : "THRESHOLD_NOT_MET", met ? `Threshold met by the ${route.toLowerCase().replace(/_/g, " ")} route` : `Threshold not met; action to be taken: ${action}`);
      const decision = rows.decisions[rows.decisions.length - 1]!;
      letter(
        met ? LetterKind.THRESHOLD_MET : LetterKind.THRESHOLD_NOT_MET,
        decidedOn,
        thresholdDecisionDue,
        met
          ? { why: decision.reason!, panelDue: formatLongDate(addWorkingDays(decidedOn, policy.panelWithinWorkingDays)), outcomeLetterWorkingDays: policy.outcomeLetterWorkingDays }
          : {
              reason: decision.reason!,
              actionToBeTaken: action!,
              qualifyingComplaints: qualifying,
              requiredQualifyingComplaints: policy.minimumQualifyingComplaints,
              secondaryReviewRequestDue: formatLongDate(addWorkingDays(decidedOn, policy.secondaryReviewRequestWorkingDays)),
            },
      );

      if (!met) {
        c.secondaryReviewRequestDue = addWorkingDays(decidedOn, policy.secondaryReviewRequestWorkingDays);
        if (!secondaryReview(decidedOn, c.secondaryReviewRequestDue, 0.03)) {
          close(addDays(c.secondaryReviewRequestDue, 1), "No secondary review was asked for");
        }
      } else {
        c.panelDue = addWorkingDays(decidedOn, policy.panelWithinWorkingDays);
        if (rng.chance(0.12)) {
          close(addWorkingDays(decidedOn, rng.int(5, 15)), "The problem was resolved before the panel sat, and the applicant agreed to close the case");
        } else {
          const scheduledOn = addWorkingDays(decidedOn, 2);
          const heldOn = addWorkingDays(decidedOn, rng.int(8, policy.panelWithinWorkingDays + 3));
          const panelId = rng.uuid();
          if (seen(scheduledOn)) {
            const members = [policeOfficer.id, ...(officerOf.has(council.id) ? [officerOf.get(council.id)!.id] : [])];
            const held = seen(heldOn);
            const recommendationCount = held && rng.chance(0.8) ? rng.int(1, 4) : 0;
            rows.panels.push({
              id: panelId,
              caseReviewId: caseId,
              scheduledFor: ukInstant(heldOn, 10),
              chairId: chair.id,
              memberIds: members,
              dueBy: c.panelDue,
              heldAt: held ? ukInstant(heldOn, 12, 30) : null,
              heldOn: held ? heldOn : null,
              findings: held
                ? `The panel reviewed how the agencies responded to ${count} reported incidents. ${recommendationCount ? "It found gaps in how repeat reports were linked and followed up." : "It found the response proportionate and made no recommendation."}`
                : null,
              scheduledById: csp.id,
            });
            c.status = CaseReviewStatus.PANEL_SCHEDULED;
            event(scheduledOn, 10, csp, "PANEL_SCHEDULED", `The panel will sit on ${formatLongDate(heldOn)}, chaired by ${chair.name}`);
            if (held) {
              c.status = CaseReviewStatus.PANEL_HELD;
              event(heldOn, 13, chair, "PANEL_HELD", `The panel sat on ${formatLongDate(heldOn)} and made ${recommendationCount} recommendation(s)`);
              const assignees = [police, council, ...housing, health];
              for (let r = 0; r < recommendationCount; r++) {
                const agency = r === 0 ? police : rng.pick(assignees);
                addRecommendation(rows, rng, { caseReviewId: caseId, panelId, agency, officer: officerOf.get(agency.id) ?? null, heldOn, today });
                rows.caseAgencies.push({ caseReviewId: caseId, agencyId: agency.id, firstReason: InvolvementReason.RECOMMENDATION_ASSIGNED, addedAt: ukInstant(heldOn, 13) });
              }
              c.outcomeLetterDue = addWorkingDays(heldOn, policy.outcomeLetterWorkingDays);
              const sentOn = addWorkingDays(heldOn, rng.int(8, policy.outcomeLetterWorkingDays + 5));
              if (sentOn > c.outcomeLetterDue) {
                letter(
                  LetterKind.EXTENSION,
                  addWorkingDays(heldOn, policy.outcomeLetterWorkingDays - rng.int(2, 5)),
                  c.outcomeLetterDue,
                  { currentDue: formatLongDate(c.outcomeLetterDue), newOutcomeDate: formatLongDate(sentOn) },
                );
              }
              const panel = rows.panels[rows.panels.length - 1]!;
              const agencyName = new Map([...ref.agencies.values()].map(a => [a.id, a.name]));
              const recommendations = rows.recommendations.filter(r => r.panelId === panelId);
              const outcome: LetterValues = {
                panelHeldOn: formatLongDate(heldOn),
                findings: panel.findings!,
                recommendationCount: recommendations.length,
                recommendations: recommendations.map(r => ({ addressee: agencyName.get(r.assignedAgencyId!) ?? r.assigneeName!, text: r.text!, dueBy: formatLongDate(r.dueBy!) })),
                secondaryReviewRequestDue: formatLongDate(addWorkingDays(sentOn, policy.secondaryReviewRequestWorkingDays)),
                secondaryReviewRequestWorkingDays: policy.secondaryReviewRequestWorkingDays,
              };
              if (letter(LetterKind.OUTCOME, sentOn, c.outcomeLetterDue, outcome)) {
                c.status = CaseReviewStatus.OUTCOME_SENT;
                c.secondaryReviewRequestDue = addWorkingDays(sentOn, policy.secondaryReviewRequestWorkingDays);
                if (!secondaryReview(sentOn, c.secondaryReviewRequestDue, 0.1)) {
                  close(addDays(c.secondaryReviewRequestDue, 1), "The outcome letter was sent and no secondary review was asked for");
                }
              }
            }
          }
        }
      }
    }
    c.nextDue = nextDueFor(c.status!, { thresholdDecisionDue, panelDue: c.panelDue ?? null, outcomeLetterDue: c.outcomeLetterDue ?? null });
  });

  // One statement per table and chunk: a few hundred cases insert in well under a second.
  await insertAll(tx, CaseReview, rows.cases);
  await insertAll(tx, Applicant, rows.applicants);
  await insertAll(tx, Representative, rows.representatives);
  await insertAll(tx, Incident, rows.incidents);
  await insertAll(tx, CaseAgency, dedupe(rows.caseAgencies));
  await insertAll(tx, ThresholdDecision, rows.decisions);
  await insertAll(tx, PanelMeeting, rows.panels);
  await insertAll(tx, Recommendation, rows.recommendations);
  await insertAll(tx, Letter, rows.letters);
  await insertAll(tx, SecondaryReview, rows.secondaryReviews);
  await insertAll(tx, CaseEvent, rows.events);
  return rows.cases.length;
}

/** A recommendation and how far its addressee has taken it by `today`: most are completed in time. */
function addRecommendation(
  rows: Rows,
  rng: ReturnType<typeof generator>,
  r: { caseReviewId: string; panelId: string; agency: Agency; officer: StaffUser | null; heldOn: IsoDate; today: IsoDate },
) {
  const officer = r.officer;
  const at = (d: IsoDate, hour: number) => (d <= r.today ? ukInstant(d, hour, rng.int(0, 59)) : null);
  const acknowledgedAt = at(addWorkingDays(r.heldOn, rng.int(2, 8)), 10);
  const accepted = rng.chance(0.9);
  const respondedAt = acknowledgedAt && at(addWorkingDays(r.heldOn, rng.int(9, 15)), 11);
  const completedAt = respondedAt && accepted && rng.chance(0.85) ? at(addWorkingDays(r.heldOn, rng.int(16, 70)), 15) : null;
  const challengedAt = respondedAt && !accepted && rng.chance(0.4) ? at(addWorkingDays(r.heldOn, rng.int(16, 25)), 12) : null;
  const status = challengedAt
    ? RecommendationStatus.CHALLENGED
    : completedAt
      ? RecommendationStatus.COMPLETED
      : respondedAt
        ? accepted ? RecommendationStatus.ACCEPTED : RecommendationStatus.DECLINED
        : acknowledgedAt
          ? RecommendationStatus.ACKNOWLEDGED
          : RecommendationStatus.ISSUED;
  rows.recommendations.push({
    id: rng.uuid(),
    caseReviewId: r.caseReviewId,
    panelId: r.panelId,
    assignedAgencyId: r.agency.id,
    assigneeName: null,
    text: rng.pick(RECOMMENDATIONS),
    dueBy: addWorkingDays(r.heldOn, 40),
    status,
    acknowledgedById: acknowledgedAt ? officer?.id ?? null : null,
    acknowledgedAt,
    accepted: respondedAt ? accepted : null,
    response: respondedAt ? (accepted ? "Accepted: the actions are in hand" : null) : null,
    declineReason: respondedAt && !accepted ? "The action is already covered by the agency's own review" : null,
    respondedById: respondedAt ? officer?.id ?? null : null,
    respondedAt,
    completedById: completedAt ? officer?.id ?? null : null,
    completedAt,
    completionNote: completedAt ? "Done, and the applicant was told" : null,
    challenge: challengedAt ? "Declined without a good reason: the panel asks for it to be carried out" : null,
    challengedById: null,
    challengedAt,
    createdAt: ukInstant(r.heldOn, 13),
  });
}

function dedupe(rows: Partial<CaseAgency>[]): Partial<CaseAgency>[] {
  const seen = new Set<string>();
  return rows.filter(r => {
    const key = `${r.caseReviewId}:${r.agencyId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

async function insertAll<T extends ObjectLiteral>(tx: EntityManager, entity: EntityTarget<T>, rows: Partial<T>[], chunk = 500): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk) {
    await tx.createQueryBuilder().insert().into(entity).values(rows.slice(i, i + chunk) as never).updateEntity(false).execute();
  }
}
