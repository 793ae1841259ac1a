import type { EntityManager, SelectQueryBuilder } from "typeorm";
import type { Context } from "../../app/context";
import { assertNoProblems, badInput, blankFields, conflict, notFound, type FieldProblem } from "../../app/errors";
import { caseScopeSql, isUuid } from "../../auth/case-access";
import { formatUkDateTime, todayUk } from "../../calendar/dates";
import { Agency } from "../agencies/agency.entity";
import { CaseReview } from "../case-reviews/case-review.entity";
import { lockCase, runMutation, transition } from "../case-reviews/case-mutation";
import { StaffUser } from "../staff/staff-user.entity";
import { Recommendation, RecommendationStatus } from "./recommendation.entity";
import {
  isRecommendationOverdue,
  nextRecommendationStatus,
  RecommendationTransitionError,
  type RecommendationAction,
} from "./recommendation.state-machine";
import { MAX_RECOMMENDATION_PAGE, type RecommendationConnection, type RecommendationFilter } from "./recommendation.type";

// ---- Lists ------------------------------------------------------------------------------------

const encodeCursor = (r: Recommendation) => Buffer.from(`${r.dueBy}|${r.id}`).toString("base64url");
function decodeCursor(cursor: string): { dueBy: string; id: string } {
  const [dueBy, id] = Buffer.from(cursor, "base64url").toString().split("|");
  if (!dueBy || !id || !/^\d{4}-\d{2}-\d{2}$/.test(dueBy) || !/^[0-9a-f-]{36}$/.test(id)) throw badInput("after: not a cursor from this list");
  return { dueBy, id };
}

/** Who may see which rows, in SQL: an agency's own inbox, or the partnerships of a CSP officer or chair. */
export type RecommendationScope = "assignedToCallersAgency" | "callersPartnerships";

function scopedQuery(ctx: Context, scope: RecommendationScope, filter: RecommendationFilter): SelectQueryBuilder<Recommendation> {
  const caller = ctx.caller!;
  const q = ctx.ds.getRepository(Recommendation).createQueryBuilder("r").innerJoin(CaseReview, "c", "c.id = r.case_review_id");
  if (scope === "assignedToCallersAgency") {
    const cases = caseScopeSql(caller);
    q.where("r.assigned_agency_id = :callerAgencyId", { callerAgencyId: caller.agencyId }).andWhere(cases.sql, cases.params);
  } else {
    q.where("c.partnership_id = ANY(CAST(:callerPartnershipIds AS uuid[]))", { callerPartnershipIds: caller.partnershipIds });
  }
  if (filter.status?.length) q.andWhere("r.status IN (:...statuses)", { statuses: filter.status });
  if (filter.partnershipId) q.andWhere("c.partnership_id = :pid", { pid: filter.partnershipId });
  if (filter.caseReviewId) q.andWhere("r.case_review_id = :cid", { cid: filter.caseReviewId });
  if (filter.overdue === true) q.andWhere("r.due_by < :today AND r.status <> 'COMPLETED'", { today: todayUk() });
  if (filter.overdue === false) q.andWhere("(r.due_by >= :today OR r.status = 'COMPLETED')", { today: todayUk() });
  return q;
}

export async function listRecommendations(
  ctx: Context,
  scope: RecommendationScope,
  filter: RecommendationFilter | null = {},
  first = 50,
  after?: string,
): Promise<RecommendationConnection> {
  if (filter === null) throw badInput("filter: give the conditions, or leave filter out", [{ field: "filter", message: "must not be null: leave it out for every recommendation" }]);
  if (first < 1 || first > MAX_RECOMMENDATION_PAGE) throw badInput(`first: ask for 1 to ${MAX_RECOMMENDATION_PAGE}`);
  const q = scopedQuery(ctx, scope, filter);
  if (after) {
    const c = decodeCursor(after);
    q.andWhere("(r.due_by, r.id) > (:afterDue, :afterId)", { afterDue: c.dueBy, afterId: c.id });
  }
  // limit, not take: with a join, take() costs a second query (SELECT DISTINCT ids, then the rows);
  // the join is to the one case of each recommendation, so LIMIT counts rows correctly.
  const rows = await q.orderBy("r.due_by", "ASC").addOrderBy("r.id", "ASC").limit(first + 1).getMany();
  const page = rows.slice(0, first);
  return {
    // Each edge's cursor is written only when asked for (the inbox asks for pageInfo.endCursor alone).
    edges: page.map(node => ({
      node,
      get cursor() {
        return encodeCursor(node);
      },
    })),
    pageInfo: { hasNextPage: rows.length > first, endCursor: page.length ? encodeCursor(page[page.length - 1]!) : null },
    countAll: () => scopedQuery(ctx, scope, filter).getCount(),
  };
}

