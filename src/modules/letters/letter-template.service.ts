import { In, QueryFailedError, type EntityManager } from "typeorm";
import { noteRead, type Context } from "../../app/context";
import { assertNoProblems, conflict, notFound, type FieldProblem } from "../../app/errors";
import { formatLongDate, todayUk, type IsoDate } from "../../calendar/dates";
import { addWorkingDays } from "../../calendar/working-days";
import { Agency } from "../agencies/agency.entity";
import { Representative } from "../case-reviews/applicant.entity";
import { CaseReview } from "../case-reviews/case-review.entity";
import { runMutation } from "../case-reviews/case-mutation";
import { Incident } from "../incidents/incident.entity";
import { listInWords } from "../incidents/incident.words";
import { PanelMeeting } from "../panels/panel-meeting.entity";
import { Partnership } from "../partnerships/partnership.entity";
import { Recommendation } from "../recommendations/recommendation.entity";
import { SecondaryReview, SecondaryReviewOutcome } from "../secondary-reviews/secondary-review.entity";
import { ThresholdDecision } from "../threshold/threshold-decision.entity";
import { whyMet } from "../threshold/threshold.service";
import { LetterKind } from "./letter.entity";
import { LetterTemplateVersion } from "./letter-template.entity";
import { PLACEHOLDERS, placeholdersFor, type LetterValues } from "./letter-placeholders";
import { BODY_MAX, SUBJECT_MAX } from "./letter-template.input";
import { templateProblems } from "./letter-template.render";
import type { LetterPlaceholder, LetterPreview, LetterTemplate } from "./letter-template.type";
import { renderLetter } from "./letters";
import { SIGNPOSTING } from "./templates/signposting";
import { DEFAULT_TEMPLATES } from "./templates/defaults";


const KINDS = Object.values(LetterKind);

const defaultTemplate = (partnershipId: string, kind: LetterKind): LetterTemplate => ({
  partnershipId,
  kind,
  version: 0,
  isDefault: true,
  ...DEFAULT_TEMPLATES[kind],
  changedAt: null,
  changedById: null,
});

const fromRow = (r: LetterTemplateVersion): LetterTemplate => ({
  partnershipId: r.partnershipId,
  kind: r.kind,
  version: r.version,
  isDefault: false,
  subject: r.subject,
  body: r.body,
  changedAt: r.createdAt,
  changedById: r.createdById,
});

export const placeholdersOf = (kind: LetterKind): LetterPlaceholder[] =>
  placeholdersFor(kind).map(p => ({ name: p.name, description: p.description, itemFields: Object.keys(p.itemFields ?? {}) }));

/** The current template of every letter kind for a partnership: its latest saved version, or the default. One statement. */
export async function letterTemplates(ctx: Context, partnershipId: string): Promise<LetterTemplate[]> {
  const rows: LetterTemplateVersion[] = await ctx.ds
    .getRepository(LetterTemplateVersion)
    .createQueryBuilder("t")
    .distinctOn(["t.kind"])
    .where("t.partnershipId = :partnershipId", { partnershipId })
    .orderBy("t.kind")
    .addOrderBy("t.version", "DESC")
    .getMany();
  const byKind = new Map(rows.map(r => [r.kind, r]));
  return KINDS.map(kind => (byKind.has(kind) ? fromRow(byKind.get(kind)!) : defaultTemplate(partnershipId, kind)));
}

/** Every version of one kind's template, newest first, ending with the default wording (version 0). */
export async function letterTemplateHistory(ctx: Context, partnershipId: string, kind: LetterKind): Promise<LetterTemplate[]> {
  const rows = await ctx.ds.getRepository(LetterTemplateVersion).find({ where: { partnershipId, kind }, order: { version: "DESC" } });
  return [...rows.map(fromRow), defaultTemplate(partnershipId, kind)];
}

/**
 * Saves a partnership's own wording for one kind as the next version. Every placeholder is checked
 * against the documented list of the kind: an unknown or misspelt one is refused, named, with
 * nothing saved. Saving the current wording again changes nothing.
 */
