import { Brackets } from "typeorm";
import type { Context } from "../../app/context";
import { badInput, notFound } from "../../app/errors";
import { caseScopeSql } from "../../auth/case-access";
import { todayUk } from "../../calendar/dates";
import { arrayRowsFor } from "../../db/batch";
import { isUuid } from "../../auth/case-access";
import { Partnership } from "../partnerships/partnership.entity";
import { CaseReview } from "./case-review.entity";
import type { CaseReviewFilter } from "./case-review.type";

export const MAX_PAGE = 100;

interface Cursor {
  at: string;
  id: string;
}
export const encodeCursor = (c: CaseReview) => Buffer.from(`${c.submittedAt.toISOString()}|${c.id}`).toString("base64url");
function decodeCursor(cursor: string): Cursor {
  const [at, id] = Buffer.from(cursor, "base64url").toString().split("|");
  if (!at || !id || Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/.test(id)) throw badInput("after: not a cursor from this list");
  return { at, id };
}

/** The cases in the caller's scope (in SQL), filtered, newest first. */
function scopedQuery(ctx: Context, filter: CaseReviewFilter = {}) {
  const scope = caseScopeSql(ctx.caller!);
  const q = ctx.ds.getRepository(CaseReview).createQueryBuilder("c").where(scope.sql, scope.params);
  if (filter.status?.length) q.andWhere("c.status IN (:...statuses)", { statuses: filter.status });
  if (filter.open === true) q.andWhere("c.status <> 'CLOSED'");
  if (filter.open === false) q.andWhere("c.status = 'CLOSED'");
  if (filter.partnershipId) q.andWhere("c.partnership_id = :pid", { pid: filter.partnershipId });
  if (filter.submittedFrom) q.andWhere("c.received_on >= :from", { from: filter.submittedFrom });
  if (filter.submittedTo) q.andWhere("c.received_on <= :to", { to: filter.submittedTo });
  if (filter.overdue === true) q.andWhere("c.next_due < :today", { today: todayUk() });
  if (filter.overdue === false) q.andWhere("(c.next_due IS NULL OR c.next_due >= :today)", { today: todayUk() });
  if (filter.hasUnacknowledgedRecommendations !== undefined) {
    q.andWhere(
      `${filter.hasUnacknowledgedRecommendations ? "" : "NOT "}EXISTS (SELECT 1 FROM recommendation r WHERE r.case_review_id = c.id AND r.status = 'ISSUED')`,
    );
  }
  if (filter.hasOverdueRecommendations !== undefined) {
    q.andWhere(
      `${filter.hasOverdueRecommendations ? "" : "NOT "}EXISTS (SELECT 1 FROM recommendation r WHERE r.case_review_id = c.id AND r.due_by < :today AND r.status NOT IN ('COMPLETED'))`,
      { today: todayUk() },
    );
  }
  return q;
}

/** The partnership filter names a partnership by id or, as applications do, by code (KENT-MAIDSTONE). */
async function partnershipIdOf(ctx: Context, idOrCode: string): Promise<string> {
  if (isUuid(idOrCode)) return idOrCode;
  const found = await ctx.ds.getRepository(Partnership).findOne({ where: { code: idOrCode.trim().toUpperCase() }, select: { id: true } });
  if (!found) {
    throw badInput("filter.partnershipId: no partnership has this id or code", [
      { field: "filter.partnershipId", message: "must be a partnership's id or code (e.g. KENT-MAIDSTONE)" },
    ]);
  }
  return found.id;
}

export async function listCaseReviews(ctx: Context, filter: CaseReviewFilter | null | undefined, first: number, after?: string) {
  if (filter === null) throw badInput("filter: give the conditions, or leave filter out", [{ field: "filter", message: "must not be null: leave it out for every case" }]);
  if (first < 1 || first > MAX_PAGE) throw badInput(`first: ask for 1 to ${MAX_PAGE} cases`, [{ field: "first", message: `must be 1 to ${MAX_PAGE}` }]);
  if (filter?.partnershipId) filter = { ...filter, partnershipId: await partnershipIdOf(ctx, filter.partnershipId) };
  const q = scopedQuery(ctx, filter);
  if (after) {
    const c = decodeCursor(after);
    q.andWhere(new Brackets(b => b.where("(c.submitted_at, c.id) < (:at, :cid)", { at: c.at, cid: c.id })));
  }
  const rows = await pageRows(ctx, q.orderBy("c.submitted_at", "DESC").addOrderBy("c.id", "DESC").limit(first + 1));
  const page = rows.slice(0, first);
  return {
    edges: page.map(node => ({ cursor: encodeCursor(node), node })),
    pageInfo: { hasNextPage: rows.length > first, endCursor: page.length ? encodeCursor(page[page.length - 1]!) : null },
    countAll: () => scopedQuery(ctx, filter).getCount(),
  };
}

/**
 * The rows of a page, read as one JSON value and turned into entities without TypeORM's row
 * transformer: a list screen reads 50 to 100 of them per request (issue 7, "lighter entity building").
 */
async function pageRows(ctx: Context, q: ReturnType<typeof scopedQuery>): Promise<CaseReview[]> {
  const rows = arrayRowsFor(ctx.ds, CaseReview);
  const [sql, params] = q.select("c.*").getQueryAndParameters();
  const [{ page }]: Array<{ page: unknown[][] }> = await ctx.ds.query(
    `SELECT COALESCE(json_agg(${rows.select("p")} ORDER BY p.submitted_at DESC, p.id DESC), '[]') AS page FROM (${sql}) p`,
    params,
  );
  return page.map(rows.hydrate);
}

/** One case in the caller's scope; outside it, NOT_FOUND exactly as for an unknown id. */
export async function findCaseReview(ctx: Context, by: { id?: string; reference?: string }): Promise<CaseReview> {
  const scope = caseScopeSql(ctx.caller!);
  const q = ctx.ds.getRepository(CaseReview).createQueryBuilder("c").where(scope.sql, scope.params);
  if (by.id !== undefined) {
    if (!isUuid(by.id)) throw notFound("Case review");
    q.andWhere("c.id = :id", { id: by.id });
  } else {
    q.andWhere("c.reference = :ref", { ref: (by.reference ?? "").trim().toUpperCase() });
  }
  const found = await q.getOne();
  if (!found) throw notFound("Case review");
  return found;
}
