import { In, type EntityManager } from "typeorm";
import { tell } from "../notifications/outbox";
import { NotificationKind } from "../notifications/notification.entity";
import type { Context } from "../../app/context";
import { badInput, conflict, type FieldProblem } from "../../app/errors";
import { formatLongDate, todayUk, type IsoDate } from "../../calendar/dates";
import { addWorkingDays } from "../../calendar/working-days";
import { Agency } from "../agencies/agency.entity";
import { CaseReview } from "../case-reviews/case-review.entity";
import { lockCase, runMutation, transition } from "../case-reviews/case-mutation";
import { nextStatus, TransitionError, type CaseAction } from "../case-reviews/case-review.state-machine";
import { PanelMeeting } from "../panels/panel-meeting.entity";
import { Partnership } from "../partnerships/partnership.entity";
import { Recommendation } from "../recommendations/recommendation.entity";
import { Letter, LetterKind } from "./letter.entity";
import type { LetterValues } from "./letter-placeholders";
import { recordLetter, renderLetter } from "./letters";

/** The kinds a CSP officer issues; the others are written by the platform as the case moves. */
const ISSUED_BY_STAFF: Partial<Record<LetterKind, CaseAction>> = {
  [LetterKind.OUTCOME]: "ISSUE_OUTCOME_LETTER",
  [LetterKind.EXTENSION]: "ISSUE_EXTENSION_LETTER",
};

/** A letter worked out from the case, before anything is saved. */
interface PreparedLetter {
  kind: LetterKind;
  action: CaseAction;
  /** The placeholders of its kind (letter-placeholders.ts), beside the common ones. */
  values: LetterValues;
  dueBy: IsoDate | null;
  /** The date the letter exists to tell the applicant: an edited body must still say it. */
  mustSay: { date: IsoDate; what: string };
  /** Changes to the case when the letter is issued. */
  apply: (c: CaseReview) => void;
}

function assertAllowed(c: CaseReview, action: CaseAction): void {
  try {
    nextStatus(c.status, action);
  } catch (err) {
    if (err instanceof TransitionError) throw conflict(`${err.message.charAt(0).toUpperCase()}${err.message.slice(1)} (status ${c.status})`);
    throw err;
  }
}

/**
 * Works out the letter and checks the rules for its kind: OUTCOME once the panel has sat;
 * EXTENSION on or before the outcome letter's due date, to a later date.
 */
async function prepareLetter(tx: EntityManager, c: CaseReview, kind: LetterKind, newOutcomeDate: IsoDate | undefined, today: IsoDate): Promise<PreparedLetter> {
  const action = ISSUED_BY_STAFF[kind];
  if (!action) {
    throw badInput(`kind: ${kind} letters are issued by the platform as the case moves on, not by hand`, [
      { field: "kind", message: "must be OUTCOME or EXTENSION" },
    ]);
  }
  assertAllowed(c, action);
  const policy = (await tx.getRepository(Partnership).findOneByOrFail({ id: c.partnershipId })).policy;

  if (kind === LetterKind.OUTCOME) {
    if (newOutcomeDate) throw badInput("newOutcomeDate: only for an EXTENSION letter", [{ field: "newOutcomeDate", message: "only for an EXTENSION letter" }]);
    const panel = await tx.getRepository(PanelMeeting).findOneByOrFail({ caseReviewId: c.id });
    const recommendations = await tx.getRepository(Recommendation).find({ where: { panelId: panel.id }, order: { createdAt: "ASC", id: "ASC" } });
    const agencyIds = recommendations.flatMap(r => (r.assignedAgencyId ? [r.assignedAgencyId] : []));
    const agencyNames = new Map((await tx.getRepository(Agency).findBy({ id: In(agencyIds) })).map(a => [a.id, a.name] as const));
    const secondaryReviewRequestDue = addWorkingDays(today, policy.secondaryReviewRequestWorkingDays);
    return {
      kind,
      action,
      dueBy: c.outcomeLetterDue,
      values: {
        panelHeldOn: formatLongDate(panel.heldOn!),
        findings: panel.findings ?? "",
        recommendationCount: recommendations.length,
        recommendations: recommendations.map(r => ({
          addressee: (r.assignedAgencyId && agencyNames.get(r.assignedAgencyId)) || r.assigneeName || "the organisation named",
          text: r.text,
          dueBy: formatLongDate(r.dueBy),
        })),
        secondaryReviewRequestDue: formatLongDate(secondaryReviewRequestDue),
        secondaryReviewRequestWorkingDays: policy.secondaryReviewRequestWorkingDays,
      },
      mustSay: { date: secondaryReviewRequestDue, what: "the last day to ask for a secondary review" },
      apply: c => {
        c.secondaryReviewRequestDue = secondaryReviewRequestDue;
      },
    };
  }

  // EXTENSION: notice that the outcome will be late comes before it is due (DOMAIN.md, "Timescales").
  const currentDue = c.outcomeLetterDue;
  if (!currentDue) throw conflict("The outcome letter has no due date yet: it is set when the panel has sat");
  if (today > currentDue) {
    throw conflict(`The outcome letter was due by ${formatLongDate(currentDue)}: an extension letter must be issued on or before that date`);
  }
  const problems: FieldProblem[] = [];
  if (!newOutcomeDate) problems.push({ field: "newOutcomeDate", message: "required for an EXTENSION letter: when to expect the outcome" });
  else if (newOutcomeDate <= currentDue) problems.push({ field: "newOutcomeDate", message: `must be later than the current due date, ${formatLongDate(currentDue)}` });
  if (problems.length) throw badInput(`newOutcomeDate: ${problems[0]!.message}`, problems);
  return {
    kind,
    action,
    dueBy: currentDue,
    values: { currentDue: formatLongDate(currentDue), newOutcomeDate: formatLongDate(newOutcomeDate!) },
    mustSay: { date: newOutcomeDate!, what: "when to expect the outcome" },
    apply: c => {
      c.outcomeLetterDue = newOutcomeDate!;
    },
  };
}

