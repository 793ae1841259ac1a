/**
 * What the operator's command line does to the database (admin-cli.ts reads the arguments). Each
 * command is one transaction under the administration lock, audited in the same hash chain as
 * every other change, with the operator as the actor: no staff account stands behind a command,
 * so the row names the command line and the machine account that ran it.
 */
import os from "node:os";
import type { DataSource, EntityManager } from "typeorm";
import { Agency, AgencyKind } from "../modules/agencies/agency.entity";
import { appendAudit, type Actor, type AuditInput } from "../modules/audit/audit.service";
import { activeSystemAdmins, findByEmail, lockAdministration, setActive, setInactive } from "../modules/staff/staff.service";
import { Role, StaffUser } from "../modules/staff/staff-user.entity";

/** The audit actor of a command: e.g. "the operator (npm run admin, deploy@host1)". */
export function operatorActor(command = "npm run admin"): Actor {
  let who = "unknown";
  try {
    who = `${os.userInfo().username}@${os.hostname()}`;
  } catch {
    // no user database entry (some containers): the command is still named
  }
  return { caller: null, label: `the operator (${command}, ${who})`.slice(0, 200) };
}

/** A refusal the operator can act on: printed as it is, exit code 1, nothing changed. */
export class OperatorError extends Error {}

export interface FirstAdmin {
  name: string;
  email: string;
  /** The operator's own organisation: created (serving no partnership) when it is not there yet. */
  agency: string;
  agencyKind?: AgencyKind;
}

/**
 * The first SYSTEM_ADMIN, on an empty platform: refused once there is an active one (from then on
 * administrators add each other, and the set-up file can list more).
 */
export async function createFirstSystemAdmin(ds: DataSource, input: FirstAdmin, actor: Actor): Promise<StaffUser> {
  const name = input.name.trim();
  const email = input.email.trim();
  const agencyName = input.agency.trim();
  if (!name || name.length > 200) throw new OperatorError("--name: give the administrator's name (at most 200 characters)");
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 320) throw new OperatorError("--email: give the e-mail address they sign in with");
  if (!agencyName || agencyName.length > 200) throw new OperatorError("--agency: give the organisation they work for (at most 200 characters)");
  return ds.transaction(async tx => {
    await lockAdministration(tx);
    const existing = await activeSystemAdmins(tx);
    if (existing > 0) {
      throw new OperatorError(
        `There is already ${existing === 1 ? "an active SYSTEM_ADMIN" : `${existing} active SYSTEM_ADMINs`}: they add administrators (setStaffRoles), or list them in a set-up file (npm run admin -- load FILE)`,
      );
    }
    const audits: AuditInput[] = [];
    let agency = await tx.getRepository(Agency).findOneBy({ name: agencyName });
    if (!agency) {
      agency = await tx.getRepository(Agency).save(tx.getRepository(Agency).create({ name: agencyName, kind: input.agencyKind ?? AgencyKind.OTHER }));
      audits.push({ operation: "createAgency", caseReviewId: null, detail: { agencyId: agency.id, name: agency.name, kind: agency.kind, partnerships: [] } });
    }
    let user = await findByEmail(tx, email);
    if (user) {
      // Someone already known (e.g. from a set-up file): given the role, and active again.
      const roles = [...new Set([...user.roles, Role.SYSTEM_ADMIN])];
      await tx.getRepository(StaffUser).update(user.id, { roles, active: true, deactivatedAt: null, deactivationReason: null });
      audits.push({ operation: "setStaffRoles", caseReviewId: null, detail: { staffUserId: user.id, email: user.email, roles: { from: user.roles, to: roles }, firstSystemAdmin: true } });
      user = { ...user, roles, active: true };
    } else {
      user = await tx.getRepository(StaffUser).save(tx.getRepository(StaffUser).create({ name, email, agencyId: agency.id, roles: [Role.SYSTEM_ADMIN] }));
      audits.push({ operation: "createStaffUser", caseReviewId: null, detail: { staffUserId: user.id, email, agencyId: agency.id, agency: agency.name, roles: [Role.SYSTEM_ADMIN], firstSystemAdmin: true } });
    }
    await appendAudit(tx, actor, audits);
    return user;
  });
}

async function byEmailOrFail(tx: EntityManager, email: string): Promise<StaffUser> {
  const user = await findByEmail(tx, email.trim());
  if (!user) throw new OperatorError(`No staff user with e-mail ${email}`);
  return user;
}

/** Deactivates anyone but the last active SYSTEM_ADMIN; they are refused from their next request. */
export async function deactivateByEmail(ds: DataSource, email: string, reason: string, actor: Actor): Promise<StaffUser> {
  const why = reason.trim();
  if (!why || why.length > 500) throw new OperatorError("--reason: say why (at most 500 characters); it is kept with the account");
  return ds.transaction(async tx => {
    await lockAdministration(tx);
    const user = await byEmailOrFail(tx, email);
    try {
      await setInactive(tx, user, why);
    } catch (err) {
      throw new OperatorError((err as Error).message);
    }
    await appendAudit(tx, actor, [{ operation: "deactivateStaffUser", caseReviewId: null, detail: { staffUserId: user.id, email: user.email, reason: why } }]);
    return user;
  });
}

export async function reactivateByEmail(ds: DataSource, email: string, actor: Actor): Promise<StaffUser> {
  return ds.transaction(async tx => {
    await lockAdministration(tx);
    const user = await byEmailOrFail(tx, email);
    try {
      await setActive(tx, user);
    } catch (err) {
      throw new OperatorError((err as Error).message);
    }
    await appendAudit(tx, actor, [{ operation: "reactivateStaffUser", caseReviewId: null, detail: { staffUserId: user.id, email: user.email } }]);
    return user;
  });
}
