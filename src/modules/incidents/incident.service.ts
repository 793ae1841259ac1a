import type { EntityManager } from "typeorm";
import type { Context } from "../../app/context";
import { In } from "typeorm";
import { assertNoProblems, badInput, notFound, type FieldProblem } from "../../app/errors";
import { isUuid } from "../../auth/case-access";
import { formatLongDate, todayUk, type IsoDate } from "../../calendar/dates";
import { Applicant } from "../case-reviews/applicant.entity";
import { assertAllowed, lockCase, runMutation, transition } from "../case-reviews/case-mutation";
import { Partnership } from "../partnerships/partnership.entity";
import { requestIncidentChecks, servingAgencyIds } from "../information-requests/information-request.service";
import { Incident, IncidentConfirmation } from "./incident.entity";
import type { IncidentInput } from "./incident.input";
import { CATEGORY_WORDS } from "./incident.words";

/** What an incident is checked against: today (UK), the partnership's agencies, the victims named. */
export interface IncidentCheck {
  today: IsoDate;
  servingAgencyIds: Set<string>;
  victimCount: number;
}

/** Every problem with one incident, each named by its field under `prefix` (e.g. "incidents.2"). */
export function incidentProblems(i: IncidentInput, prefix: string, check: IncidentCheck): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const at = (field: string, message: string) => problems.push({ field: `${prefix}.${field}`, message });
  if (i.occurredOn > check.today) at("occurredOn", `cannot be in the future (today is ${check.today})`);
  if (i.reportedOn > check.today) at("reportedOn", `cannot be in the future (today is ${check.today})`);
  if (i.reportedOn < i.occurredOn) at("reportedOn", "cannot be before the date it happened (occurredOn)");
  if (!isUuid(i.reportedToAgencyId) || !check.servingAgencyIds.has(i.reportedToAgencyId)) {
    at("reportedToAgencyId", "must be an agency that serves the partnership");
  }
  if (!i.location.trim()) at("location", "say where it happened");
  if (!i.description.trim()) at("description", "say what happened");
  if (i.reportedBy >= check.victimCount) {
    at("reportedBy", check.victimCount === 1 ? "must be 0 (the applicant): no other victim is named" : `must be 0 to ${check.victimCount - 1}: one of the victims named`);
  }
  return problems;
}

/** Stores incidents with their text tidied; `victimIds[n]` is the victim `reportedBy: n` names. */
export async function insertIncidents(
  tx: EntityManager,
  caseReviewId: string,
  inputs: IncidentInput[],
  victimIds: string[],
  addedById: string | null,
): Promise<Incident[]> {
  const repo = tx.getRepository(Incident);
  return repo.save(
    inputs.map(i =>
      repo.create({
        caseReviewId,
        category: i.category,
        occurredOn: i.occurredOn,
        reportedOn: i.reportedOn,
        reportedToAgencyId: i.reportedToAgencyId,
        reportedByApplicantId: victimIds[i.reportedBy ?? 0]!,
        location: i.location.trim().replace(/\s+/g, " "),
        description: i.description.trim(),
        hateMotivated: i.hateMotivated ?? false,
        agencyReference: i.agencyReference?.trim() || null,
        addedById,
      }),
    ),
  );
}

/** A CSP officer adds an incident found later: its agency is involved and asked to check it. */
export async function addIncident(ctx: Context, caseReviewId: string, input: IncidentInput): Promise<Incident> {
  return runMutation(ctx, "addIncident", async ({ tx, audit, event }) => {
    const c = await lockCase(tx, caseReviewId);
    await transition(tx, c, "ADD_INCIDENT");
    const victims = await tx.getRepository(Applicant).find({ where: { caseReviewId: c.id }, order: { position: "ASC" } });
    const serving = await servingAgencyIds(tx, c.partnershipId);
    assertNoProblems(incidentProblems(input, "input", { today: todayUk(), servingAgencyIds: serving, victimCount: victims.length }));
    const [incident] = await insertIncidents(tx, c.id, [input], victims.map(v => v.id), ctx.caller!.id);
    const partnership = await tx.getRepository(Partnership).findOneByOrFail({ id: c.partnershipId });
    const [agency] = await requestIncidentChecks(tx, {
      caseReviewId: c.id,
      incidents: [incident!],
      fromDate: todayUk(),
      workingDays: partnership.policy.informationRequestWorkingDays,
      requestedById: ctx.caller!.id,
    });
    await event(c.id, "INCIDENT_ADDED", `Incident of ${formatLongDate(incident!.occurredOn)} added; ${agency!.name} asked to check its records`);
    audit({ operation: "addIncident", caseReviewId: c.id, detail: { incidentId: incident!.id, agencyId: agency!.id } });
    return incident!;
  });
}

