/**
 * Cases in a given status, inserted directly with the repositories (no mutations), so each
 * feature's tests start exactly where they need to: deadlines, applicant, incidents, involved
 * agencies, threshold decision, panel, recommendations, letters and secondary review as that
 * status implies. Dates default to "recently", relative to today, so the tests hold on any day.
 */
import { addDays, todayUk, type IsoDate } from "../../src/calendar/dates";
import { addWorkingDays } from "../../src/calendar/working-days";
import { hashAccessCode, newAccessCode } from "../../src/modules/case-reviews/applicant-access";
import { Applicant } from "../../src/modules/case-reviews/applicant.entity";
import { CaseAgency, InvolvementReason } from "../../src/modules/case-reviews/case-agency.entity";
import { nextDueFor } from "../../src/modules/case-reviews/case-deadlines";
import { CaseReview, CaseReviewStatus } from "../../src/modules/case-reviews/case-review.entity";
import { Incident, IncidentCategory, IncidentConfirmation } from "../../src/modules/incidents/incident.entity";
import { Letter, LetterKind } from "../../src/modules/letters/letter.entity";
import { PanelMeeting } from "../../src/modules/panels/panel-meeting.entity";
import { Recommendation, RecommendationStatus } from "../../src/modules/recommendations/recommendation.entity";
import { SecondaryReview } from "../../src/modules/secondary-reviews/secondary-review.entity";
import { Role } from "../../src/modules/staff/staff-user.entity";
import { ThresholdDecision, ThresholdRoute } from "../../src/modules/threshold/threshold-decision.entity";
import { U, type Harness } from "./harness";

export const S = CaseReviewStatus;
export const daysFromToday = (n: number): IsoDate => addDays(todayUk(), n);

const ORDER: CaseReviewStatus[] = [
  S.SUBMITTED, S.AWAITING_AGENCY_CHECKS, S.THRESHOLD_MET, S.PANEL_SCHEDULED, S.PANEL_HELD, S.OUTCOME_SENT, S.SECONDARY_REVIEW_REQUESTED,
];
/** The case has reached `step` on its way (CLOSED counts as the end of a full review). */
const reached = (status: CaseReviewStatus, step: CaseReviewStatus) =>
  status === S.CLOSED || (status !== S.THRESHOLD_NOT_MET && ORDER.indexOf(status) >= ORDER.indexOf(step));

export interface RecommendationFixture {
  /** An agency by name, or a named person (assigneeName). */
  agency?: string;
  assigneeName?: string;
  text?: string;
  dueBy?: IsoDate;
  status?: RecommendationStatus;
  /** Staff email of who did the last step (default: the agency's demo officer). */
  by?: string;
}

export interface CaseOptions {
  partnership?: string;
  status?: CaseReviewStatus;
  receivedOn?: IsoDate;
  /** Agencies (by name) the incidents were reported to: they are involved. */
  involved?: string[];
  /** The day the panel sat (PANEL_HELD and later). */
  heldOn?: IsoDate;
  /** When the panel sits or sat (PANEL_SCHEDULED and later). */
  scheduledFor?: Date;
  chair?: string;
  members?: string[];
  outcomeLetterDue?: IsoDate;
  recommendations?: RecommendationFixture[];
  /** The OUTCOME (or THRESHOLD_NOT_MET) letter's date. */
  letterIssuedOn?: IsoDate;
  /** Email of the assigned independent reviewer (SECONDARY_REVIEW_REQUESTED). */
  reviewer?: string;
}

export interface CaseFixture {
  id: string;
  reference: string;
  accessCode: string;
  partnershipId: string;
  panelId: string | null;
  recommendationIds: string[];
}

/** Who acts for each demo agency in tests. */
export const OFFICER_OF: Record<string, string> = {
  "Kent Police": U.police,
  "Maidstone Borough Council": U.councilMaidstone,
  "Golding Homes": U.housingGolding,
  "Clarion Housing": U.housingClarion,
  "NHS Kent and Medway Integrated Care Board": U.health,
  "Ashford Borough Council": U.councilAshford,
};

