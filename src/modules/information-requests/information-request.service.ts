import type { EntityManager } from "typeorm";
import { tell } from "../notifications/outbox";
import { NotificationKind } from "../notifications/notification.entity";
import type { Context } from "../../app/context";
import { assertNoProblems, conflict, notFound, type FieldProblem } from "../../app/errors";
import { isUuid } from "../../auth/case-access";
import { formatLongDate, todayUk, ukDateOf, type IsoDate } from "../../calendar/dates";
import { addWorkingDays } from "../../calendar/working-days";
import { Agency } from "../agencies/agency.entity";
import { InvolvementReason } from "../case-reviews/case-agency.entity";
import { CaseReviewStatus } from "../case-reviews/case-review.entity";
import { involveAgency, lockCase, runMutation, transition } from "../case-reviews/case-mutation";
import type { Incident } from "../incidents/incident.entity";
import { CATEGORY_WORDS } from "../incidents/incident.words";
import { Partnership } from "../partnerships/partnership.entity";
import { InformationRequest, InformationRequestStatus } from "./information-request.entity";

/** OPEN, ANSWERED or OVERDUE: worked out from the answer and the due date, never stored. */
export function requestStatus(r: Pick<InformationRequest, "answeredAt" | "dueBy">, today: IsoDate = todayUk()): InformationRequestStatus {
  if (r.answeredAt) return InformationRequestStatus.ANSWERED;
  return r.dueBy < today ? InformationRequestStatus.OVERDUE : InformationRequestStatus.OPEN;
}

/** The question sent with the case to an agency that incidents were reported to: which records to check. */
export function incidentCheckQuestion(agencyName: string, incidents: Incident[]): string {
  const lines = incidents.map((i, n) => {
    const ref = i.agencyReference ? ` (your reference ${i.agencyReference})` : "";
    return `${n + 1}. ${capitalise(CATEGORY_WORDS[i.category])} at ${i.location} on ${formatLongDate(i.occurredOn)}, reported to ${agencyName} on ${formatLongDate(i.reportedOn)}${ref}.`;
  });
  const one = incidents.length === 1;
  return [
    `An application for an ASB case review says ${one ? "this incident was" : `these ${incidents.length} incidents were`} reported to ${agencyName}:`,
    ...lines,
    `Please check your records and confirm ${one ? "it" : "each one"} (confirmed, or not found), with your own reference. ` +
      "Tell us what you hold about the reports and any action you took.",
  ].join("\n");
}

/** Sends an information request to an agency, which becomes involved in the case (ACCESS.md). */
export async function createInformationRequest(
  tx: EntityManager,
  fields: { caseReviewId: string; agencyId: string; question: string; dueBy: IsoDate; requestedById: string | null; reason: InvolvementReason },
): Promise<InformationRequest> {
  await involveAgency(tx, fields.caseReviewId, fields.agencyId, fields.reason);
  const repo = tx.getRepository(InformationRequest);
  const saved = await repo.save(
    repo.create({
      caseReviewId: fields.caseReviewId,
      agencyId: fields.agencyId,
      question: fields.question,
      dueBy: fields.dueBy,
      requestedById: fields.requestedById,
    }),
  );
  const kind = fields.reason === InvolvementReason.INCIDENT_REPORTED ? NotificationKind.INCIDENTS_TO_CONFIRM : NotificationKind.INFORMATION_REQUESTED;
  await tell(tx, { kind, caseReviewId: fields.caseReviewId, agencyId: fields.agencyId, subjectId: saved.id });
  return saved;
}

/**
 * Each agency the incidents were reported to is involved and asked to check its records: one
 * request per agency, naming its incidents. Returns the agencies asked, in the order first named.
 */
export async function requestIncidentChecks(
  tx: EntityManager,
  fields: { caseReviewId: string; incidents: Incident[]; fromDate: IsoDate; workingDays: number; requestedById: string | null },
): Promise<Agency[]> {
  const agencyIds = [...new Set(fields.incidents.map(i => i.reportedToAgencyId))];
  const agencies = await tx.getRepository(Agency).findBy(agencyIds.map(id => ({ id })));
  const byId = new Map(agencies.map(a => [a.id, a]));
  const dueBy = addWorkingDays(fields.fromDate, fields.workingDays);
  const asked: Agency[] = [];
  for (const agencyId of agencyIds) {
    const agency = byId.get(agencyId)!;
    await createInformationRequest(tx, {
      caseReviewId: fields.caseReviewId,
      agencyId,
      question: incidentCheckQuestion(agency.name, fields.incidents.filter(i => i.reportedToAgencyId === agencyId)),
      dueBy,
      requestedById: fields.requestedById,
      reason: InvolvementReason.INCIDENT_REPORTED,
    });
    asked.push(agency);
  }
  return asked;
}