export async function updateLetterTemplate(
  ctx: Context,
  args: { partnershipId: string; kind: LetterKind; subject: string; body: string },
): Promise<LetterTemplate> {
  const problems: FieldProblem[] = [];
  const subject = args.subject.trim();
  const body = args.body.replace(/\r\n?/g, "\n");
  if (!subject) problems.push({ field: "subject", message: "must not be blank" });
  else if (subject.length > SUBJECT_MAX) problems.push({ field: "subject", message: `at most ${SUBJECT_MAX} characters` });
  if (!body.trim()) problems.push({ field: "body", message: "must not be blank" });
  else if (body.length > BODY_MAX) problems.push({ field: "body", message: `at most ${BODY_MAX} characters` });
  if (!problems.length) problems.push(...templateProblems(args.kind, subject, "subject"), ...templateProblems(args.kind, body, "body"));
  assertNoProblems(problems);

  try {
    return await runMutation(ctx, "updateLetterTemplate", async ({ tx, audit }) => {
      const partnership = await tx.getRepository(Partnership).findOneBy({ id: args.partnershipId });
      if (!partnership) throw notFound("Partnership");
      const latest = await tx.getRepository(LetterTemplateVersion).findOne({ where: { partnershipId: partnership.id, kind: args.kind }, order: { version: "DESC" } });
      const current = latest ? fromRow(latest) : defaultTemplate(partnership.id, args.kind);
      if (current.subject === subject && current.body === body) return current;
      const saved = await tx.getRepository(LetterTemplateVersion).save(
        tx.getRepository(LetterTemplateVersion).create({
          partnershipId: partnership.id,
          kind: args.kind,
          version: current.version + 1,
          subject,
          body,
          createdById: ctx.caller!.id,
        }),
      );
      // The wording itself stays in its version row; the audit says who made which version, when.
      audit({
        operation: "updateLetterTemplate",
        caseReviewId: null,
        detail: { partnershipId: partnership.id, partnershipCode: partnership.code, kind: args.kind, version: saved.version, previousVersion: current.version },
      });
      return fromRow(saved);
    });
  } catch (err) {
    // Two officers saving the same kind at once: the unique (partnership, kind, version) keeps one.
    if (err instanceof QueryFailedError && (err as unknown as { code?: string }).code === "23505") {
      throw conflict("Someone else saved this letter template at the same moment: read it again and make your change on top of theirs");
    }
    throw err;
  }
}

// ---- Preview ---------------------------------------------------------------------------------------

const unknownYet = (what: string) => `[${what}]`;

/**
 * The values of a letter of `kind` as the case stands: what is recorded, or what the step would
 * set if it were taken today; what cannot be known yet is shown in [brackets] and named.
 */
