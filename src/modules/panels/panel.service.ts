import { In, type EntityManager } from "typeorm";
import { tell } from "../notifications/outbox";
import { NotificationKind } from "../notifications/notification.entity";
import type { Context } from "../../app/context";
import { assertNoProblems, blankFields, notFound, type FieldProblem } from "../../app/errors";
import { isUuid } from "../../auth/case-access";
import { formatLongDate, formatUkDateTime, todayUk, ukDateOf, type IsoDate } from "../../calendar/dates";
import { addWorkingDays } from "../../calendar/working-days";
import type { Agency } from "../agencies/agency.entity";
import { CaseAgency, InvolvementReason } from "../case-reviews/case-agency.entity";
import type { CaseReview } from "../case-reviews/case-review.entity";
import { agencyServing } from "../case-reviews/case-review-actions.service";
import { stepDateProblem } from "../case-reviews/step-dates";
import { involveAgency, lockCase, runMutation, transition } from "../case-reviews/case-mutation";
import { policyOf } from "../partnerships/partnership.policy";
import { Recommendation } from "../recommendations/recommendation.entity";
import { Role, StaffUser } from "../staff/staff-user.entity";
import { ThresholdDecision } from "../threshold/threshold-decision.entity";
import type { RecordPanelOutcomeArgs, SchedulePanelArgs } from "./panel.input";
import { PanelMeeting } from "./panel-meeting.entity";

/**
 * Late: scheduled to sit after its due date, held after it, or not held by it. `today` is a UK date.
 */
export function isPanelOverdue(panel: Pick<PanelMeeting, "scheduledFor" | "dueBy" | "heldOn">, today: IsoDate): boolean {
  if (ukDateOf(panel.scheduledFor) > panel.dueBy) return true;
  return (panel.heldOn ?? today) > panel.dueBy;
}

/** The panel should sit within the policy's working days of the threshold decision (DOMAIN.md, "Timescales"). */
async function panelDueFor(tx: EntityManager, c: CaseReview): Promise<IsoDate> {
  const decision = await tx.getRepository(ThresholdDecision).findOneBy({ caseReviewId: c.id });
  return addWorkingDays(decision?.decidedOn ?? todayUk(), (await policyOf(tx, c)).panelWithinWorkingDays);
}

const lockPanel = (tx: EntityManager, where: { id: string } | { caseReviewId: string }) =>
  tx.getRepository(PanelMeeting).findOne({ where, lock: { mode: "pessimistic_write" } });

/** The chair must hold PANEL_CHAIR in an agency serving the partnership; members must be staff of involved agencies. */
async function checkPeople(tx: EntityManager, c: CaseReview, chairId: string, memberIds: string[]): Promise<StaffUser> {
  const problems: FieldProblem[] = [];
  const users = await tx.getRepository(StaffUser).findBy({ id: In([chairId, ...memberIds].filter(isUuid)), active: true });
  const byId = new Map(users.map(u => [u.id, u]));
  const chair = byId.get(chairId);
  if (!chair || !chair.roles.includes(Role.PANEL_CHAIR) || !(await agencyServing(tx, chair.agencyId, c.partnershipId))) {
    problems.push({ field: "chairId", message: "must be a panel chair of an agency serving the case's partnership" });
  }
  const involved = new Set((await tx.getRepository(CaseAgency).findBy({ caseReviewId: c.id })).map(r => r.agencyId));
  memberIds.forEach((id, i) => {
    const member = byId.get(id);
    if (!member || !involved.has(member.agencyId)) {
      problems.push({ field: `memberIds[${i}]`, message: "must be a member of staff of an agency involved in the case" });
    }
  });
  assertNoProblems(problems);
  return chair!;
}

/** Schedules the panel once the threshold is met, or moves it while it has not sat. */
export async function schedulePanel(ctx: Context, args: SchedulePanelArgs): Promise<PanelMeeting> {
  const memberIds = [...new Set(args.memberIds)];
  if (ukDateOf(args.scheduledFor) < todayUk()) {
    assertNoProblems([{ field: "scheduledFor", message: "must not be in the past" }]);
  }
  return runMutation(ctx, "schedulePanel", async ({ tx, audit, event }) => {
    const c = await lockCase(tx, args.caseReviewId);
    c.panelDue ??= await panelDueFor(tx, c);
    await transition(tx, c, "SCHEDULE_PANEL");
    const chair = await checkPeople(tx, c, args.chairId, memberIds);
    const repo = tx.getRepository(PanelMeeting);
    const existing = await lockPanel(tx, { caseReviewId: c.id });
    const panel = existing ?? repo.create({ caseReviewId: c.id });
    // A case referred back by a secondary review meets again: the earlier panel's findings stay in
    // the outcome letter it produced and in the audit trail (one panel row per case in the schema).
    const previousFindings = existing?.heldAt ? existing.findings : null;
    Object.assign(panel, {
      scheduledFor: args.scheduledFor,
      chairId: chair.id,
      memberIds,
      dueBy: c.panelDue,
      scheduledById: ctx.caller!.id,
      heldAt: null,
      heldOn: null,
      findings: null,
    });
    const saved = await repo.save(panel);
    const when = formatUkDateTime(args.scheduledFor);
    await tell(tx, { kind: NotificationKind.PANEL_SCHEDULED, caseReviewId: c.id });
    await event(
      c.id,
      existing && !previousFindings ? "PANEL_RESCHEDULED" : "PANEL_SCHEDULED",
      `The panel ${existing && !previousFindings ? "was moved to" : "will sit at"} ${when}, chaired by ${chair.name}, with ${memberIds.length} member(s); it is due by ${formatLongDate(c.panelDue!)}`,
    );
    audit({
      operation: "schedulePanel",
      caseReviewId: c.id,
      detail: { panelId: saved.id, scheduledFor: args.scheduledFor.toISOString(), chairId: chair.id, memberIds, previousFindings },
    });
    return saved;
  });
}