/** The agencies that serve a partnership, as a set of ids. */
export async function servingAgencyIds(tx: EntityManager, partnershipId: string): Promise<Set<string>> {
  const rows: Array<{ agency_id: string }> = await tx.query(`SELECT agency_id FROM agency_partnership WHERE partnership_id = $1`, [partnershipId]);
  return new Set(rows.map(r => r.agency_id));
}

/** A CSP officer asks a partner for its records (Sch.4 para 5). */
export async function requestInformation(
  ctx: Context,
  args: { caseReviewId: string; agencyId: string; question: string; dueBy?: string | null },
): Promise<InformationRequest> {
  return runMutation(ctx, "requestInformation", async ({ tx, audit, event }) => {
    const c = await lockCase(tx, args.caseReviewId);
    await transition(tx, c, "REQUEST_INFORMATION");
    const today = todayUk();
    const serving = await servingAgencyIds(tx, c.partnershipId);
    const problems: FieldProblem[] = [];
    const question = args.question.trim();
    if (!question) problems.push({ field: "question", message: "say what the agency should look for" });
    if (!isUuid(args.agencyId) || !serving.has(args.agencyId)) {
      problems.push({ field: "agencyId", message: "must be an agency that serves the case's partnership" });
    }
    if (args.dueBy && args.dueBy < today) problems.push({ field: "dueBy", message: `cannot be in the past (today is ${today})` });
    assertNoProblems(problems);
    const partnership = await tx.getRepository(Partnership).findOneByOrFail({ id: c.partnershipId });
    const dueBy = args.dueBy ?? addWorkingDays(today, partnership.policy.informationRequestWorkingDays);
    const request = await createInformationRequest(tx, {
      caseReviewId: c.id,
      agencyId: args.agencyId,
      question,
      dueBy,
      requestedById: ctx.caller!.id,
      reason: InvolvementReason.INFORMATION_REQUESTED,
    });
    const agency = await tx.getRepository(Agency).findOneByOrFail({ id: args.agencyId });
    await event(c.id, "INFORMATION_REQUESTED", `Information requested from ${agency.name}, due by ${formatLongDate(dueBy)}`);
    audit({ operation: "requestInformation", caseReviewId: c.id, detail: { requestId: request.id, agencyId: agency.id, dueBy } });
    return request;
  });
}

/** The agency's answer: given once; a second answer is a CONFLICT. */
export async function answerInformationRequest(ctx: Context, requestId: string, answer: string): Promise<InformationRequest> {
  return runMutation(ctx, "answerInformationRequest", async ({ tx, audit, event }) => {
    const found = isUuid(requestId) ? await tx.getRepository(InformationRequest).findOneBy({ id: requestId }) : null;
    if (!found) throw notFound("Information request");
    const c = await lockCase(tx, found.caseReviewId);
    await transition(tx, c, "ANSWER_INFORMATION_REQUEST");
    // Re-read under the case lock: two answers at once see each other.
    const request = await tx.getRepository(InformationRequest).findOneByOrFail({ id: requestId });
    if (request.answeredAt) throw conflict(`This request was already answered on ${formatLongDate(ukDateOf(request.answeredAt))}`);
    const text = answer.trim();
    assertNoProblems(text ? [] : [{ field: "answer", message: "give the answer" }]);
    request.answer = text;
    request.answeredById = ctx.caller!.id;
    request.answeredAt = new Date();
    const saved = await tx.getRepository(InformationRequest).save(request);
    await event(c.id, "INFORMATION_PROVIDED", `${ctx.caller!.agencyName} answered a request for information`);
    audit({ operation: "answerInformationRequest", caseReviewId: c.id, detail: { requestId: request.id, agencyId: request.agencyId } });
    return saved;
  });
}

/**
 * Requests sent to the caller's agency in the partnerships it serves, soonest due first. OPEN and
 * OVERDUE leave out closed cases: nothing is waiting there any more.
 */
export async function myInformationRequests(ctx: Context, status?: InformationRequestStatus | null): Promise<InformationRequest[]> {
  const caller = ctx.caller!;
  const today = todayUk();
  const q = ctx.ds
    .getRepository(InformationRequest)
    .createQueryBuilder("r")
    .innerJoin("case_review", "c", "c.id = r.case_review_id")
    .where("r.agency_id = :agencyId", { agencyId: caller.agencyId })
    .andWhere("c.partnership_id = ANY(CAST(:pids AS uuid[]))", { pids: caller.partnershipIds });
  if (status === InformationRequestStatus.ANSWERED) q.andWhere("r.answered_at IS NOT NULL");
  if (status === InformationRequestStatus.OPEN || status === InformationRequestStatus.OVERDUE) {
    q.andWhere("r.answered_at IS NULL")
      .andWhere("c.status <> :closed", { closed: CaseReviewStatus.CLOSED })
      .andWhere(status === InformationRequestStatus.OPEN ? "r.due_by >= :today" : "r.due_by < :today", { today });
  }
  return q.orderBy("r.due_by", "ASC").addOrderBy("r.requested_at", "ASC").getMany();
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
