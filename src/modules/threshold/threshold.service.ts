import type { EntityManager } from "typeorm";
import { tell } from "../notifications/outbox";
import { NotificationKind } from "../notifications/notification.entity";
import type { Context } from "../../app/context";
import { assertNoProblems, notFound, type FieldProblem } from "../../app/errors";
import { formatLongDate, todayUk, type IsoDate } from "../../calendar/dates";
import { addWorkingDays } from "../../calendar/working-days";
import { Agency } from "../agencies/agency.entity";
import type { CaseReview } from "../case-reviews/case-review.entity";
import { lockCase, runMutation, transition } from "../case-reviews/case-mutation";
import { Incident } from "../incidents/incident.entity";
import { LetterKind } from "../letters/letter.entity";
import { recordLetter } from "../letters/letters";
import { Partnership } from "../partnerships/partnership.entity";
import { ThresholdDecision, ThresholdRoute } from "./threshold-decision.entity";
import { assessCase, type CaseAssessment } from "./threshold.loader";
import type { ThresholdAssessment } from "./threshold.type";

/** A decision that differs from the engine must say why in at least this many characters. */
export const DISCRETIONARY_REASON_MIN = 20;

/** The engine's assessment of a case, with the incidents themselves (through the request's loaders). */
export async function thresholdAssessment(ctx: Context, caseReviewId: string): Promise<ThresholdAssessment> {
  const [assessment, incidents] = await Promise.all([
    ctx.loaders.thresholdAssessment.load(caseReviewId),
    ctx.loaders.incidentsByCase.load(caseReviewId),
  ]);
  if (!assessment) throw notFound("Case review");
  const byId = new Map(incidents.map(i => [i.id, i]));
  const r = assessment.result;
  return {
    incidents: r.incidents.map(a => ({
      incident: byId.get(a.id)!,
      qualifies: a.qualifies,
      qualificationReason: a.qualificationReason,
      duplicateOf: a.duplicateOfId ? byId.get(a.duplicateOfId) ?? null : null,
      unconfirmed: a.unconfirmed,
    })),
    qualifyingIncidentCount: r.qualifyingIncidentCount,
    requiredQualifyingComplaints: r.requiredQualifyingComplaints,
    routesSatisfied: r.routesSatisfied.map(route => ThresholdRoute[route]),
    wouldMeetThreshold: r.wouldMeetThreshold,
    summary: r.summary,
  };
}

/** The engine over the case as it stands in this transaction (after the case row is locked). */
async function assessInTransaction(tx: EntityManager, c: CaseReview, partnership: Partnership): Promise<CaseAssessment> {
  const incidents = await tx.getRepository(Incident).find({ where: { caseReviewId: c.id }, order: { occurredOn: "ASC", createdAt: "ASC" } });
  const agencyIds = [...new Set(incidents.map(i => i.reportedToAgencyId))];
  const agencies = agencyIds.length ? await tx.getRepository(Agency).findBy(agencyIds.map(id => ({ id }))) : [];
  const names = new Map(agencies.map(a => [a.id, a.name]));
  return assessCase(c, partnership, incidents, id => names.get(id) ?? "the agency");
}

export interface DecideThresholdInput {
  caseReviewId: string;
  met: boolean;
  reason: string;
  actionToBeTaken?: string | null;
  route?: ThresholdRoute | null;
  /** A decision made earlier on paper: its UK date (default today). */
  decidedOn?: string | null;
}

/** A decision's date: on or after the application was received, and not in the future (UK dates). */
export function decisionDateProblems(decidedOn: IsoDate, receivedOn: IsoDate, today: IsoDate): FieldProblem[] {
  if (decidedOn > today) return [{ field: "decidedOn", message: `must not be in the future (today is ${formatLongDate(today)})` }];
  if (decidedOn < receivedOn) return [{ field: "decidedOn", message: `must not be before the application was received, ${formatLongDate(receivedOn)}` }];
  return [];
}

/** Checks a decision against the engine's assessment; returns the route to record. */
export function checkDecision(input: DecideThresholdInput, engine: { wouldMeetThreshold: boolean; routesSatisfied: string[] }) {
  const problems: FieldProblem[] = [];
  const reason = input.reason.trim();
  const action = input.actionToBeTaken?.trim() || null;
  if (!reason) problems.push({ field: "reason", message: "give the reason for the decision" });
  if (!input.met && !action) problems.push({ field: "actionToBeTaken", message: "say what action will be taken when the threshold is not met" });
  let route: ThresholdRoute | null;
  if (input.met !== engine.wouldMeetThreshold) {
    // The discretionary route: the decision-maker and the rationale are recorded (DOMAIN.md).
    const engineSays = engine.wouldMeetThreshold ? "would meet" : "would not meet";
    if (reason && reason.length < DISCRETIONARY_REASON_MIN) {
      problems.push({
        field: "reason",
        message: `the engine's assessment is that the application ${engineSays} the threshold: say why this decision differs, in at least ${DISCRETIONARY_REASON_MIN} characters`,
      });
    }
    if (input.route && input.route !== ThresholdRoute.DISCRETIONARY) {
      problems.push({ field: "route", message: `a decision that differs from the engine's assessment is DISCRETIONARY, not ${input.route}` });
    }
    route = ThresholdRoute.DISCRETIONARY;
  } else if (input.met) {
    route = input.route ?? (engine.routesSatisfied[0] as ThresholdRoute);
    if (!engine.routesSatisfied.includes(route)) {
      problems.push({ field: "route", message: `the engine found these routes satisfied: ${engine.routesSatisfied.join(", ")}` });
    }
  } else {
    route = null;
    if (input.route) problems.push({ field: "route", message: "a decision that the threshold is not met has no route" });
  }
  assertNoProblems(problems);
  return { reason, action, route };
}

