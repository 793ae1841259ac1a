import DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import type { AgencyKind } from "../modules/agencies/agency.entity";
import { Role } from "../modules/staff/staff-user.entity";
import type { Caller } from "./caller";

/**
 * What the caller may do with one case, worked out once per case per request (ACCESS.md "Scope").
 * Field rules read this answer; none of them runs SQL of its own.
 */
export interface CaseAccess {
  caseReviewId: string;
  partnershipId: string;
  /** CSP_OFFICER of the case's partnership. */
  csp: boolean;
  /** PANEL_CHAIR of the case's partnership. */
  chair: boolean;
  /** AGENCY_OFFICER of an agency involved in the case. */
  involved: boolean;
  /** The INDEPENDENT_REVIEWER assigned to the case's secondary review. */
  reviewer: boolean;
  agencyId: string;
  agencyKind: AgencyKind;
  /** The caller sees the case at all. */
  inScope: boolean;
}

export function createCaseAccessLoader(ds: DataSource, caller: Caller | null) {
  return new DataLoader<string, CaseAccess | null>(async ids => {
    if (!caller) return ids.map(() => null);
    const rows: Array<{ id: string; partnership_id: string; involved: boolean; reviewer_id: string | null }> = await ds.query(
      `SELECT c.id, c.partnership_id,
              EXISTS (SELECT 1 FROM case_agency ca WHERE ca.case_review_id = c.id AND ca.agency_id = $2) AS involved,
              (SELECT sr.reviewer_id FROM secondary_review sr WHERE sr.case_review_id = c.id) AS reviewer_id
         FROM case_review c
        WHERE c.id = ANY($1::uuid[])`,
      [ids.filter(isUuid), caller.agencyId],
    );
    const byId = new Map(rows.map(r => [r.id, accessFor(caller, r.id, r.partnership_id, r.involved, r.reviewer_id)]));
    return ids.map(id => byId.get(id) ?? null);
  });
}

export function accessFor(caller: Caller, caseReviewId: string, partnershipId: string, agencyInvolved: boolean, reviewerId: string | null): CaseAccess {
  const serves = caller.partnershipIds.includes(partnershipId);
  const has = (role: Role) => caller.roles.includes(role);
  const csp = serves && has(Role.CSP_OFFICER);
  const chair = serves && has(Role.PANEL_CHAIR);
  const involved = serves && agencyInvolved && has(Role.AGENCY_OFFICER);
  const reviewer = reviewerId === caller.id && has(Role.INDEPENDENT_REVIEWER);
  return {
    caseReviewId,
    partnershipId,
    csp,
    chair,
    involved,
    reviewer,
    agencyId: caller.agencyId,
    agencyKind: caller.agencyKind,
    inScope: csp || chair || involved || reviewer,
  };
}

/**
 * The same scope as a SQL condition on case_review (alias `c`), with named parameters for TypeORM's
 * query builder, so lists and look-ups select only rows in scope: the database never returns a case
 * the caller may not see.
 */
export function caseScopeSql(caller: Caller): { sql: string; params: Record<string, unknown> } {
  const parts: string[] = [];
  const has = (role: Role) => caller.roles.includes(role);
  const params = { scopePartnershipIds: caller.partnershipIds, scopeAgencyId: caller.agencyId, scopeUserId: caller.id };
  if (has(Role.CSP_OFFICER) || has(Role.PANEL_CHAIR)) {
    parts.push(`c.partnership_id = ANY(CAST(:scopePartnershipIds AS uuid[]))`);
  }
  if (has(Role.AGENCY_OFFICER)) {
    parts.push(
      `(c.partnership_id = ANY(CAST(:scopePartnershipIds AS uuid[])) AND EXISTS (SELECT 1 FROM case_agency ca WHERE ca.case_review_id = c.id AND ca.agency_id = :scopeAgencyId))`,
    );
  }
  if (has(Role.INDEPENDENT_REVIEWER)) {
    parts.push(`EXISTS (SELECT 1 FROM secondary_review sr WHERE sr.case_review_id = c.id AND sr.reviewer_id = :scopeUserId)`);
  }
  return { sql: parts.length ? `(${parts.join(" OR ")})` : "FALSE", params };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID.test(s);