/** The letter generated from the case, for editing; nothing is saved. */
export async function letterDraft(ctx: Context, caseReviewId: string, kind: LetterKind, newOutcomeDate?: IsoDate) {
  const c = await ctx.ds.getRepository(CaseReview).findOneByOrFail({ id: caseReviewId });
  const today = todayUk();
  const prepared = await prepareLetter(ctx.ds.manager, c, kind, newOutcomeDate, today);
  const rendered = await renderLetter(ctx.ds.manager, c, kind, prepared.values, today);
  return { kind, body: rendered.body, dueBy: prepared.dueBy };
}

/**
 * Issues an OUTCOME or EXTENSION letter: the body as given (edited by the officer) or the template.
 * OUTCOME sends the case to OUTCOME_SENT and starts the secondary-review window; EXTENSION moves
 * the outcome letter's due date.
 */
export async function issueLetter(
  ctx: Context,
  args: { caseReviewId: string; kind: LetterKind; body?: string | null; newOutcomeDate?: IsoDate | null },
): Promise<Letter> {
  return runMutation(ctx, "issueLetter", async ({ tx, audit, event }) => {
    const c = await lockCase(tx, args.caseReviewId);
    const today = todayUk();
    const prepared = await prepareLetter(tx, c, args.kind, args.newOutcomeDate ?? undefined, today);
    const edited = args.body != null && args.body.trim() !== "";
    const body = edited ? args.body! : null;
    if (edited && !body!.includes(formatLongDate(prepared.mustSay.date))) {
      throw badInput(`body: the letter must tell the applicant ${prepared.mustSay.what}: ${formatLongDate(prepared.mustSay.date)}`, [
        { field: "body", message: `must include ${formatLongDate(prepared.mustSay.date)} (${prepared.mustSay.what})` },
      ]);
    }
    const previousDue = c.outcomeLetterDue;
    prepared.apply(c);
    await transition(tx, c, prepared.action);
    const letter = await recordLetter(tx, { caseReview: c, kind: args.kind, values: prepared.values, body, dueBy: prepared.dueBy, issuedById: ctx.caller!.id });
    if (args.kind === LetterKind.OUTCOME) await tell(tx, { kind: NotificationKind.OUTCOME_SENT, caseReviewId: c.id });
    const late = prepared.dueBy && today > prepared.dueBy ? ` (late: it was due by ${formatLongDate(prepared.dueBy)})` : "";
    await event(
      c.id,
      `LETTER_${args.kind}`,
      args.kind === LetterKind.OUTCOME
        ? `The outcome letter was sent${late}; the applicant may ask for a secondary review until ${formatLongDate(c.secondaryReviewRequestDue!)}`
        : `An extension letter was sent: the outcome letter is now due by ${formatLongDate(c.outcomeLetterDue!)} (was ${formatLongDate(previousDue!)})`,
    );
    audit({
      operation: "issueLetter",
      caseReviewId: c.id,
      detail: { letterId: letter.id, kind: args.kind, templateVersion: letter.templateVersion, edited, dueBy: prepared.dueBy, outcomeLetterDue: c.outcomeLetterDue },
    });
    return letter;
  });
}
