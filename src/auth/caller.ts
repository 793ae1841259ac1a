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

/** One statement: the user, their agency and the partnerships it serves. */
export async function loadCaller(ds: DataSource, subject: string): Promise<Caller | null> {
  const byId = UUID.test(subject);
  const rows: Array<Omit<Caller, "roles" | "partnershipIds"> & { roles: string; partnershipIds: string[] }> = await ds.query(
    `SELECT u.id, u.name, u.email, u.roles::text AS roles, a.id AS "agencyId", a.name AS "agencyName", a.kind AS "agencyKind",
            COALESCE(array_agg(ap.partnership_id) FILTER (WHERE ap.partnership_id IS NOT NULL), '{}') AS "partnershipIds"
       FROM staff_user u
       JOIN agency a ON a.id = u.agency_id
       LEFT JOIN agency_partnership ap ON ap.agency_id = a.id
      WHERE ${byId ? "u.id = $1" : "lower(u.email) = lower($1)"} AND u.active
      GROUP BY u.id, a.id`,
    [subject],
  );
  const row = rows[0];
  if (!row) return null;
  return { ...row, roles: parsePgArray(row.roles) as Role[] };
}

function parsePgArray(text: string): string[] {
  const inner = text.replace(/^\{|\}$/g, "");
  return inner === "" ? [] : inner.split(",");
}
