import type { EntityManager } from "typeorm";
import { tell } from "../notifications/outbox";
import { NotificationKind } from "../notifications/notification.entity";
import type { Context } from "../../app/context";
import { assertNoProblems, badInput, blankFields, conflict, notFound, type FieldProblem } from "../../app/errors";
import { isUuid } from "../../auth/case-access";
import { formatLongDate, todayUk, type IsoDate } from "../../calendar/dates";
import { addWorkingDays } from "../../calendar/working-days";
import { findOwnCase } from "../case-reviews/applicant-access";
import { CaseAgency } from "../case-reviews/case-agency.entity";
import { CaseReview, CaseReviewStatus } from "../case-reviews/case-review.entity";
import { lockCase, runMutation, transition } from "../case-reviews/case-mutation";
import { Letter, LetterKind } from "../letters/letter.entity";
import { recordLetter } from "../letters/letters";
import { SIGNPOSTING } from "../letters/templates/signposting";
import { PanelMeeting } from "../panels/panel-meeting.entity";
import { policyOf } from "../partnerships/partnership.policy";
import { Role, StaffUser } from "../staff/staff-user.entity";
import { ThresholdDecision } from "../threshold/threshold-decision.entity";
import type { RequestSecondaryReviewArgs } from "./secondary-review.input";
import { SecondaryReview, SecondaryReviewOutcome } from "./secondary-review.entity";

/**
 * The last day to ask: the policy's working days after the letter the applicant is unhappy with
 * (the OUTCOME letter, or the THRESHOLD_NOT_MET decision letter). Null when no date can be known.
 */
export async function secondaryReviewRequestDue(tx: EntityManager, c: CaseReview): Promise<IsoDate | null> {
  const notMet = c.status === CaseReviewStatus.THRESHOLD_NOT_MET;
  const letter = await tx.getRepository(Letter).findOne({
    where: { caseReviewId: c.id, kind: notMet ? LetterKind.THRESHOLD_NOT_MET : LetterKind.OUTCOME },
    order: { issuedAt: "DESC" },
  });
  const days = (await policyOf(tx, c)).secondaryReviewRequestWorkingDays;
  if (letter) return addWorkingDays(letter.issuedOn, days);
  if (c.secondaryReviewRequestDue) return c.secondaryReviewRequestDue;
  const decision = notMet ? await tx.getRepository(ThresholdDecision).findOneBy({ caseReviewId: c.id }) : null;
  return decision ? addWorkingDays(decision.decidedOn, days) : null;
}

const lockReview = (tx: EntityManager, caseReviewId: string) =>
  tx.getRepository(SecondaryReview).findOne({ where: { caseReviewId }, lock: { mode: "pessimistic_write" } });

/**
 * The applicant (reference + access code, no sign-in) or a CSP officer on their word asks for a
 * secondary review, within the window after the letter they are unhappy with.
 */
export async function requestSecondaryReview(ctx: Context, args: RequestSecondaryReviewArgs): Promise<SecondaryReview> {
  const byApplicant = !args.caseReviewId;
  const problems: FieldProblem[] = blankFields({ reason: args.reason });
  if (byApplicant && (!args.reference?.trim() || !args.accessCode?.trim())) {
    problems.push({ field: "caseReviewId", message: "give caseReviewId (staff), or reference and accessCode (the applicant)" });
  }
  assertNoProblems(problems);
  return runMutation(
    ctx,
    "requestSecondaryReview",
    async ({ tx, audit, event }) => {
      const c = byApplicant ? await findOwnCase(ctx, tx, args.reference!, args.accessCode!, true) : await lockCase(tx, args.caseReviewId!);
      // A wrong code reads exactly as an unknown reference.
      if (!c) throw notFound("Case review");
      const due = await secondaryReviewRequestDue(tx, c);
      await transition(tx, c, "REQUEST_SECONDARY_REVIEW");
      if (await tx.getRepository(SecondaryReview).existsBy({ caseReviewId: c.id })) {
        throw conflict("This case has already had a secondary review, the last step of the process: the letter about it says where to go next");
      }
      const today = todayUk();
      if (due && today > due) throw conflict(`The time to ask for a secondary review ended on ${formatLongDate(due)}`);
      const repo = tx.getRepository(SecondaryReview);
      const saved = await repo.save(
        repo.create({
          caseReviewId: c.id,
          requestedOn: today,
          requestedById: ctx.caller?.id ?? null,
          requestedByApplicant: byApplicant,
          reason: args.reason.trim(),
        }),
      );
      await event(
        c.id,
        "SECONDARY_REVIEW_REQUESTED",
        byApplicant ? "The applicant asked for a secondary review" : `${ctx.caller!.name} recorded the applicant's request for a secondary review`,
      );
      audit({ operation: "requestSecondaryReview", caseReviewId: c.id, detail: { secondaryReviewId: saved.id, byApplicant } });
      return saved;
    },
    "the applicant",
  );
}

