/**
 * The staff directory (ACCESS.md "Administration"): what a CSP officer or chair needs to pick a
 * chair, panel members or a reviewer, and what an agency administrator needs to manage their staff.
 * Rows are chosen in SQL by the caller's roles, never fetched and then hidden:
 * - CSP_OFFICER, PANEL_CHAIR: the active staff of the agencies serving their partnerships;
 * - AGENCY_ADMIN: their own agency's staff, deactivated ones included;
 * - SYSTEM_ADMIN: every account, deactivated ones included (they deactivate anyone, so find anyone);
 * - anyone else: nothing (the query's rule refuses them before this runs).
 * E-mail addresses are a field rule of their own (permissions.ts): only the account's administrators.
 */
import type { Context } from "../../app/context";
import { badInput } from "../../app/errors";
import { isUuid } from "../../auth/case-access";
import type { Caller } from "../../auth/caller";
import { arrayRowsFor } from "../../db/batch";
import type { StaffUserFilter } from "./staff.input";
import { Role, StaffUser } from "./staff-user.entity";
import type { StaffUserConnection } from "./staff-user.type";

/**
 * The rows the caller may list, as a SQL condition over staff_user `u`; `param` adds a parameter.
 * `adminSql` is the part where the caller administers the staff (and so may search e-mail addresses).
 */
export function directoryScopeSql(caller: Caller, param: (v: unknown) => string): { sql: string; adminSql: string } {
  const has = (r: Role) => caller.roles.includes(r);
  const parts: string[] = [];
  const adminSql = has(Role.SYSTEM_ADMIN) ? "TRUE" : has(Role.AGENCY_ADMIN) ? `u.agency_id = ${param(caller.agencyId)}::uuid` : `FALSE`;
  if (has(Role.CSP_OFFICER) || has(Role.PANEL_CHAIR)) {
    parts.push(`(u.active AND u.agency_id IN (SELECT ap.agency_id FROM agency_partnership ap WHERE ap.partnership_id = ANY(${param(caller.partnershipIds)}::uuid[])))`);
  }
  if (has(Role.AGENCY_ADMIN) || has(Role.SYSTEM_ADMIN)) parts.push(adminSql);
  return { sql: parts.length ? `(${parts.join(" OR ")})` : "FALSE", adminSql };
}

const encodeCursor = (u: StaffUser) => Buffer.from(JSON.stringify([u.name, u.id])).toString("base64url");
function decodeCursor(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64url").toString());
    if (Array.isArray(v) && typeof v[0] === "string" && typeof v[1] === "string" && isUuid(v[1])) return [v[0], v[1]];
  } catch {
    // falls through to the refusal
  }
  throw badInput("after: not a cursor from this list", [{ field: "after", message: "not a cursor from this list" }]);
}

/** One page, by name then id, in one statement. */
export async function listStaffUsers(ctx: Context, filter: StaffUserFilter | null = {}, first: number, after?: string | null): Promise<StaffUserConnection> {
  if (filter === null) throw badInput("filter: give the conditions, or leave filter out", [{ field: "filter", message: "must not be null: leave it out for every member of staff" }]);
  const caller = ctx.caller!;
  const params: unknown[] = [];
  const param = (v: unknown) => `$${params.push(v)}`;
  const scope = directoryScopeSql(caller, param);
  const where = [scope.sql];
  // An id that is not a UUID matches nothing, as an unknown one would.
  if (filter.partnershipId !== undefined && filter.partnershipId !== null) {
    where.push(isUuid(filter.partnershipId) ? `u.agency_id IN (SELECT agency_id FROM agency_partnership WHERE partnership_id = ${param(filter.partnershipId)}::uuid)` : "FALSE");
  }
  if (filter.agencyId !== undefined && filter.agencyId !== null) where.push(isUuid(filter.agencyId) ? `u.agency_id = ${param(filter.agencyId)}::uuid` : "FALSE");
  if (filter.role) where.push(`${param(filter.role)}::role = ANY(u.roles)`);
  const search = filter.search?.trim();
  if (search) {
    const like = param(`%${search.replace(/[\\%_]/g, m => `\\${m}`)}%`);
    // Searching by e-mail would reveal addresses: only where the caller may read them.
    where.push(`(u.name ILIKE ${like} OR (${scope.adminSql} AND u.email ILIKE ${like}))`);
  }
  if (after) {
    const [name, id] = decodeCursor(after);
    where.push(`(u.name, u.id) > (${param(name)}::varchar, ${param(id)}::uuid)`);
  }
  const rows = arrayRowsFor(ctx.ds, StaffUser);
  const [{ page }]: Array<{ page: unknown[][] }> = await ctx.ds.query(
    `SELECT COALESCE(json_agg(${rows.select("p")} ORDER BY p.name, p.id), '[]') AS page
       FROM (SELECT u.* FROM staff_user u WHERE ${where.join(" AND ")} ORDER BY u.name, u.id LIMIT ${first + 1}) p`,
    params,
  );
  const users = page.map(rows.hydrate);
  for (const u of users) ctx.loaders.staffUser.prime(u.id, u);
  const shown = users.slice(0, first);
  return {
    edges: shown.map(node => ({ cursor: encodeCursor(node), node })),
    pageInfo: { hasNextPage: users.length > first, endCursor: shown.length ? encodeCursor(shown[shown.length - 1]!) : null },
  };
}
