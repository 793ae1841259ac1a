import type { EntityManager } from "typeorm";
import type { Context } from "../../app/context";
import { badInput, conflict, forbidden, notFound } from "../../app/errors";
import { isUuid } from "../../auth/case-access";
import { Agency } from "../agencies/agency.entity";
import { runMutation } from "../case-reviews/case-mutation";
import type { CreateStaffUserInput, UpdateStaffUserInput } from "./staff.input";
import {
  ADMIN_LOCK,
  LAST_SYSTEM_ADMIN,
  mayChangeActive,
  mayChangeRoles,
  mayEditAccount,
  mayReachAccount,
  type Administrator,
  type Refusal,
  type RoleFacts,
} from "./staff.rules";
import { Role, StaffUser } from "./staff-user.entity";

// ---- Shared by the API and the operator's command line ------------------------------------------

/** Administrative changes one at a time, until commit (the last SYSTEM_ADMIN rule reads, then writes). */
export const lockAdministration = (tx: EntityManager) => tx.query(`SELECT pg_advisory_xact_lock($1)`, [ADMIN_LOCK]);

export async function activeSystemAdmins(tx: EntityManager): Promise<number> {
  const [{ n }] = await tx.query(`SELECT count(*)::int AS n FROM staff_user WHERE active AND 'SYSTEM_ADMIN' = ANY(roles)`);
  return n;
}

/** Would this change leave no active SYSTEM_ADMIN? */
export async function removesLastSystemAdmin(tx: EntityManager, target: StaffUser, stillSystemAdmin: boolean): Promise<boolean> {
  return target.active && target.roles.includes(Role.SYSTEM_ADMIN) && !stillSystemAdmin && (await activeSystemAdmins(tx)) <= 1;
}

export async function findByEmail(tx: EntityManager, email: string): Promise<StaffUser | null> {
  return tx.getRepository(StaffUser).createQueryBuilder("u").where("lower(u.email) = lower(:email)", { email }).getOne();
}

export async function roleFacts(tx: EntityManager, agencyId: string, exceptUserId: string | null): Promise<RoleFacts> {
  const [row] = await tx.query(
    `SELECT EXISTS (SELECT 1 FROM agency_partnership WHERE agency_id = $1) AS serves,
            EXISTS (SELECT 1 FROM staff_user WHERE agency_id = $1 AND active AND 'AGENCY_ADMIN' = ANY(roles) AND id IS DISTINCT FROM $2::uuid) AS admin`,
    [agencyId, exceptUserId],
  );
  return { agencyServesAPartnership: row.serves, agencyHasAnotherAdmin: row.admin };
}

/** Sets an account inactive, keeping the reason; what they did stays attributed to them. */
export async function setInactive(tx: EntityManager, target: StaffUser, reason: string): Promise<void> {
  if (!target.active) throw conflict(`${target.name} is already deactivated`);
  if (await removesLastSystemAdmin(tx, target, false)) throw refusal(LAST_SYSTEM_ADMIN);
  await tx.getRepository(StaffUser).update(target.id, { active: false, deactivatedAt: new Date(), deactivationReason: reason });
}

export async function setActive(tx: EntityManager, target: StaffUser): Promise<void> {
  if (target.active) throw conflict(`${target.name} is active`);
  await tx.getRepository(StaffUser).update(target.id, { active: true, deactivatedAt: null, deactivationReason: null });
}

export function refusal(r: Refusal) {
  return r.code === "FORBIDDEN" ? forbidden(r.message) : r.code === "CONFLICT" ? conflict(r.message) : badInput(r.message, [{ field: "roles", message: r.message }]);
}

const uniqueRoles = (roles: Role[]) => [...new Set(roles)];
const blank = (s: string | undefined) => s !== undefined && s.trim() === "";

// ---- The mutations -------------------------------------------------------------------------------

const administrator = (ctx: Context): Administrator => ctx.caller!;

/** The account an administrator acts on: NOT_FOUND, as for an unknown id, when it is not theirs to reach. */
async function reachAccount(tx: EntityManager, ctx: Context, id: string): Promise<StaffUser> {
  const target = isUuid(id) ? await tx.getRepository(StaffUser).findOne({ where: { id }, lock: { mode: "pessimistic_write" } }) : null;
  if (!target || !mayReachAccount(administrator(ctx), target)) throw notFound("Staff user");
  return target;
}

async function assertEmailFree(tx: EntityManager, email: string, exceptId: string | null) {
  const other = await findByEmail(tx, email);
  if (other && other.id !== exceptId) throw conflict(`There is already an account for ${email}`);
}

/** One account, as its administrators see it (the staff member's page of the console). */
export async function findStaffUser(ctx: Context, id: string): Promise<StaffUser> {
  const target = isUuid(id) ? await ctx.loaders.staffUser.load(id) : null;
  if (!target || !mayReachAccount(administrator(ctx), target)) throw notFound("Staff user");
  return target;
}