async function previewValues(em: EntityManager, c: CaseReview, kind: LetterKind, today: IsoDate, newOutcomeDate: IsoDate | undefined) {
  const partnership = await em.getRepository(Partnership).findOneByOrFail({ id: c.partnershipId });
  const policy = partnership.policy;
  const notYet: string[] = [];
  const pending = (name: string, what: string) => {
    notYet.push(name);
    return unknownYet(what);
  };
  const values: LetterValues = {};
  switch (kind) {
    case LetterKind.ACKNOWLEDGEMENT: {
      const incidents = await em.getRepository(Incident).find({ where: { caseReviewId: c.id } });
      const agencies = await em.getRepository(Agency).find({ where: { id: In([...new Set(incidents.map(i => i.reportedToAgencyId))]) }, order: { name: "ASC" } });
      const representative = await em.getRepository(Representative).findOneBy({ caseReviewId: c.id });
      Object.assign(values, {
        incidentCount: incidents.length,
        agencyNames: listInWords(agencies.map(a => a.name)),
        thresholdDecisionDue: formatLongDate(c.thresholdDecisionDue),
        requiredQualifyingComplaints: policy.minimumQualifyingComplaints,
        representativeName: representative?.name ?? "",
      });
      break;
    }
    case LetterKind.THRESHOLD_MET:
    case LetterKind.THRESHOLD_NOT_MET: {
      const decision = await em.getRepository(ThresholdDecision).findOneBy({ caseReviewId: c.id });
      const count = decision?.qualifyingIncidentCount ?? 0;
      if (kind === LetterKind.THRESHOLD_MET) {
        Object.assign(values, {
          why: decision?.met && decision.route ? whyMet(decision.route, decision.reason, count, policy.minimumQualifyingComplaints) : pending("why", "why the threshold is met: the route, from the decision"),
          panelDue: formatLongDate(c.panelDue ?? addWorkingDays(today, policy.panelWithinWorkingDays)),
          outcomeLetterWorkingDays: policy.outcomeLetterWorkingDays,
        });
      } else {
        Object.assign(values, {
          reason: decision && !decision.met ? decision.reason : pending("reason", "the reason, recorded with the decision"),
          actionToBeTaken: decision?.actionToBeTaken ?? pending("actionToBeTaken", "the action to be taken, recorded with the decision"),
          qualifyingComplaints: count,
          requiredQualifyingComplaints: policy.minimumQualifyingComplaints,
          secondaryReviewRequestDue: formatLongDate(c.secondaryReviewRequestDue ?? addWorkingDays(today, policy.secondaryReviewRequestWorkingDays)),
        });
      }
      break;
    }
    case LetterKind.OUTCOME: {
      const panel = await em.getRepository(PanelMeeting).findOneBy({ caseReviewId: c.id });
      const recommendations = panel ? await em.getRepository(Recommendation).find({ where: { panelId: panel.id }, order: { createdAt: "ASC", id: "ASC" } }) : [];
      const names = new Map((await em.getRepository(Agency).findBy({ id: In(recommendations.flatMap(r => (r.assignedAgencyId ? [r.assignedAgencyId] : []))) })).map(a => [a.id, a.name]));
      Object.assign(values, {
        panelHeldOn: panel?.heldOn ? formatLongDate(panel.heldOn) : pending("panelHeldOn", "the date the panel meets"),
        findings: panel?.findings ?? pending("findings", "the panel's findings"),
        recommendationCount: recommendations.length,
        recommendations: recommendations.map(r => ({
          addressee: (r.assignedAgencyId && names.get(r.assignedAgencyId)) || r.assigneeName || "the organisation named",
          text: r.text,
          dueBy: formatLongDate(r.dueBy),
        })),
        secondaryReviewRequestDue: formatLongDate(addWorkingDays(today, policy.secondaryReviewRequestWorkingDays)),
        secondaryReviewRequestWorkingDays: policy.secondaryReviewRequestWorkingDays,
      });
      break;
    }
    case LetterKind.EXTENSION:
      Object.assign(values, {
        currentDue: c.outcomeLetterDue ? formatLongDate(c.outcomeLetterDue) : pending("currentDue", "the outcome letter's due date, set when the panel has sat"),
        newOutcomeDate: newOutcomeDate ? formatLongDate(newOutcomeDate) : pending("newOutcomeDate", "the new date, given when the letter is issued"),
      });
      break;
    case LetterKind.SECONDARY_REVIEW_OUTCOME: {
      const review = await em.getRepository(SecondaryReview).findOneBy({ caseReviewId: c.id });
      Object.assign(values, {
        upheld: review?.outcome === SecondaryReviewOutcome.UPHELD,
        findings: review?.findings ?? pending("findings", "the reviewer's findings"),
        signposting: SIGNPOSTING,
      });
      break;
    }
  }
  const dueBy = { [LetterKind.ACKNOWLEDGEMENT]: c.acknowledgementDue, [LetterKind.THRESHOLD_MET]: c.thresholdDecisionDue, [LetterKind.THRESHOLD_NOT_MET]: c.thresholdDecisionDue, [LetterKind.OUTCOME]: c.outcomeLetterDue, [LetterKind.EXTENSION]: c.outcomeLetterDue, [LetterKind.SECONDARY_REVIEW_OUTCOME]: null }[kind];
  return { values, notYet, dueBy };
}

/**
 * What a letter of `kind` would say if it were sent now, from the partnership's current template.
 * Nothing is written but the audit of the read: the preview shows the applicant's personal data.
 */
export async function previewLetter(ctx: Context, args: { caseReviewId: string; kind: LetterKind; newOutcomeDate?: IsoDate }): Promise<LetterPreview> {
  const em = ctx.ds.manager;
  const c = await em.getRepository(CaseReview).findOneBy({ id: args.caseReviewId });
  if (!c) throw notFound("Case review");
  const today = todayUk();
  const { values, notYet, dueBy } = await previewValues(em, c, args.kind, today, args.newOutcomeDate);
  const rendered = await renderLetter(em, c, args.kind, values, today);
  noteRead(ctx, c.id, "previewLetter", args.kind);
  return { kind: args.kind, templateVersion: rendered.templateVersion, subject: rendered.subject, body: rendered.body, html: rendered.html, dueBy, notYetKnown: notYet };
}

/** The catalogue, for the schema's description. */
export const PLACEHOLDER_LIST = PLACEHOLDERS.map(p => `${p.name}${p.kinds ? ` (${p.kinds.join(", ")})` : ""}`).join(", ");