/** The steps a panel follows, with their dates: the threshold decision and, when the case was referred back, the secondary review. */
async function stepsBeforePanel(tx: EntityManager, caseReviewId: string): Promise<{ decidedOn: IsoDate | null; reviewedOn: IsoDate | null }> {
  const [row] = await tx.query(
    `SELECT (SELECT decided_on FROM threshold_decision WHERE case_review_id = $1) AS "decidedOn",
            (SELECT (decided_at AT TIME ZONE 'Europe/London')::date FROM secondary_review WHERE case_review_id = $1) AS "reviewedOn"`,
    [caseReviewId],
  );
  return row;
}

/** The panel cannot have sat before the application was received, nor before the steps it follows. */
export function heldOnProblem(heldOn: IsoDate, c: Pick<CaseReview, "receivedOn">, before: { decidedOn: IsoDate | null; reviewedOn: IsoDate | null }) {
  return stepDateProblem("heldOn", heldOn, [
    { what: "the date the application was received", on: c.receivedOn },
    { what: "the threshold decision", on: before.decidedOn },
    { what: "the secondary review that referred the case back", on: before.reviewedOn },
  ]);
}

/** The chair records the findings and recommendations: the panel is held and the outcome-letter clock starts. */
export async function recordPanelOutcome(ctx: Context, args: RecordPanelOutcomeArgs): Promise<PanelMeeting> {
  const today = todayUk();
  const heldOn = args.heldOn ?? today;
  const problems = blankFields({ findings: args.findings });
  if (heldOn > today) problems.push({ field: "heldOn", message: "must not be in the future" });
  args.recommendations.forEach((r, i) => {
    const at = `recommendations[${i}]`;
    const toAgency = !!r.assignedAgencyId;
    const toPerson = !!r.assigneeName?.trim();
    if (toAgency === toPerson) problems.push({ field: at, message: "give either assignedAgencyId or assigneeName" });
    problems.push(...blankFields({ [`${at}.text`]: r.text }));
    if (r.dueBy <= heldOn) problems.push({ field: `${at}.dueBy`, message: `must be after the panel sat (${formatLongDate(heldOn)})` });
  });
  assertNoProblems(problems);

  return runMutation(ctx, "recordPanelOutcome", async ({ tx, audit, event }) => {
    // The case first, then the panel: every mutation locks in that order, so none deadlock.
    const found = await tx.getRepository(PanelMeeting).findOneBy({ id: args.panelId });
    if (!found) throw notFound("Panel");
    const c = await lockCase(tx, found.caseReviewId);
    const panel = (await lockPanel(tx, { id: found.id }))!;
    assertNoProblems([heldOnProblem(heldOn, c, await stepsBeforePanel(tx, c.id))].filter(p => p !== null));
    c.outcomeLetterDue = addWorkingDays(heldOn, (await policyOf(tx, c)).outcomeLetterWorkingDays);
    await transition(tx, c, "RECORD_PANEL_OUTCOME");
    // One after another: a transaction is one connection, which runs one statement at a time.
    const agencies: Array<Agency | null> = [];
    for (const r of args.recommendations) agencies.push(r.assignedAgencyId ? await agencyServing(tx, r.assignedAgencyId, c.partnershipId) : null);
    assertNoProblems(
      args.recommendations.flatMap((r, i) =>
        r.assignedAgencyId && !agencies[i]
          ? [{ field: `recommendations[${i}].assignedAgencyId`, message: "must be an agency serving the case's partnership" }]
          : [],
      ),
    );

    const heldAt = new Date();
    Object.assign(panel, { heldAt, heldOn, findings: args.findings.trim() });
    const saved = await tx.getRepository(PanelMeeting).save(panel);

    const repo = tx.getRepository(Recommendation);
    const recommendations = await repo.save(
      args.recommendations.map((r, i) =>
        repo.create({
          caseReviewId: c.id,
          panelId: panel.id,
          assignedAgencyId: agencies[i]?.id ?? null,
          assigneeName: r.assignedAgencyId ? null : r.assigneeName!.trim(),
          text: r.text.trim(),
          dueBy: r.dueBy,
          // One transaction shares one now(): a millisecond apart keeps the chair's order wherever they are listed.
          createdAt: new Date(heldAt.getTime() + i),
        }),
      ),
    );
    for (const agency of agencies) {
      if (agency) await involveAgency(tx, c.id, agency.id, InvolvementReason.RECOMMENDATION_ASSIGNED);
    }
    for (const r of recommendations) {
      if (r.assignedAgencyId) await tell(tx, { kind: NotificationKind.RECOMMENDATION_ISSUED, caseReviewId: c.id, agencyId: r.assignedAgencyId, subjectId: r.id });
    }
    const addressees = args.recommendations.map((r, i) => agencies[i]?.name ?? r.assigneeName!.trim());
    await event(
      c.id,
      "PANEL_HELD",
      `The panel sat on ${formatLongDate(heldOn)} and made ${recommendations.length} recommendation(s)` +
        (addressees.length ? ` (to ${[...new Set(addressees)].join(", ")})` : "") +
        `; the outcome letter is due by ${formatLongDate(c.outcomeLetterDue)}`,
    );
    audit({
      operation: "recordPanelOutcome",
      caseReviewId: c.id,
      detail: { panelId: panel.id, heldOn, recommendationIds: recommendations.map(r => r.id), outcomeLetterDue: c.outcomeLetterDue },
    });
    return saved;
  });
}
