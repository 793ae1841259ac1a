import type { DataSource } from "typeorm";
import type { AgencyKind } from "../modules/agencies/agency.entity";
import { Role } from "../modules/staff/staff-user.entity";

/** The signed-in member of staff, as the database says today (never as the token claims). */
export interface Caller {
  id: string;
  name: string;
  email: string;
  agencyId: string;
  agencyName: string;
  agencyKind: AgencyKind;
  roles: Role[];
  /** Partnerships the caller's agency serves. */
  partnershipIds: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A deactivated user: refused from their next request, told why (ACCESS.md "Administration"). */
export class DeactivatedUser {
  constructor(readonly since: Date | null) {}
}

/** One statement: the user, their agency and the partnerships it serves. */
export async function loadCaller(ds: DataSource, subject: string): Promise<Caller | null>;
export async function loadCaller(ds: DataSource, subject: string, opts: { tellDeactivated: true }): Promise<Caller | DeactivatedUser | null>;
export async function loadCaller(ds: DataSource, subject: string, opts?: { tellDeactivated: true }): Promise<Caller | DeactivatedUser | null> {
  const byId = UUID.test(subject);
  const rows: Array<Omit<Caller, "roles" | "partnershipIds"> & { roles: string; partnershipIds: string[]; active: boolean; deactivatedAt: Date | null }> = await ds.query(
    `SELECT u.id, u.name, u.email, u.roles::text AS roles, u.active, u.deactivated_at AS "deactivatedAt",
            a.id AS "agencyId", a.name AS "agencyName", a.kind AS "agencyKind",
            COALESCE(array_agg(ap.partnership_id) FILTER (WHERE ap.partnership_id IS NOT NULL), '{}') AS "partnershipIds"
       FROM staff_user u
       JOIN agency a ON a.id = u.agency_id
       LEFT JOIN agency_partnership ap ON ap.agency_id = a.id
      WHERE ${byId ? "u.id = $1" : "lower(u.email) = lower($1)"}
      GROUP BY u.id, a.id`,
    [subject],
  );
  const row = rows[0];
  if (!row) return null;
  const { active, deactivatedAt, ...caller } = row;
  if (!active) return opts?.tellDeactivated ? new DeactivatedUser(deactivatedAt) : null;
  return { ...caller, roles: parsePgArray(row.roles) as Role[] };
}

function parsePgArray(text: string): string[] {
  const inner = text.replace(/^\{|\}$/g, "");
  return inner === "" ? [] : inner.split(",");
}