const ROUTE_WORDS: Record<ThresholdRoute, (count: number, required: number) => string> = {
  STATUTORY: (count, required) =>
    `you made ${count} qualifying complaints about anti-social behaviour (${required} are needed), each within one month of the behaviour, and applied within six months of them`,
  COMMUNITY: () => "enough different people reported anti-social behaviour at the same place within six months (our community route)",
  HATE_INCIDENT: () => "you reported an incident motivated by hate, and our policy is that one hate incident is enough",
  DISCRETIONARY: () => "we have used our discretion to accept your application",
};

/** Why the threshold is met, in a sentence for the THRESHOLD_MET letter ({{ why }}). */
export function whyMet(route: ThresholdRoute, reason: string, count: number, required: number): string {
  return route === ThresholdRoute.DISCRETIONARY ? `${ROUTE_WORDS.DISCRETIONARY(0, 0)}. ${reason}` : ROUTE_WORDS[route](count, required);
}

/** The CSP officer's decision, beside the engine's count; the letter to the applicant; the next status. */
export async function decideThreshold(ctx: Context, input: DecideThresholdInput): Promise<ThresholdDecision> {
  return runMutation(ctx, "decideThreshold", async ({ tx, audit, event }) => {
    const c = await lockCase(tx, input.caseReviewId);
    const partnership = await tx.getRepository(Partnership).findOneByOrFail({ id: c.partnershipId });
    const today = todayUk();
    const decidedOn = input.decidedOn ?? today;
    assertNoProblems(decisionDateProblems(decidedOn, c.receivedOn, today));
    // Due dates first, so that the transition keeps nextDue in line with them.
    if (input.met) c.panelDue = addWorkingDays(decidedOn, partnership.policy.panelWithinWorkingDays);
    // The applicant's window runs from the letter, which goes today even for a decision made on paper.
    else c.secondaryReviewRequestDue = addWorkingDays(today, partnership.policy.secondaryReviewRequestWorkingDays);
    await transition(tx, c, "DECIDE_THRESHOLD", { thresholdMet: input.met });

    const { result } = await assessInTransaction(tx, c, partnership);
    const { reason, action, route } = checkDecision(input, result);

    const decision = await tx.getRepository(ThresholdDecision).save(
      tx.getRepository(ThresholdDecision).create({
        caseReviewId: c.id,
        met: input.met,
        route,
        qualifyingIncidentCount: result.qualifyingIncidentCount,
        engineWouldMeet: result.wouldMeetThreshold,
        decidedOn,
        decidedById: ctx.caller!.id,
        reason,
        actionToBeTaken: action,
      }),
    );

    await recordLetter(tx, {
      caseReview: c,
      kind: input.met ? LetterKind.THRESHOLD_MET : LetterKind.THRESHOLD_NOT_MET,
      values: input.met
        ? {
            why: whyMet(route!, reason, result.qualifyingIncidentCount, result.requiredQualifyingComplaints),
            panelDue: formatLongDate(c.panelDue!),
            outcomeLetterWorkingDays: partnership.policy.outcomeLetterWorkingDays,
          }
        : {
            reason,
            actionToBeTaken: action!,
            qualifyingComplaints: result.qualifyingIncidentCount,
            requiredQualifyingComplaints: result.requiredQualifyingComplaints,
            secondaryReviewRequestDue: formatLongDate(c.secondaryReviewRequestDue!),
          },
      dueBy: c.thresholdDecisionDue,
      issuedById: ctx.caller!.id,
    });

    await tell(tx, { kind: NotificationKind.THRESHOLD_DECIDED, caseReviewId: c.id });
    const differs =
      (input.met !== result.wouldMeetThreshold ? " (differs from the engine's assessment)" : "") +
      (decidedOn !== today ? ` (decided on ${formatLongDate(decidedOn)}, recorded today)` : "");
    await event(
      c.id,
      input.met ? "THRESHOLD_MET" : "THRESHOLD_NOT_MET",
      input.met
        ? `Threshold met by the ${route!.toLowerCase().replace(/_/g, " ")} route${differs}; panel due by ${formatLongDate(c.panelDue!)}`
        : `Threshold not met${differs}; the applicant may ask for a secondary review by ${formatLongDate(c.secondaryReviewRequestDue!)}`,
    );
    audit({
      operation: "decideThreshold",
      caseReviewId: c.id,
      // The decision's own date and the day it was recorded: they differ for a decision made on paper.
      detail: { met: input.met, route, engineWouldMeet: result.wouldMeetThreshold, qualifyingIncidentCount: result.qualifyingIncidentCount, decidedOn, recordedOn: today },
    });
    return decision;
  });
}