// ---- Steps --------------------------------------------------------------------------------------

const STEP_DONE: Partial<Record<RecommendationStatus, { by: keyof Recommendation; at: keyof Recommendation; words: string }>> = {
  ACKNOWLEDGED: { by: "acknowledgedById", at: "acknowledgedAt", words: "acknowledged" },
  ACCEPTED: { by: "respondedById", at: "respondedAt", words: "accepted" },
  DECLINED: { by: "respondedById", at: "respondedAt", words: "declined" },
  COMPLETED: { by: "completedById", at: "completedAt", words: "completed" },
  CHALLENGED: { by: "challengedById", at: "challengedAt", words: "challenged" },
};

/** "Already acknowledged by PC Sam Clarke at 14:05 on 24 November 2026": who got there first. */
async function alreadyDone(tx: EntityManager, r: Recommendation, action: RecommendationAction): Promise<string | null> {
  const sameStep =
    (action === "ACKNOWLEDGE" && r.acknowledgedAt !== null) ||
    ((action === "ACCEPT" || action === "DECLINE") && (r.status === "ACCEPTED" || r.status === "DECLINED")) ||
    (action === "COMPLETE" && r.status === "COMPLETED") ||
    (action === "CHALLENGE" && r.status === "CHALLENGED");
  if (!sameStep) return null;
  const step = action === "ACKNOWLEDGE" ? STEP_DONE.ACKNOWLEDGED! : STEP_DONE[r.status]!;
  const byId = r[step.by] as string | null;
  const at = r[step.at] as Date | null;
  const who = byId ? (await tx.getRepository(StaffUser).findOneBy({ id: byId }))?.name : null;
  return `Already ${step.words}${who ? ` by ${who}` : ""}${at ? ` at ${formatUkDateTime(at)}` : ""}`;
}

/**
 * One step on a recommendation: the case and the recommendation are locked (in that order) until
 * commit, so two officers acting at once get one change and one clear CONFLICT, never a 500.
 */