export function createStaffUser(ctx: Context, input: CreateStaffUserInput): Promise<StaffUser> {
  return runMutation(ctx, "createStaffUser", async ({ tx, audit }) => {
    await lockAdministration(tx);
    const caller = administrator(ctx);
    const agency = isUuid(input.agencyId) ? await tx.getRepository(Agency).findOneBy({ id: input.agencyId }) : null;
    if (!agency) throw notFound("Agency");
    if (!caller.roles.includes(Role.SYSTEM_ADMIN) && caller.agencyId !== agency.id) throw forbidden("You add staff to your own agency only");
    if (blank(input.name)) throw badInput("name: must not be blank", [{ field: "input.name", message: "must not be blank" }]);
    const roles = uniqueRoles(input.roles);
    const refused = mayChangeRoles(caller, { id: null, agencyId: agency.id, roles: [] }, roles, await roleFacts(tx, agency.id, null));
    if (refused) throw refusal(refused);
    await assertEmailFree(tx, input.email, null);
    const repo = tx.getRepository(StaffUser);
    const user = await repo.save(repo.create({ name: input.name.trim(), email: input.email.trim(), agencyId: agency.id, roles }));
    audit({ operation: "createStaffUser", caseReviewId: null, detail: { staffUserId: user.id, email: user.email, agencyId: agency.id, agency: agency.name, roles } });
    return user;
  });
}

export function updateStaffUser(ctx: Context, id: string, input: UpdateStaffUserInput): Promise<StaffUser> {
  return runMutation(ctx, "updateStaffUser", async ({ tx, audit }) => {
    await lockAdministration(tx);
    const target = await reachAccount(tx, ctx, id);
    const refused = mayEditAccount(administrator(ctx), target);
    if (refused) throw refusal(refused);
    if (blank(input.name)) throw badInput("name: must not be blank", [{ field: "input.name", message: "must not be blank" }]);
    const changed: Record<string, { from: string; to: string }> = {};
    const name = input.name?.trim();
    const email = input.email?.trim();
    if (name !== undefined && name !== target.name) changed.name = { from: target.name, to: name };
    if (email !== undefined && email !== target.email) {
      await assertEmailFree(tx, email, target.id);
      changed.email = { from: target.email, to: email };
    }
    if (!Object.keys(changed).length) return target;
    await tx.getRepository(StaffUser).update(target.id, { ...(name !== undefined ? { name } : {}), ...(email !== undefined ? { email } : {}) });
    audit({ operation: "updateStaffUser", caseReviewId: null, detail: { staffUserId: target.id, changed } });
    return (await tx.getRepository(StaffUser).findOneByOrFail({ id: target.id }));
  });
}

export function setStaffRoles(ctx: Context, id: string, roles: Role[]): Promise<StaffUser> {
  return runMutation(ctx, "setStaffRoles", async ({ tx, audit }) => {
    await lockAdministration(tx);
    const target = await reachAccount(tx, ctx, id);
    const wanted = uniqueRoles(roles);
    const refused = mayChangeRoles(administrator(ctx), target, wanted, await roleFacts(tx, target.agencyId, target.id));
    if (refused) throw refusal(refused);
    const same = wanted.length === target.roles.length && wanted.every(r => target.roles.includes(r));
    if (same) return target;
    if (await removesLastSystemAdmin(tx, target, wanted.includes(Role.SYSTEM_ADMIN))) throw refusal(LAST_SYSTEM_ADMIN);
    await tx.getRepository(StaffUser).update(target.id, { roles: wanted });
    audit({ operation: "setStaffRoles", caseReviewId: null, detail: { staffUserId: target.id, email: target.email, roles: { from: target.roles, to: wanted } } });
    return { ...target, roles: wanted } as StaffUser;
  });
}

export function deactivateStaffUser(ctx: Context, id: string, reason: string): Promise<StaffUser> {
  return runMutation(ctx, "deactivateStaffUser", async ({ tx, audit }) => {
    await lockAdministration(tx);
    const target = await reachAccount(tx, ctx, id);
    const refused = mayChangeActive(administrator(ctx), target);
    if (refused) throw refusal(refused);
    if (blank(reason)) throw badInput("reason: must not be blank", [{ field: "reason", message: "must not be blank" }]);
    await setInactive(tx, target, reason.trim());
    audit({ operation: "deactivateStaffUser", caseReviewId: null, detail: { staffUserId: target.id, email: target.email, reason: reason.trim() } });
    return tx.getRepository(StaffUser).findOneByOrFail({ id: target.id });
  });
}

export function reactivateStaffUser(ctx: Context, id: string): Promise<StaffUser> {
  return runMutation(ctx, "reactivateStaffUser", async ({ tx, audit }) => {
    await lockAdministration(tx);
    const target = await reachAccount(tx, ctx, id);
    const refused = mayChangeActive(administrator(ctx), target);
    if (refused) throw refusal(refused);
    await setActive(tx, target);
    audit({ operation: "reactivateStaffUser", caseReviewId: null, detail: { staffUserId: target.id, email: target.email } });
    return tx.getRepository(StaffUser).findOneByOrFail({ id: target.id });
  });
}