export async function createCase(h: Harness, o: CaseOptions = {}): Promise<CaseFixture> {
  const status = o.status ?? S.THRESHOLD_MET;
  const partnership = h.ref.partnerships.get(o.partnership ?? "KENT-MAIDSTONE")!;
  const policy = partnership.policy;
  const involved = (o.involved ?? ["Kent Police", "Maidstone Borough Council", "Golding Homes"]).map(name => h.ref.agencies.get(name)!);
  // Demo users, and any a test added itself.
  const ids = new Map<string, string>((await h.ds.query(`SELECT id, email FROM staff_user`)).map((u: { id: string; email: string }) => [u.email, u.id]));
  const userId = (email: string) => {
    const id = ids.get(email);
    if (!id) throw new Error(`no staff user ${email}`);
    return id;
  };
  const csp = [...h.ref.users.values()].find(u => u.roles.includes(Role.CSP_OFFICER) && h.ref.agencies.get(councilOf(partnership.code))?.id === u.agencyId)!;

  const receivedOn = o.receivedOn ?? daysFromToday(-25);
  const decidedOn = addDays(receivedOn, 14);
  const heldOn = o.heldOn ?? daysFromToday(-3);
  const thresholdDecisionDue = addWorkingDays(receivedOn, policy.thresholdDecisionWorkingDays);
  const decided = status === S.THRESHOLD_NOT_MET || reached(status, S.THRESHOLD_MET);
  const panelDue = reached(status, S.THRESHOLD_MET) ? addWorkingDays(decidedOn, policy.panelWithinWorkingDays) : null;
  const held = reached(status, S.PANEL_HELD);
  const outcomeLetterDue = held ? o.outcomeLetterDue ?? addWorkingDays(heldOn, policy.outcomeLetterWorkingDays) : null;
  const letterIssuedOn = o.letterIssuedOn ?? daysFromToday(-1);
  const withLetter = status === S.THRESHOLD_NOT_MET || reached(status, S.OUTCOME_SENT);
  const secondaryReviewRequestDue = withLetter ? addWorkingDays(letterIssuedOn, policy.secondaryReviewRequestWorkingDays) : null;

  const accessCode = newAccessCode();
  const [{ n }] = await h.ds.query(`SELECT nextval('case_reference_seq') AS n`);
  const reference = `ASB-${todayUk().slice(0, 4)}-${String(n).padStart(6, "0")}`;

  return h.ds.transaction(async tx => {
    const c = await tx.getRepository(CaseReview).save(
      tx.getRepository(CaseReview).create({
        reference,
        partnershipId: partnership.id,
        status,
        receivedOn,
        accessCodeHash: hashAccessCode(accessCode),
        acknowledgementDue: addWorkingDays(receivedOn, policy.acknowledgementWorkingDays),
        thresholdDecisionDue,
        panelDue,
        outcomeLetterDue,
        secondaryReviewRequestDue,
        nextDue: nextDueFor(status as never, { thresholdDecisionDue, panelDue, outcomeLetterDue }),
        closedAt: status === S.CLOSED ? new Date() : null,
        closeReason: status === S.CLOSED ? "Closed in a fixture" : null,
      }),
    );
    const applicant = await tx.getRepository(Applicant).save(
      tx.getRepository(Applicant).create({
        caseReviewId: c.id,
        position: 0,
        name: "Margaret Hollis",
        email: "m.hollis@example.org",
        phone: "01622 555 0192",
        address: "14 Tonbridge Road, Maidstone",
        postcode: "ME16 8RP",
        vulnerabilities: "Lives alone",
      }),
    );
    const categories = [IncidentCategory.HARASSMENT_OR_INTIMIDATION, IncidentCategory.VANDALISM, IncidentCategory.VERBAL_ABUSE];
    for (const [i, agency] of involved.entries()) {
      await tx.getRepository(Incident).insert({
        caseReviewId: c.id,
        category: categories[i % categories.length]!,
        occurredOn: addDays(receivedOn, -30 + i * 7),
        reportedOn: addDays(receivedOn, -29 + i * 7),
        reportedToAgencyId: agency.id,
        reportedByApplicantId: applicant.id,
        location: "14 Tonbridge Road",
        description: `Incident ${i + 1}`,
        confirmation: status === S.SUBMITTED ? IncidentConfirmation.PENDING : IncidentConfirmation.CONFIRMED,
      });
      await tx.getRepository(CaseAgency).insert({ caseReviewId: c.id, agencyId: agency.id, firstReason: InvolvementReason.INCIDENT_REPORTED });
    }
    if (decided) {
      const met = status !== S.THRESHOLD_NOT_MET;
      await tx.getRepository(ThresholdDecision).insert({
        caseReviewId: c.id,
        met,
        route: met ? ThresholdRoute.STATUTORY : null,
        qualifyingIncidentCount: met ? 3 : 1,
        engineWouldMeet: met,
        decidedOn,
        decidedById: csp.id,
        reason: met ? "Three qualifying complaints" : "One qualifying complaint",
        actionToBeTaken: met ? null : "Referral to the neighbourhood policing team",
      });
    }

    let panelId: string | null = null;
    const recommendationIds: string[] = [];
    if (reached(status, S.PANEL_SCHEDULED)) {
      const panel = await tx.getRepository(PanelMeeting).save(
        tx.getRepository(PanelMeeting).create({
          caseReviewId: c.id,
          scheduledFor: o.scheduledFor ?? (held ? new Date(`${heldOn}T10:00:00Z`) : new Date(`${daysFromToday(7)}T10:00:00Z`)),
          chairId: userId(o.chair ?? U.chair),
          memberIds: (o.members ?? [U.police, U.housingGolding]).map(userId),
          dueBy: panelDue!,
          heldAt: held ? new Date(`${heldOn}T12:00:00Z`) : null,
          heldOn: held ? heldOn : null,
          findings: held ? "The agencies did not share what they knew, so the reports were dealt with one at a time." : null,
          scheduledById: csp.id,
        }),
      );
      panelId = panel.id;
      if (held) {
        for (const [i, r] of (o.recommendations ?? []).entries()) {
          const agency = r.agency ? h.ref.agencies.get(r.agency)! : null;
          const st = r.status ?? RecommendationStatus.ISSUED;
          const by = userId(r.by ?? (agency ? OFFICER_OF[agency.name]! : U.cspMaidstone));
          const at = new Date(Date.now() - 3_600_000);
          const acknowledged = st !== RecommendationStatus.ISSUED;
          const responded = ([RecommendationStatus.ACCEPTED, RecommendationStatus.DECLINED, RecommendationStatus.COMPLETED] as string[]).includes(st);
          const saved = await tx.getRepository(Recommendation).save(
            tx.getRepository(Recommendation).create({
              caseReviewId: c.id,
              panelId: panel.id,
              assignedAgencyId: agency?.id ?? null,
              assigneeName: agency ? null : r.assigneeName ?? "The Clerk to Maidstone Town Council",
              text: r.text ?? `Recommendation ${i + 1}`,
              createdAt: new Date(at.getTime() + i),
              dueBy: r.dueBy ?? daysFromToday(30),
              status: st,
              acknowledgedById: acknowledged ? by : null,
              acknowledgedAt: acknowledged ? at : null,
              accepted: responded ? st !== RecommendationStatus.DECLINED : null,
              declineReason: st === RecommendationStatus.DECLINED ? "No budget this year" : null,
              respondedById: responded ? by : null,
              respondedAt: responded ? at : null,
              completedById: st === RecommendationStatus.COMPLETED ? by : null,
              completedAt: st === RecommendationStatus.COMPLETED ? at : null,
              challenge: st === RecommendationStatus.CHALLENGED ? "Declined without good reason" : null,
              challengedById: st === RecommendationStatus.CHALLENGED ? csp.id : null,
              challengedAt: st === RecommendationStatus.CHALLENGED ? at : null,
            }),
          );
          recommendationIds.push(saved.id);
          if (agency) {
            await tx.getRepository(CaseAgency).createQueryBuilder().insert().values({ caseReviewId: c.id, agencyId: agency.id, firstReason: InvolvementReason.RECOMMENDATION_ASSIGNED }).orIgnore().execute();
          }
        }
      }
    }
    if (withLetter) {
      await tx.getRepository(Letter).insert({
        caseReviewId: c.id,
        kind: status === S.THRESHOLD_NOT_MET ? LetterKind.THRESHOLD_NOT_MET : LetterKind.OUTCOME,
        body: "Dear Margaret Hollis,\n\nThe letter.",
        issuedOn: letterIssuedOn,
        issuedAt: new Date(`${letterIssuedOn}T12:00:00Z`),
        issuedById: csp.id,
      });
    }
    if (status === S.SECONDARY_REVIEW_REQUESTED) {
      await tx.getRepository(SecondaryReview).insert({
        caseReviewId: c.id,
        requestedOn: todayUk(),
        requestedByApplicant: true,
        reason: "The panel did not look at the council's records",
        reviewerId: o.reviewer ? userId(o.reviewer) : null,
      });
    }
    return { id: c.id, reference, accessCode, partnershipId: partnership.id, panelId, recommendationIds };
  });
}

