import { Brackets } from "typeorm";
import type { Context } from "../../app/context";
import { badInput, notFound } from "../../app/errors";
import { caseScopeSql } from "../../auth/case-access";
import { todayUk } from "../../calendar/dates";
import { arrayRowsFor } from "../../db/batch";
import { isUuid } from "../../auth/case-access";
import { Partnership } from "../partnerships/partnership.entity";
import { CaseReview } from "./case-review.entity";
import { CaseReviewOrder, type CaseReviewFilter } from "./case-review.type";

export const MAX_PAGE = 100;

interface Cursor {
  at: string;
  id: string;
}
/** Cases with nothing due sort after every date (NEXT_DUE order). */
const NOTHING_DUE = "9999-12-31";
export const encodeCursor = (c: CaseReview, order: CaseReviewOrder = CaseReviewOrder.NEWEST) =>
  Buffer.from(order === CaseReviewOrder.NEXT_DUE ? `due|${c.nextDue ?? NOTHING_DUE}|${c.id}` : `${c.submittedAt.toISOString()}|${c.id}`).toString("base64url");
function decodeCursor(cursor: string, order: CaseReviewOrder): Cursor {
  const parts = Buffer.from(cursor, "base64url").toString().split("|");
  const [at, id] = order === CaseReviewOrder.NEXT_DUE && parts[0] === "due" ? parts.slice(1) : parts;
  const valid = order === CaseReviewOrder.NEXT_DUE ? parts[0] === "due" && /^\d{4}-\d{2}-\d{2}$/.test(at ?? "") : parts.length === 2 && !Number.isNaN(Date.parse(at ?? ""));
  if (!at || !id || !valid || !/^[0-9a-f-]{36}$/.test(id)) throw badInput("after: not a cursor from this list");
  return { at, id };
}

/** A LIKE pattern matching `text` anywhere, its wildcards taken literally. */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, c => `\\${c}`)}%`;

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
  const search = filter.search?.trim();
  if (search) {
    const postcode = search.replace(/\s+/g, "").toUpperCase();
    // Every victim's name and postcode, not only the first's: the officer may know the case by any of them.
    const byPostcode = postcode.length >= 2 ? ` OR replace(upper(a.postcode), ' ', '') LIKE :postcodeStart` : "";
    q.andWhere(
      new Brackets(b =>
        b.where("c.reference ILIKE :searchLike", { searchLike: containing(search) }).orWhere(
          `EXISTS (SELECT 1 FROM applicant a WHERE a.case_review_id = c.id AND (a.name ILIKE :searchLike${byPostcode}))`,
          { postcodeStart: `${postcode.replace(/[\\%_]/g, "")}%` },
        ),
      ),
    );
  }
  if (filter.incidentsToConfirm !== undefined) {
    q.andWhere(
      `${filter.incidentsToConfirm ? "" : "NOT "}EXISTS (SELECT 1 FROM incident i WHERE i.case_review_id = c.id AND i.reported_to_agency_id = :myAgencyId AND i.confirmation = 'PENDING' AND c.status IN ('SUBMITTED', 'AWAITING_AGENCY_CHECKS'))`,
      { myAgencyId: ctx.caller!.agencyId },
    );
  }
  if (filter.chairedByMe !== undefined) {
    q.andWhere(`${filter.chairedByMe ? "" : "NOT "}EXISTS (SELECT 1 FROM panel_meeting pm WHERE pm.case_review_id = c.id AND pm.chair_id = :meId)`, {
      meId: ctx.caller!.id,
    });
  }
  if (filter.secondaryReviewAssignedToMe !== undefined) {
    q.andWhere(
      `${filter.secondaryReviewAssignedToMe ? "" : "NOT "}EXISTS (SELECT 1 FROM secondary_review sr WHERE sr.case_review_id = c.id AND sr.reviewer_id = :meId)`,
      { meId: ctx.caller!.id },
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

export async function listCaseReviews(
  ctx: Context,
  filter: CaseReviewFilter | null | undefined,
  first: number,
  after?: string,
  order: CaseReviewOrder = CaseReviewOrder.NEWEST,
) {
  if (filter === null) throw badInput("filter: give the conditions, or leave filter out", [{ field: "filter", message: "must not be null: leave it out for every case" }]);
  if (first < 1 || first > MAX_PAGE) throw badInput(`first: ask for 1 to ${MAX_PAGE} cases`, [{ field: "first", message: `must be 1 to ${MAX_PAGE}` }]);
  if (filter?.partnershipId) filter = { ...filter, partnershipId: await partnershipIdOf(ctx, filter.partnershipId) };
  const q = scopedQuery(ctx, filter);
  const byDue = order === CaseReviewOrder.NEXT_DUE;
  const due = `COALESCE(c.next_due, DATE '${NOTHING_DUE}')`;
  if (after) {
    const c = decodeCursor(after, order);
    const after_ = byDue ? `(${due}, c.id) > (CAST(:at AS date), :cid)` : "(c.submitted_at, c.id) < (:at, :cid)";
    q.andWhere(new Brackets(b => b.where(after_, { at: c.at, cid: c.id })));
  }
  if (byDue) q.orderBy(due, "ASC").addOrderBy("c.id", "ASC");
  else q.orderBy("c.submitted_at", "DESC").addOrderBy("c.id", "DESC");
  const rows = await pageRows(ctx, q.limit(first + 1), byDue ? `COALESCE(p.next_due, DATE '${NOTHING_DUE}'), p.id` : "p.submitted_at DESC, p.id DESC");
  const page = rows.slice(0, first);
  return {
    // Each edge's cursor is written only when asked for (lists ask for pageInfo.endCursor alone).
    edges: page.map(node => ({
      node,
      get cursor() {
        return encodeCursor(node, order);
      },
    })),
    pageInfo: { hasNextPage: rows.length > first, endCursor: page.length ? encodeCursor(page[page.length - 1]!, order) : null },
    countAll: () => scopedQuery(ctx, filter).getCount(),
  };
}

/**
 * The rows of a page, read as one JSON value and turned into entities without TypeORM's row
 * transformer: a list screen reads 50 to 100 of them per request (issue 7, "lighter entity building").
 */
async function pageRows(ctx: Context, q: ReturnType<typeof scopedQuery>, orderBy: string): Promise<CaseReview[]> {
  const rows = arrayRowsFor(ctx.ds, CaseReview);
  const [sql, params] = q.select("c.*").getQueryAndParameters();
  const [{ page }]: Array<{ page: unknown[][] }> = await ctx.ds.query(
    `SELECT COALESCE(json_agg(${rows.select("p")} ORDER BY ${orderBy}), '[]') AS page FROM (${sql}) p`,
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
