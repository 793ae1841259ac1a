/**
 * Loads a set-up file (setup-file.ts) into the database: upsert partnerships by code, agencies by
 * name and staff by e-mail (any case); whom an agency serves and a user's roles become exactly what
 * the file lists. Loading the same file again changes nothing and writes nothing, not even audit
 * rows. One transaction: any problem, with its line and field, and nothing is loaded. Rows the file
 * does not mention are left alone (a file may hold one agency's staff).
 */
import type { EntityManager } from "typeorm";
import { Agency } from "../modules/agencies/agency.entity";
import { appendAudit, type Actor, type AuditInput } from "../modules/audit/audit.service";
import { Partnership } from "../modules/partnerships/partnership.entity";
import { ADMIN_LOCK, roleProblemsForAgency } from "../modules/staff/staff.rules";
import { Role } from "../modules/staff/staff-user.entity";
import { SetupFileError, type SetupFile, type SetupProblem } from "./setup-file";

export interface Counts {
  created: number;
  updated: number;
  unchanged: number;
}
export interface LoadSummary {
  partnerships: Counts;
  agencies: Counts;
  staff: Counts;
}

const counts = (): Counts => ({ created: 0, updated: 0, unchanged: 0 });
const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every(x => b.includes(x));

/** Applies a checked file inside the caller's transaction; throws SetupFileError (and so rolls back) on any problem. */
export async function applySetup(tx: EntityManager, setup: SetupFile, actor: Actor, file = "set-up file"): Promise<LoadSummary> {
  // One administrative change at a time, with the GraphQL mutations too (the last SYSTEM_ADMIN rule).
  await tx.query(`SELECT pg_advisory_xact_lock($1)`, [ADMIN_LOCK]);
  const problems: SetupProblem[] = [];
  const audits: AuditInput[] = [];
  const summary: LoadSummary = { partnerships: counts(), agencies: counts(), staff: counts() };
  const via = { via: "set-up file", file };

  // Partnerships, by code
  const partnershipRepo = tx.getRepository(Partnership);
  const partnerships = new Map((await partnershipRepo.find()).map(p => [p.code, p]));
  for (const e of setup.partnerships) {
    const row = partnerships.get(e.code);
    const wanted: Partial<Partnership> = { name: e.name };
    if (e.areas) wanted.areas = e.areas;
    if (e.contactEmail !== undefined) wanted.contactEmail = e.contactEmail;
    if (e.contactPhone !== undefined) wanted.contactPhone = e.contactPhone;
    if (e.contactAddress !== undefined) wanted.contactAddress = e.contactAddress;
    if (!row) {
      const saved = await partnershipRepo.save(partnershipRepo.create({ code: e.code, ...wanted, policy: { ...e.policy } as Partnership["policy"] }));
      partnerships.set(e.code, saved);
      summary.partnerships.created++;
      audits.push({ operation: "createPartnership", caseReviewId: null, detail: { ...via, partnershipId: saved.id, code: e.code, name: e.name } });
      continue;
    }
    const changed: Record<string, { from: unknown; to: unknown }> = {};
    for (const [k, v] of Object.entries(wanted) as Array<[keyof Partnership, unknown]>) {
      const was = row[k];
      if (Array.isArray(v) ? !(Array.isArray(was) && was.length === v.length && v.every((x, i) => x === was[i])) : was !== v) changed[k] = { from: was, to: v };
    }
    for (const [k, v] of Object.entries(e.policy ?? {}) as Array<[keyof Partnership["policy"], unknown]>) {
      if (row.policy[k] !== v) changed[`policy.${k}`] = { from: row.policy[k], to: v };
    }
    if (Object.keys(changed).length === 0) {
      summary.partnerships.unchanged++;
      continue;
    }
    Object.assign(row, wanted);
    row.policy = { ...row.policy, ...e.policy };
    partnerships.set(e.code, await partnershipRepo.save(row));
    summary.partnerships.updated++;
    audits.push({ operation: "updatePartnership", caseReviewId: null, detail: { ...via, partnershipId: row.id, code: e.code, changed } });
  }

  // Agencies, by name, and exactly the partnerships each serves
  const agencyRepo = tx.getRepository(Agency);
  const agencies = new Map((await agencyRepo.find()).map(a => [a.name, a]));
  const servesRows: Array<{ agency_id: string; partnership_id: string }> = await tx.query(`SELECT agency_id, partnership_id FROM agency_partnership`);
  const serves = new Map<string, string[]>();
  for (const r of servesRows) serves.set(r.agency_id, [...(serves.get(r.agency_id) ?? []), r.partnership_id]);
  for (const e of setup.agencies) {
    const unknown = e.serves.filter(code => !partnerships.has(code));
    if (unknown.length) {
      problems.push({ line: e.lines.serves ?? e.line, field: `${e.path}.serves`, message: `no partnership with code ${unknown.join(", ")} (in this file or the database)` });
      continue;
    }
    let row = agencies.get(e.name);
    let changed = false;
    if (!row) {
      row = await agencyRepo.save(agencyRepo.create({ name: e.name, kind: e.kind }));
      agencies.set(e.name, row);
      summary.agencies.created++;
      audits.push({ operation: "createAgency", caseReviewId: null, detail: { ...via, agencyId: row.id, name: e.name, kind: e.kind } });
      changed = true;
    } else if (row.kind !== e.kind) {
      audits.push({ operation: "updateAgency", caseReviewId: null, detail: { ...via, agencyId: row.id, name: e.name, changed: { kind: { from: row.kind, to: e.kind } } } });
      row.kind = e.kind;
      await agencyRepo.update(row.id, { kind: e.kind });
      summary.agencies.updated++;
      changed = true;
    }
    const wanted = e.serves.map(code => partnerships.get(code)!.id);
    const had = serves.get(row.id) ?? [];
    if (!sameSet(wanted, had)) {
      await tx.query(`DELETE FROM agency_partnership WHERE agency_id = $1 AND NOT (partnership_id = ANY($2::uuid[]))`, [row.id, wanted]);
      await tx.query(
        `INSERT INTO agency_partnership (agency_id, partnership_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
        [row.id, wanted.filter(id => !had.includes(id))],
      );
      serves.set(row.id, wanted);
      audits.push({ operation: "setAgencyPartnerships", caseReviewId: null, detail: { ...via, agencyId: row.id, name: e.name, partnerships: e.serves } });
      if (!changed) summary.agencies.updated++;
      changed = true;
    }
    if (!changed) summary.agencies.unchanged++;
  }

  // Staff, by e-mail in any case; roles exactly as listed
  const [{ before }] = await tx.query(`SELECT count(*)::int AS before FROM staff_user WHERE active AND 'SYSTEM_ADMIN' = ANY(roles)`);
  const existing: Array<{ id: string; name: string; email: string; agency_id: string; roles: string[]; active: boolean }> = await tx.query(
    `SELECT id, name, email, agency_id, roles::text[] AS roles, active FROM staff_user WHERE lower(email) = ANY($1::text[])`,
    [setup.staff.map(s => s.email.toLowerCase())],
  );
  const byEmail = new Map(existing.map(u => [u.email.toLowerCase(), u]));
  const inserts: Array<{ name: string; email: string; agency_id: string; roles: Role[] }> = [];
  const insertedAgency: string[] = [];
  const lostSystemAdmin: Array<{ line: number; field: string }> = [];
  for (const e of setup.staff) {
    const agency = agencies.get(e.agency);
    if (!agency) {
      problems.push({ line: e.lines.agency ?? e.line, field: `${e.path}.agency`, message: `no agency named "${e.agency}" (in this file or the database)` });
      continue;
    }
    const roleProblem = roleProblemsForAgency(e.roles, (serves.get(agency.id) ?? []).length > 0);
    if (roleProblem) {
      problems.push({ line: e.lines.roles ?? e.line, field: `${e.path}.roles`, message: roleProblem });
      continue;
    }
    const row = byEmail.get(e.email.toLowerCase());
    if (!row) {
      inserts.push({ name: e.name, email: e.email, agency_id: agency.id, roles: e.roles });
      insertedAgency.push(agency.name);
      continue;
    }
    const changed: Record<string, { from: unknown; to: unknown }> = {};
    if (row.name !== e.name) changed.name = { from: row.name, to: e.name };
    if (row.agency_id !== agency.id) changed.agencyId = { from: row.agency_id, to: agency.id };
    const rolesChanged = !sameSet(row.roles, e.roles);
    if (!Object.keys(changed).length && !rolesChanged) {
      summary.staff.unchanged++;
      continue;
    }
    if (row.active && row.roles.includes(Role.SYSTEM_ADMIN) && !e.roles.includes(Role.SYSTEM_ADMIN)) {
      lostSystemAdmin.push({ line: e.lines.roles ?? e.line, field: `${e.path}.roles` });
    }
    await tx.query(`UPDATE staff_user SET name = $2, agency_id = $3, roles = $4::role[] WHERE id = $1`, [row.id, e.name, agency.id, e.roles]);
    summary.staff.updated++;
    if (Object.keys(changed).length) audits.push({ operation: "updateStaffUser", caseReviewId: null, detail: { ...via, staffUserId: row.id, email: row.email, changed } });
    if (rolesChanged) audits.push({ operation: "setStaffRoles", caseReviewId: null, detail: { ...via, staffUserId: row.id, email: row.email, roles: { from: row.roles, to: e.roles } } });
  }
  if (inserts.length && !problems.length) {
    // One statement for every new user: a county's first file holds hundreds.
    const created: Array<{ id: string; email: string }> = await tx.query(
      `INSERT INTO staff_user (name, email, agency_id, roles)
       SELECT x.name, x.email, x.agency_id, ARRAY(SELECT jsonb_array_elements_text(x.roles))::role[]
         FROM jsonb_to_recordset($1::jsonb) AS x(name text, email text, agency_id uuid, roles jsonb)
       RETURNING id, email`,
      [JSON.stringify(inserts)],
    );
    created.forEach((u, i) =>
      audits.push({ operation: "createStaffUser", caseReviewId: null, detail: { ...via, staffUserId: u.id, email: u.email, agency: insertedAgency[i], roles: inserts[i]!.roles } }),
    );
    summary.staff.created = created.length;
  }
  if (before > 0 && lostSystemAdmin.length && !problems.length) {
    const [{ after }] = await tx.query(`SELECT count(*)::int AS after FROM staff_user WHERE active AND 'SYSTEM_ADMIN' = ANY(roles)`);
    if (after === 0) for (const at of lostSystemAdmin) problems.push({ ...at, message: "this would remove the last SYSTEM_ADMIN: give the role to someone else first" });
  }

  if (problems.length) throw new SetupFileError(file, problems.sort((a, b) => a.line - b.line));
  await appendAudit(tx, actor, audits);
  return summary;
}