/** A CSP officer assigns an INDEPENDENT_REVIEWER, independent of the case: not of an involved agency, not on its panel. */
export async function assignSecondaryReviewer(ctx: Context, caseReviewId: string, reviewerId: string): Promise<SecondaryReview> {
  return runMutation(ctx, "assignSecondaryReviewer", async ({ tx, audit, event }) => {
    const c = await lockCase(tx, caseReviewId);
    const review = await lockReview(tx, c.id);
    if (c.status !== CaseReviewStatus.SECONDARY_REVIEW_REQUESTED || !review || review.outcome) {
      throw conflict(`A reviewer can be assigned only while a secondary review is waiting for its outcome (status ${c.status})`);
    }
    const reviewer = isUuid(reviewerId) ? await tx.getRepository(StaffUser).findOneBy({ id: reviewerId, active: true }) : null;
    if (!reviewer || !reviewer.roles.includes(Role.INDEPENDENT_REVIEWER)) {
      throw badInput("reviewerId: must be an independent reviewer", [{ field: "reviewerId", message: "must hold the INDEPENDENT_REVIEWER role" }]);
    }
    const involved = await tx.getRepository(CaseAgency).existsBy({ caseReviewId: c.id, agencyId: reviewer.agencyId });
    const panel = await tx.getRepository(PanelMeeting).findOneBy({ caseReviewId: c.id });
    if (involved || panel?.chairId === reviewer.id || panel?.memberIds.includes(reviewer.id)) {
      throw badInput("reviewerId: the reviewer must be independent of the case", [
        { field: "reviewerId", message: "must not be of an agency involved in the case, nor on its panel" },
      ]);
    }
    review.reviewerId = reviewer.id;
    const saved = await tx.getRepository(SecondaryReview).save(review);
    await event(c.id, "SECONDARY_REVIEWER_ASSIGNED", `${reviewer.name} will carry out the secondary review`);
    audit({ operation: "assignSecondaryReviewer", caseReviewId: c.id, detail: { reviewerId: reviewer.id } });
    return saved;
  });
}

/**
 * The assigned reviewer's decision, the last step: UPHELD refers the case back for fresh agency
 * checks; NOT_UPHELD closes it. Either way the applicant gets the SECONDARY_REVIEW_OUTCOME letter,
 * which signposts the Ombudsmen and the IOPC.
 */
export async function recordSecondaryReviewOutcome(
  ctx: Context,
  args: { caseReviewId: string; outcome: SecondaryReviewOutcome; findings: string },
): Promise<SecondaryReview> {
  assertNoProblems(blankFields({ findings: args.findings }));
  return runMutation(ctx, "recordSecondaryReviewOutcome", async ({ tx, audit, event }) => {
    const c = await lockCase(tx, args.caseReviewId);
    const review = await lockReview(tx, c.id);
    const today = todayUk();
    if (args.outcome === SecondaryReviewOutcome.UPHELD) {
      // Back to the agencies' checks with a fresh clock; the later steps' dates are set again as they come.
      c.thresholdDecisionDue = addWorkingDays(today, (await policyOf(tx, c)).thresholdDecisionWorkingDays);
      Object.assign(c, { panelDue: null, outcomeLetterDue: null, secondaryReviewRequestDue: null });
    } else {
      c.closeReason = "The secondary review did not uphold the applicant's request: the process has ended";
    }
    await transition(tx, c, "RECORD_SECONDARY_REVIEW_OUTCOME", { secondaryOutcome: args.outcome });
    if (!review) throw conflict("There is no secondary review to decide");
    Object.assign(review, { outcome: args.outcome, findings: args.findings.trim(), decidedAt: new Date(), signposting: SIGNPOSTING });
    const saved = await tx.getRepository(SecondaryReview).save(review);
    const letter = await recordLetter(tx, {
      caseReview: c,
      kind: LetterKind.SECONDARY_REVIEW_OUTCOME,
      values: { upheld: args.outcome === SecondaryReviewOutcome.UPHELD, findings: review.findings!, signposting: SIGNPOSTING },
      issuedById: ctx.caller!.id,
    });
    const upheld = args.outcome === SecondaryReviewOutcome.UPHELD;
    await tell(tx, { kind: upheld ? NotificationKind.OUTCOME_SENT : NotificationKind.CASE_CLOSED, caseReviewId: c.id });
    await event(
      c.id,
      "SECONDARY_REVIEW_DECIDED",
      args.outcome === SecondaryReviewOutcome.UPHELD
        ? "The secondary review upheld the applicant's request: the case is referred back for the agencies' checks"
        : "The secondary review did not uphold the applicant's request: the case is closed",
    );
    audit({ operation: "recordSecondaryReviewOutcome", caseReviewId: c.id, detail: { outcome: args.outcome, letterId: letter.id } });
    return saved;
  });
}