/** The agency the incident was reported to confirms it, or says it has no record of it. */
export async function confirmIncident(
  ctx: Context,
  args: { incidentId: string; confirmation: IncidentConfirmation; agencyReference?: string | null; note?: string | null },
): Promise<Incident> {
  return runMutation(ctx, "confirmIncident", async ({ tx, audit, event }) => {
    const found = isUuid(args.incidentId) ? await tx.getRepository(Incident).findOneBy({ id: args.incidentId }) : null;
    if (!found) throw notFound("Incident");
    const c = await lockCase(tx, found.caseReviewId);
    await transition(tx, c, "CONFIRM_INCIDENT");
    assertNoProblems(
      args.confirmation === IncidentConfirmation.PENDING
        ? [{ field: "confirmation", message: "must be CONFIRMED or NOT_FOUND" }]
        : [],
    );
    const incident = await tx.getRepository(Incident).findOneByOrFail({ id: args.incidentId });
    incident.confirmation = args.confirmation;
    if (args.agencyReference?.trim()) incident.agencyReference = args.agencyReference.trim();
    incident.confirmationNote = args.note?.trim() || null;
    incident.confirmedById = ctx.caller!.id;
    incident.confirmedAt = new Date();
    const saved = await tx.getRepository(Incident).save(incident);
    const what = `${CATEGORY_WORDS[incident.category]} on ${formatLongDate(incident.occurredOn)}`;
    await event(
      c.id,
      args.confirmation === IncidentConfirmation.CONFIRMED ? "INCIDENT_CONFIRMED" : "INCIDENT_NOT_FOUND",
      args.confirmation === IncidentConfirmation.CONFIRMED
        ? `${ctx.caller!.agencyName} confirmed the report of ${what}`
        : `${ctx.caller!.agencyName} found no record of the report of ${what}`,
    );
    audit({ operation: "confirmIncident", caseReviewId: c.id, detail: { incidentId: incident.id, confirmation: args.confirmation } });
    return saved;
  });
}

/**
 * A CSP officer links reports that are one incident (DOMAIN.md: "link or unlink incidents by hand"):
 * they share a link key, which replaces the automatic duplicate rule in the threshold engine.
 */
export async function linkIncidents(ctx: Context, incidentIds: string[]): Promise<Incident[]> {
  return runMutation(ctx, "linkIncidents", async ({ tx, audit, event }) => {
    const ids = [...new Set(incidentIds)];
    const rows = ids.every(isUuid) ? await tx.getRepository(Incident).findBy({ id: In(ids) }) : [];
    if (rows.length !== ids.length) throw notFound("Incident");
    const caseIds = new Set(rows.map(r => r.caseReviewId));
    if (caseIds.size !== 1) throw badInput("incidentIds: the incidents must belong to one case", [{ field: "incidentIds", message: "must belong to one case" }]);
    if (ids.length < 2) throw badInput("incidentIds: name at least two different incidents", [{ field: "incidentIds", message: "at least two different incidents" }]);
    const c = await lockCase(tx, rows[0]!.caseReviewId);
    assertAllowed(c, "ADD_INCIDENT"); // incidents are settled once the threshold is decided
    const key = `link:${ids.slice().sort()[0]}`;
    await tx.getRepository(Incident).update({ id: In(ids) }, { linkKey: key });
    await event(c.id, "INCIDENTS_LINKED", `${ids.length} reports linked as one incident by ${ctx.caller!.name}`);
    audit({ operation: "linkIncidents", caseReviewId: c.id, detail: { incidentIds: ids } });
    return tx.getRepository(Incident).findBy({ id: In(ids) });
  });
}

/** Treats a report as an incident of its own, whatever the automatic rule or an earlier link said. */
export async function unlinkIncident(ctx: Context, incidentId: string): Promise<Incident> {
  return runMutation(ctx, "unlinkIncident", async ({ tx, audit, event }) => {
    const found = isUuid(incidentId) ? await tx.getRepository(Incident).findOneBy({ id: incidentId }) : null;
    if (!found) throw notFound("Incident");
    const c = await lockCase(tx, found.caseReviewId);
    assertAllowed(c, "ADD_INCIDENT");
    found.linkKey = `own:${found.id}`;
    await tx.getRepository(Incident).save(found);
    await event(c.id, "INCIDENT_UNLINKED", `A report was marked as an incident of its own by ${ctx.caller!.name}`);
    audit({ operation: "unlinkIncident", caseReviewId: c.id, detail: { incidentId } });
    return found;
  });
}
