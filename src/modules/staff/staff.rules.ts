/**
 * Who may administer whom (ACCESS.md "Administration"), as plain functions over plain values: no
 * GraphQL, no database. The services load the facts (the target's agency, whether that agency serves
 * a partnership, whether it has an administrator) and ask these.
 *
 * - SYSTEM_ADMIN: partnerships, agencies and whom they serve; an agency's first AGENCY_ADMIN; other
 *   SYSTEM_ADMINs; deactivate anyone. It gives no case role: an agency's own administrators do.
 * - AGENCY_ADMIN: their own agency's staff and all their roles but SYSTEM_ADMIN (CSP_OFFICER and
 *   PANEL_CHAIR only in an agency that serves a partnership); never a SYSTEM_ADMIN's account.
 * - Nobody grants themselves a role; the last active SYSTEM_ADMIN keeps the role and stays active.
 */
import { Role } from "./staff-user.entity";

/** Advisory lock key: administrative changes one at a time (the last SYSTEM_ADMIN rule needs it). */
export const ADMIN_LOCK = 7_410_002;

export interface Administrator {
  id: string;
  agencyId: string;
  roles: readonly Role[];
}

/** The account acted on: for a new one, id null and no roles yet. */
export interface Account {
  id: string | null;
  agencyId: string;
  roles: readonly Role[];
}

export type Refusal = { code: "FORBIDDEN" | "BAD_USER_INPUT" | "CONFLICT"; message: string };

const has = (who: { roles: readonly Role[] }, role: Role) => who.roles.includes(role);
const isAgencyAdminOf = (caller: Administrator, agencyId: string) => has(caller, Role.AGENCY_ADMIN) && caller.agencyId === agencyId;

/** CSP_OFFICER and PANEL_CHAIR belong to agencies that serve a partnership: they act for one. */
export function roleProblemsForAgency(roles: readonly Role[], agencyServesAPartnership: boolean): string | null {
  if (agencyServesAPartnership) return null;
  const bad = roles.filter(r => r === Role.CSP_OFFICER || r === Role.PANEL_CHAIR);
  return bad.length ? `${bad.join(" and ")} only in an agency that serves a partnership` : null;
}

/**
 * Whether the caller may see the account at all as an administrator: a SYSTEM_ADMIN sees every
 * account, an AGENCY_ADMIN their own agency's. Others answer NOT_FOUND, as for an id that does not exist.
 */
export function mayReachAccount(caller: Administrator, target: { agencyId: string }): boolean {
  return has(caller, Role.SYSTEM_ADMIN) || isAgencyAdminOf(caller, target.agencyId);
}

/** Name and e-mail: the agency's administrators; a SYSTEM_ADMIN for accounts holding no case role. */
export function mayEditAccount(caller: Administrator, target: Account): Refusal | null {
  if (has(target, Role.SYSTEM_ADMIN) && !has(caller, Role.SYSTEM_ADMIN)) return forbidden("Only a SYSTEM_ADMIN changes a SYSTEM_ADMIN's account");
  if (isAgencyAdminOf(caller, target.agencyId)) return null;
  if (has(caller, Role.SYSTEM_ADMIN) && !target.roles.some(r => !isAdminRole(r))) return null;
  return forbidden("The agency's own AGENCY_ADMIN changes the accounts of its staff");
}

/** Deactivating or reactivating: a SYSTEM_ADMIN anyone, an AGENCY_ADMIN their agency's staff; never oneself. */
export function mayChangeActive(caller: Administrator, target: Account): Refusal | null {
  if (target.id === caller.id) return forbidden("You cannot deactivate or reactivate yourself");
  if (has(caller, Role.SYSTEM_ADMIN)) return null;
  if (has(target, Role.SYSTEM_ADMIN)) return forbidden("Only a SYSTEM_ADMIN deactivates or reactivates a SYSTEM_ADMIN");
  return isAgencyAdminOf(caller, target.agencyId) ? null : forbidden();
}

export interface RoleFacts {
  agencyServesAPartnership: boolean;
  /** The target's agency has an active AGENCY_ADMIN other than the target. */
  agencyHasAnotherAdmin: boolean;
}

/** Giving and taking roles (setStaffRoles; createStaffUser with the roles of a new account). */
export function mayChangeRoles(caller: Administrator, target: Account, roles: readonly Role[], facts: RoleFacts): Refusal | null {
  const added = roles.filter(r => !target.roles.includes(r));
  const removed = target.roles.filter(r => !roles.includes(r));
  if (target.id !== null && target.id === caller.id && added.length) {
    return forbidden(`Nobody grants themselves a role (${added.join(", ")}): ask another administrator`);
  }
  if (target.id === null && roles.length === 0 && !isAgencyAdminOf(caller, target.agencyId)) {
    return forbidden("A SYSTEM_ADMIN creates an agency's first AGENCY_ADMIN; the agency's administrators add its staff");
  }
  for (const role of added) {
    const refusal = mayGive(caller, target, role, facts);
    if (refusal) return refusal;
  }
  for (const role of removed) {
    const refusal = mayTake(caller, target, role);
    if (refusal) return refusal;
  }
  const problem = roleProblemsForAgency(added, facts.agencyServesAPartnership);
  return problem ? { code: "BAD_USER_INPUT", message: problem } : null;
}

function mayGive(caller: Administrator, target: Account, role: Role, facts: RoleFacts): Refusal | null {
  if (role === Role.SYSTEM_ADMIN) return has(caller, Role.SYSTEM_ADMIN) ? null : forbidden("Only a SYSTEM_ADMIN gives SYSTEM_ADMIN");
  if (isAgencyAdminOf(caller, target.agencyId) && !has(target, Role.SYSTEM_ADMIN)) return null;
  if (role === Role.AGENCY_ADMIN && has(caller, Role.SYSTEM_ADMIN)) {
    return facts.agencyHasAnotherAdmin
      ? forbidden("The agency has an AGENCY_ADMIN already: a SYSTEM_ADMIN gives only the first; the agency's administrators add the rest")
      : null;
  }
  return forbidden(`${role} is given by the agency's own AGENCY_ADMIN`);
}

function mayTake(caller: Administrator, target: Account, role: Role): Refusal | null {
  if (role === Role.SYSTEM_ADMIN) return has(caller, Role.SYSTEM_ADMIN) ? null : forbidden("Only a SYSTEM_ADMIN takes SYSTEM_ADMIN away");
  if (isAgencyAdminOf(caller, target.agencyId) && !has(target, Role.SYSTEM_ADMIN)) return null;
  return forbidden(`${role} is taken away by the agency's own AGENCY_ADMIN`);
}

export const isAdminRole = (r: Role) => r === Role.SYSTEM_ADMIN || r === Role.AGENCY_ADMIN;

/** A change that would leave no active SYSTEM_ADMIN: nobody could administer the platform again. */
export const LAST_SYSTEM_ADMIN: Refusal = {
  code: "CONFLICT",
  message: "This is the last active SYSTEM_ADMIN: give the role to someone else first",
};

const forbidden = (message = "You are not allowed to do this"): Refusal => ({ code: "FORBIDDEN", message });