async function step(
  ctx: Context,
  operation: string,
  id: string,
  action: RecommendationAction,
  expectedVersion: number | undefined,
  apply: (r: Recommendation, now: Date) => void,
  summary: (r: Recommendation, agencyName: string) => string,
): Promise<Recommendation> {
  // Which case to lock first: the request's loader, which the access rule has already filled (no
  // statement); read before the transaction, since a loader takes a pool connection of its own. A
  // recommendation never moves to another case; the row is read again under the lock below.
  const found = isUuid(id) ? await ctx.loaders.recommendation.load(id) : null;
  if (!found) throw notFound("Recommendation");
  return runMutation(ctx, operation, async ({ tx, audit, event }) => {
    const repo = tx.getRepository(Recommendation);
    const c = await lockCase(tx, found.caseReviewId);
    const r = await repo.findOne({ where: { id }, lock: { mode: "pessimistic_write" } });
    if (!r || r.caseReviewId !== c.id) throw notFound("Recommendation");
    await transition(tx, c, "RESPOND_TO_RECOMMENDATION");
    const done = await alreadyDone(tx, r, action);
    if (done) throw conflict(done);
    if (expectedVersion !== undefined && expectedVersion !== r.version) {
      throw conflict(`The recommendation has changed since you read it (version ${r.version} now, you sent ${expectedVersion}): read it again`);
    }
    const from = r.status;
    try {
      r.status = nextRecommendationStatus(r.status, action, { overdue: isRecommendationOverdue(r, todayUk()) }) as RecommendationStatus;
    } catch (err) {
      if (err instanceof RecommendationTransitionError) throw conflict(`${err.message.charAt(0).toUpperCase()}${err.message.slice(1)} (status ${from})`);
      throw err;
    }
    const now = new Date();
    // Answering a recommendation challenged before it was acknowledged acknowledges it too.
    if (action !== "CHALLENGE" && !r.acknowledgedAt) Object.assign(r, { acknowledgedById: ctx.caller!.id, acknowledgedAt: now });
    apply(r, now);
    const saved = await repo.save(r);
    // Through the transaction, never a loader: a loader takes a second pool connection while this
    // transaction holds one, and at 20 concurrent writers every connection waits for another (issue 7).
    const addressee = r.assignedAgencyId
      ? (await tx.getRepository(Agency).findOneBy({ id: r.assignedAgencyId }))?.name ?? "the agency"
      : r.assigneeName ?? "the addressee";
    await event(c.id, `RECOMMENDATION_${r.status}`, summary(r, addressee));
    audit({ operation, caseReviewId: c.id, detail: { recommendationId: r.id, from, to: r.status } });
    return saved;
  });
}

const quote = (text: string) => `"${text.length > 80 ? `${text.slice(0, 77)}...` : text}"`;

export function acknowledgeRecommendation(ctx: Context, id: string, expectedVersion?: number) {
  const caller = ctx.caller!;
  return step(ctx, "acknowledgeRecommendation", id, "ACKNOWLEDGE", expectedVersion, (r, now) => {
    r.acknowledgedById = caller.id;
    r.acknowledgedAt = now;
  }, (r, who) => `${who} acknowledged the recommendation ${quote(r.text)}`);
}

export function respondToRecommendation(
  ctx: Context,
  id: string,
  answer: { accept: boolean; response?: string | null; declineReason?: string | null },
  expectedVersion?: number,
) {
  const problems: FieldProblem[] = [];
  if (!answer.accept) problems.push(...blankFields({ declineReason: answer.declineReason }));
  else if (answer.declineReason?.trim()) problems.push({ field: "declineReason", message: "only when declining" });
  assertNoProblems(problems);
  const caller = ctx.caller!;
  return step(ctx, "respondToRecommendation", id, answer.accept ? "ACCEPT" : "DECLINE", expectedVersion, (r, now) => {
    r.accepted = answer.accept;
    r.response = answer.response?.trim() || null;
    r.declineReason = answer.accept ? null : answer.declineReason!.trim();
    r.respondedById = caller.id;
    r.respondedAt = now;
  }, (r, who) => (answer.accept ? `${who} accepted the recommendation ${quote(r.text)}` : `${who} declined the recommendation ${quote(r.text)}: ${r.declineReason}`));
}

export function completeRecommendation(ctx: Context, id: string, note: string, expectedVersion?: number) {
  assertNoProblems(blankFields({ note }));
  const caller = ctx.caller!;
  return step(ctx, "completeRecommendation", id, "COMPLETE", expectedVersion, (r, now) => {
    r.completionNote = note.trim();
    r.completedById = caller.id;
    r.completedAt = now;
  }, (r, who) => `${who} completed the recommendation ${quote(r.text)}`);
}

export function challengeRecommendation(ctx: Context, id: string, reason: string, expectedVersion?: number) {
  assertNoProblems(blankFields({ reason }));
  const caller = ctx.caller!;
  return step(ctx, "challengeRecommendation", id, "CHALLENGE", expectedVersion, (r, now) => {
    r.challenge = reason.trim();
    r.challengedById = caller.id;
    r.challengedAt = now;
  }, (r, who) => `${caller.name} challenged ${who} on the recommendation ${quote(r.text)}: ${r.challenge}`);
}
