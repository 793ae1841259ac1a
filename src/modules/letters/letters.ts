import type { EntityManager } from "typeorm";
import { formatLongDate, todayUk, type IsoDate } from "../../calendar/dates";
import { Applicant } from "../case-reviews/applicant.entity";
import type { CaseReview } from "../case-reviews/case-review.entity";
import { listInWords } from "../incidents/incident.words";
import { Partnership } from "../partnerships/partnership.entity";
import { Letter, LetterKind } from "./letter.entity";
import { LetterTemplateVersion } from "./letter-template.entity";
import type { LetterValues } from "./letter-placeholders";
import { renderTemplate } from "./letter-template.render";
import { DEFAULT_TEMPLATES } from "./templates/defaults";

/** A partnership's template for one kind: its latest saved version, or the default wording (version 0). */
export interface CurrentTemplate {
  version: number;
  subject: string;
  body: string;
  saved: LetterTemplateVersion | null;
}

export async function currentTemplate(em: EntityManager, partnershipId: string, kind: LetterKind): Promise<CurrentTemplate> {
  const saved = await em.getRepository(LetterTemplateVersion).findOne({ where: { partnershipId, kind }, order: { version: "DESC" } });
  return saved ? { version: saved.version, subject: saved.subject, body: saved.body, saved } : { version: 0, ...DEFAULT_TEMPLATES[kind], saved: null };
}

/** The placeholders every letter has: the applicant, the case and the partnership's details. */
export async function commonValues(em: EntityManager, c: CaseReview, today: IsoDate = todayUk()): Promise<LetterValues> {
  // One after the other: inside a transaction both share one connection, which runs one query at a time.
  const applicant = await em.getRepository(Applicant).findOne({ where: { caseReviewId: c.id }, order: { position: "ASC" } });
  const partnership = await em.getRepository(Partnership).findOneByOrFail({ id: c.partnershipId });
  return {
    applicantName: applicant?.name ?? "Sir or Madam",
    reference: c.reference,
    partnershipName: partnership.name,
    partnershipAreas: listInWords(partnership.areas ?? []),
    contactEmail: partnership.contactEmail ?? "",
    contactPhone: partnership.contactPhone ?? "",
    contactAddress: partnership.contactAddress ?? "",
    today: formatLongDate(today),
    receivedOn: formatLongDate(c.receivedOn),
  };
}

export interface RenderedLetter {
  subject: string;
  body: string;
  html: string;
  templateVersion: number;
}

/** The letter of `kind` for the case, from the partnership's current template; nothing is saved. */
export async function renderLetter(em: EntityManager, c: CaseReview, kind: LetterKind, values: LetterValues, today: IsoDate = todayUk()): Promise<RenderedLetter> {
  const template = await currentTemplate(em, c.partnershipId, kind);
  const common = await commonValues(em, c, today);
  const all = { ...common, ...values };
  const body = renderTemplate(template.body, all);
  return { subject: renderTemplate(template.subject, all).text.replace(/\s+/g, " ").trim(), body: body.text, html: body.html, templateVersion: template.version };
}

/** Records a letter to the applicant, written from the partnership's template (or as edited: `body`). */
export async function recordLetter(
  tx: EntityManager,
  fields: { caseReview: CaseReview; kind: LetterKind; values: LetterValues; body?: string | null; dueBy?: string | null; issuedById?: string | null },
): Promise<Letter> {
  const today = todayUk();
  const rendered = await renderLetter(tx, fields.caseReview, fields.kind, fields.values, today);
  const repo = tx.getRepository(Letter);
  return repo.save(
    repo.create({
      caseReviewId: fields.caseReview.id,
      kind: fields.kind,
      subject: rendered.subject,
      body: fields.body ?? rendered.body,
      templateVersion: rendered.templateVersion,
      dueBy: fields.dueBy ?? null,
      issuedById: fields.issuedById ?? null,
      issuedOn: today,
    }),
  );
}
