import DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import { SqlBatch } from "../db/batch";
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
  /** The caller: e.g. "the panel's chair" compares it with the panel's chairId. */
  userId: string;
  agencyId: string;
  agencyKind: AgencyKind;
  /** The caller sees the case at all. */
  inScope: boolean;
}

/** One answer per case, in one batched statement (with the request's other loaders when given its SqlBatch). */
/**
 * `withCase` reads each case row in the same part (`select`, a JSON expression over alias `c`) and
 * hands it to `prime`: the request's caseReview loader is primed with it, so a field that checks
 * access and then loads its case (e.g. Recommendation.caseReview) costs one round trip, not two.
 */
export function createCaseAccessLoader(
  source: DataSource | SqlBatch,
  caller: Caller | null,
  withCase?: { select: string; prime: (row: any) => void },
) {
  const batch = source instanceof SqlBatch ? source : new SqlBatch(source);
  const known = new Map<string, CaseAccess | null>();
  /** [id, partnership_id, involved, reviewer_id, row?]: positional, so no key is repeated per case. */
  type Row = [string, string, boolean, string | null, unknown?];
  // Only what can change this caller's answer is read (accessFor): whether their agency is involved
  // matters to an agency officer, who reviews the case to an independent reviewer (issue 16: the
  // inbox's access cost). The statement's text varies by those two roles only.
  const involvedSql = caller?.roles.includes(Role.AGENCY_OFFICER)
    ? "EXISTS (SELECT 1 FROM case_agency ca WHERE ca.case_review_id = c.id AND ca.agency_id = $2)"
    : "false AND $2::uuid IS NULL";
  const reviewerSql = caller?.roles.includes(Role.INDEPENDENT_REVIEWER) ? "(SELECT sr.reviewer_id FROM secondary_review sr WHERE sr.case_review_id = c.id)" : "NULL::uuid";
  /** The answers for the cases `where` selects (alias c; $1 the ids, $2 the caller's agency). */
  const read = async (where: string, ids: readonly string[]): Promise<Map<string, CaseAccess>> => {
    const rows =
      (await batch.json<Row[] | null>(
        `SELECT json_agg(json_build_array(c.id, c.partnership_id, ${involvedSql}, ${reviewerSql}${withCase ? `, ${withCase.select}` : ""}))
           FROM case_review c
          WHERE ${where}`,
        [ids.filter(isUuid), caller!.agencyId],
      )) ?? [];
    if (withCase) for (const r of rows) if (r[4]) withCase.prime(r[4]);
    return new Map(rows.map(r => [r[0], accessFor(caller!, r[0], r[1], r[2], r[3])]));
  };
  const loader: CaseAccessLoader = new CaseAccessLoader(
    known,
    async ids => {
      if (!caller) return ids.map(() => null);
      const byId = await read(`c.id = ANY($1::uuid[])`, ids);
      return ids.map(id => {
        const access = byId.get(id) ?? null;
        known.set(id, access);
        return access;
      });
    },
    table =>
      new DataLoader<string, true>(async rowIds => {
        if (caller) {
          const byId = await read(`c.id IN (SELECT t.case_review_id FROM ${table} t WHERE t.id = ANY($1::uuid[]))`, rowIds);
          for (const [id, access] of byId) {
            if (known.has(id)) continue;
            known.set(id, access);
            loader.prime(id, access);
          }
        }
        return rowIds.map(() => true as const);
      }),
  );
  return loader;
}

/** Tables whose rows belong to one case (`case_review_id`), as `primeForRow` takes them. */
export type CaseRowTable = "recommendation" | "incident" | "information_request" | "panel_meeting";

/**
 * The request's case-access answers, with `peek`: the answer for a case already worked out, without
 * a promise (undefined while unknown), so a field rule over many rows of a case waits only once.
 */
export class CaseAccessLoader extends DataLoader<string, CaseAccess | null> {
  private readonly byRow = new Map<CaseRowTable, DataLoader<string, true>>();

  constructor(
    private readonly known: Map<string, CaseAccess | null>,
    batchLoad: (ids: readonly string[]) => Promise<Array<CaseAccess | null>>,
    private readonly rowLoader: (table: CaseRowTable) => DataLoader<string, true>,
  ) {
    super(batchLoad);
  }

  peek(caseReviewId: string): CaseAccess | null | undefined {
    return this.known.get(caseReviewId);
  }

  /**
   * Works out the answer for the case of a row (e.g. the recommendation an operation names) in the
   * same statement as the row itself, when asked for in the same turn as the row's loader: a rule
   * that reads the row and then its case's answer costs one round trip, not two (issue 16).
   */
  async primeForRow(table: CaseRowTable, rowId: string): Promise<void> {
    let rows = this.byRow.get(table);
    if (!rows) this.byRow.set(table, (rows = this.rowLoader(table)));
    await rows.load(rowId);
  }
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
    userId: caller.id,
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
  const params = { scopePartnershipIds: caller.partnershipIds, scopePartnershipId: caller.partnershipIds[0], scopeAgencyId: caller.agencyId, scopeUserId: caller.id };
  // One partnership (most callers) as an equality: PostgreSQL then reads a list newest-first straight
  // from the (partnership_id, submitted_at, id) index and stops at the page's LIMIT; with `= ANY`
  // it reads every case of the partnership and sorts them (issue 16: 0.66 against 3.2 ms a page).
  const inPartnerships =
    caller.partnershipIds.length === 1 ? `c.partnership_id = CAST(:scopePartnershipId AS uuid)` : `c.partnership_id = ANY(CAST(:scopePartnershipIds AS uuid[]))`;
  if (has(Role.CSP_OFFICER) || has(Role.PANEL_CHAIR)) {
    parts.push(inPartnerships);
  }
  if (has(Role.AGENCY_OFFICER)) {
    parts.push(
      `(${inPartnerships} AND EXISTS (SELECT 1 FROM case_agency ca WHERE ca.case_review_id = c.id AND ca.agency_id = :scopeAgencyId))`,
    );
  }
  if (has(Role.INDEPENDENT_REVIEWER)) {
    parts.push(`EXISTS (SELECT 1 FROM secondary_review sr WHERE sr.case_review_id = c.id AND sr.reviewer_id = :scopeUserId)`);
  }
  return { sql: parts.length ? `(${parts.join(" OR ")})` : "FALSE", params };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID.test(s);