function councilOf(code: string): string {
  return { "KENT-MAIDSTONE": "Maidstone Borough Council", "KENT-ASHFORD": "Ashford Borough Council", "KENT-TONBRIDGE-MALLING": "Tonbridge and Malling Borough Council" }[code]!;
}

/**
 * Everything a mutation on the case could change: the case row, the rows hanging off it and the
 * audit entries. Equal snapshots before and after a refused mutation prove nothing changed.
 */
export async function snapshot(h: Harness, caseReviewId: string): Promise<Record<string, unknown>> {
  const q = (sql: string) => h.ds.query(sql, [caseReviewId]);
  return {
    caseReview: await q(`SELECT status, version, updated_at, panel_due, outcome_letter_due, secondary_review_request_due, next_due, close_reason FROM case_review WHERE id = $1`),
    contributions: await q(`SELECT id FROM agency_contribution WHERE case_review_id = $1 ORDER BY id`),
    involved: await q(`SELECT agency_id FROM case_agency WHERE case_review_id = $1 ORDER BY agency_id`),
    panel: await q(`SELECT id, version, scheduled_for, chair_id, member_ids, held_at, findings FROM panel_meeting WHERE case_review_id = $1`),
    recommendations: await q(`SELECT id, status, version FROM recommendation WHERE case_review_id = $1 ORDER BY id`),
    letters: await q(`SELECT id FROM letter WHERE case_review_id = $1 ORDER BY id`),
    secondaryReview: await q(`SELECT id, reviewer_id, outcome FROM secondary_review WHERE case_review_id = $1`),
    events: await q(`SELECT count(*)::int AS n FROM case_event WHERE case_review_id = $1`),
    audit: await q(`SELECT count(*)::int AS n FROM audit_entry WHERE case_review_id = $1`),
  };
}

/** The codes of a response's errors, e.g. ["FORBIDDEN"]. */
export const codes = (res: { errors?: Array<{ extensions?: Record<string, any> }> }) => res.errors?.map(e => e.extensions?.code);
/** The fields a BAD_USER_INPUT error names. */
export const badFields = (res: { errors?: Array<{ extensions?: Record<string, any> }> }): string[] =>
  (res.errors?.[0]?.extensions?.fields ?? []).map((f: { field: string }) => f.field);

/** Runs a mutation expected to be refused with `code`, and checks the case is exactly as it was. */
export async function expectRefused(
  h: Harness,
  caseReviewId: string,
  code: string,
  as: string | null,
  query: string,
  variables: Record<string, unknown>,
): Promise<{ message: string; extensions?: Record<string, any> }> {
  const before = await snapshot(h, caseReviewId);
  const res = await h.gql(as, query, variables);
  if (codes(res)?.[0] !== code) {
    throw new Error(`expected ${code} as ${as ?? "the public"}, got ${JSON.stringify(res.errors ?? res.data)}`);
  }
  expect(await snapshot(h, caseReviewId)).toEqual(before);
  return res.errors![0]!;
}
