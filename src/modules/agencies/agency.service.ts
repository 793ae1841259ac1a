import { In, type EntityManager } from "typeorm";
import type { Context } from "../../app/context";
import { assertNoProblems, badInput, blankFields, conflict, notFound } from "../../app/errors";
import { isUuid } from "../../auth/case-access";
import { runMutation } from "../case-reviews/case-mutation";
import { Partnership } from "../partnerships/partnership.entity";
import { lockAdministration } from "../staff/staff.service";
import { Agency, AgencyPartnership } from "./agency.entity";
import type { CreateAgencyInput, UpdateAgencyInput } from "./agency.input";

async function assertNameFree(tx: EntityManager, name: string, exceptId: string | null) {
  const other = await tx.getRepository(Agency).findOneBy({ name });
  if (other && other.id !== exceptId) throw conflict(`There is already an agency named ${name}`);
}

/** Every id must name a partnership: BAD_USER_INPUT naming the first that does not. */
async function partnershipsOf(tx: EntityManager, ids: string[]): Promise<Partnership[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  // (findBy([]) would be no condition at all: every partnership.)
  const found = unique.every(isUuid) ? await tx.getRepository(Partnership).findBy({ id: In(unique) }) : [];
  const missing = unique.filter(id => !found.some(p => p.id === id));
  if (missing.length) throw badInput(`partnershipIds: no partnership ${missing.join(", ")}`, [{ field: "partnershipIds", message: `no partnership ${missing.join(", ")}` }]);
  return found;
}

/**
 * Sets exactly which partnerships an agency serves. An agency whose CSP officers or chairs act for a
 * partnership must keep serving one: take those roles first (ACCESS.md).
 */
async function setServes(tx: EntityManager, agency: Agency, partnerships: Partnership[]): Promise<boolean> {
  const had: Array<{ partnership_id: string }> = await tx.query(`SELECT partnership_id FROM agency_partnership WHERE agency_id = $1`, [agency.id]);
  const wanted = partnerships.map(p => p.id);
  if (had.length === wanted.length && had.every(r => wanted.includes(r.partnership_id))) return false;
  if (wanted.length === 0) {
    const [{ n }] = await tx.query(
      `SELECT count(*)::int AS n FROM staff_user WHERE agency_id = $1 AND active AND roles && ARRAY['CSP_OFFICER', 'PANEL_CHAIR']::role[]`,
      [agency.id],
    );
    if (n > 0) throw conflict(`${agency.name} has ${n} CSP officer(s) or panel chair(s), who act for a partnership: take those roles first`);
  }
  await tx.query(`DELETE FROM agency_partnership WHERE agency_id = $1 AND NOT (partnership_id = ANY($2::uuid[]))`, [agency.id, wanted]);
  if (wanted.length) {
    await tx.getRepository(AgencyPartnership).createQueryBuilder().insert().values(wanted.map(partnershipId => ({ agencyId: agency.id, partnershipId }))).orIgnore().execute();
  }
  return true;
}

export function createAgency(ctx: Context, input: CreateAgencyInput): Promise<Agency> {
  return runMutation(ctx, "createAgency", async ({ tx, audit }) => {
    await lockAdministration(tx);
    assertNoProblems(blankFields({ "input.name": input.name }));
    const name = input.name.trim();
    await assertNameFree(tx, name, null);
    const partnerships = await partnershipsOf(tx, input.partnershipIds);
    const agency = await tx.getRepository(Agency).save(tx.getRepository(Agency).create({ name, kind: input.kind }));
    await setServes(tx, agency, partnerships);
    audit({ operation: "createAgency", caseReviewId: null, detail: { agencyId: agency.id, name, kind: input.kind, partnerships: partnerships.map(p => p.code) } });
    return agency;
  });
}

export function updateAgency(ctx: Context, id: string, input: UpdateAgencyInput): Promise<Agency> {
  return runMutation(ctx, "updateAgency", async ({ tx, audit }) => {
    await lockAdministration(tx);
    const agency = isUuid(id) ? await tx.getRepository(Agency).findOneBy({ id }) : null;
    if (!agency) throw notFound("Agency");
    if (input.name !== undefined) assertNoProblems(blankFields({ "input.name": input.name }));
    const changed: Record<string, { from: string; to: string }> = {};
    const name = input.name?.trim();
    if (name && name !== agency.name) {
      await assertNameFree(tx, name, agency.id);
      changed.name = { from: agency.name, to: name };
    }
    if (input.kind && input.kind !== agency.kind) changed.kind = { from: agency.kind, to: input.kind };
    if (!Object.keys(changed).length) return agency;
    const update = { ...(changed.name ? { name } : {}), ...(changed.kind ? { kind: input.kind } : {}) };
    await tx.getRepository(Agency).update(agency.id, update);
    audit({ operation: "updateAgency", caseReviewId: null, detail: { agencyId: agency.id, changed } });
    return Object.assign(agency, update);
  });
}

export function setAgencyPartnerships(ctx: Context, agencyId: string, partnershipIds: string[]): Promise<Agency> {
  return runMutation(ctx, "setAgencyPartnerships", async ({ tx, audit }) => {
    await lockAdministration(tx);
    const agency = isUuid(agencyId) ? await tx.getRepository(Agency).findOneBy({ id: agencyId }) : null;
    if (!agency) throw notFound("Agency");
    const partnerships = await partnershipsOf(tx, partnershipIds);
    if (await setServes(tx, agency, partnerships)) {
      audit({ operation: "setAgencyPartnerships", caseReviewId: null, detail: { agencyId: agency.id, name: agency.name, partnerships: partnerships.map(p => p.code) } });
    }
    return agency;
  });
}
