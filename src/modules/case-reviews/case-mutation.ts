import type { EntityManager } from "typeorm";
import { createLoaders, type Context } from "../../app/context";
import { conflict, notFound } from "../../app/errors";
import { todayUk } from "../../calendar/dates";
import { appendAudit, type AuditInput } from "../audit/audit.service";
import { publishChanges, type Change } from "../live-updates/change-events";
import { flushOutbox, openOutbox } from "../notifications/outbox";
import { CaseAgency, InvolvementReason } from "./case-agency.entity";
import { CaseEvent } from "./case-event.entity";
import { CaseReview } from "./case-review.entity";
import { nextDueFor } from "./case-deadlines";
import { canPerform, nextStatus, TransitionError, type CaseAction, type TransitionOptions } from "./case-review.state-machine";

/** What a mutation's work gets: the transaction, the request, and ways to record what it did. */
export interface MutationScope {
  tx: EntityManager;
  ctx: Context;
  /** Adds a row to the audit trail, written in this transaction. */
  audit(entry: AuditInput): void;
  /** Adds a line to the case's timeline, in this transaction. */
  event(caseReviewId: string, kind: string, summary: string): Promise<void>;
  /** Who is acting, as shown on the timeline. */
  actorName: string;
}

/**
 * Every mutation is one transaction: its changes, its timeline lines, its audit rows, the
 * notifications it owes (the outbox, src/modules/notifications/outbox.ts) and the live-update
 * events of the cases it changed (NOTIFY, delivered on commit) commit together or not at all.
 * Loaders are replaced afterwards so the answer shows the new state.
 */
export async function runMutation<T>(
  ctx: Context,
  operation: string,
  work: (scope: MutationScope) => Promise<T>,
  actorLabel = "the public",
): Promise<T> {
  const actorName = ctx.caller ? ctx.caller.name : actorLabel;
  const result = await ctx.ds.transaction(async tx => {
    const audits: AuditInput[] = [];
    const changes: Change[] = [];
    openOutbox(tx);
    const scope: MutationScope = {
      tx,
      ctx,
      actorName,
      audit: entry => audits.push({ ...entry, operation: entry.operation || operation }),
      event: async (caseReviewId, kind, summary) => {
        await tx.getRepository(CaseEvent).insert({ caseReviewId, actorId: ctx.caller?.id ?? null, actor: actorName, kind, summary });
        changes.push({ caseReviewId, kind, actor: actorName, actorId: ctx.caller?.id ?? null });
      },
    };
    const out = await work(scope);
    await flushOutbox(tx, ctx.config.mailMaxAttempts);
    await publishChanges(tx, changes);
    await appendAudit(tx, { caller: ctx.caller, label: actorLabel }, audits);
    return out;
  });
  ctx.loaders = createLoaders(ctx.ds, ctx.caller);
  return result;
}

/** Reads the case and locks its row until commit: state transitions see no concurrent change. */
export async function lockCase(tx: EntityManager, caseReviewId: string): Promise<CaseReview> {
  const found = await tx.getRepository(CaseReview).findOne({ where: { id: caseReviewId }, lock: { mode: "pessimistic_write" } });
  if (!found) throw notFound("Case review");
  asLoaded.set(found, { ...found });
  return found;
}

/** The case as lockCase read it, so that a step which changes nothing writes nothing. */
const asLoaded = new WeakMap<CaseReview, Record<string, unknown>>();
const same = (a: unknown, b: unknown) => (a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b);
function unchanged(c: CaseReview): boolean {
  const before = asLoaded.get(c);
  return !!before && Object.keys(c).every(k => same((c as unknown as Record<string, unknown>)[k], before[k]));
}

/**
 * Applies a step of the state machine to a locked case: refuses with CONFLICT naming the current
 * status when the step is not allowed, and keeps `nextDue` in line with the new status.
 */
export async function transition(tx: EntityManager, c: CaseReview, action: CaseAction, opts: TransitionOptions = {}): Promise<CaseReview> {
  let status;
  try {
    status = nextStatus(c.status, action, opts);
  } catch (err) {
    if (err instanceof TransitionError) throw conflict(`${capitalise(err.message)} (status ${c.status})`);
    throw err;
  }
  c.status = status as CaseReview["status"];
  c.nextDue = nextDueFor(c.status, c);
  if (c.status === "CLOSED" && !c.closedAt) c.closedAt = new Date();
  // Most steps (acknowledging, contributing, answering) leave the case as it was: no write, and no
  // read-back by TypeORM's save() either.
  if (unchanged(c)) return c;
  const saved = await tx.getRepository(CaseReview).save(c);
  asLoaded.set(saved, { ...saved });
  return saved;
}

/** Refuses with CONFLICT, naming the status, an action the state machine does not allow now. */
export function assertAllowed(c: CaseReview, action: CaseAction): void {
  if (!canPerform(c.status, action)) throw conflict(`${capitalise(new TransitionError(c.status, action).message)} (status ${c.status})`);
}

/** Marks an agency as involved in a case (ACCESS.md), once; the first reason is kept. */
export async function involveAgency(tx: EntityManager, caseReviewId: string, agencyId: string, reason: InvolvementReason): Promise<void> {
  await tx
    .createQueryBuilder()
    .insert()
    .into(CaseAgency)
    .values({ caseReviewId, agencyId, firstReason: reason })
    .orIgnore()
    .execute();
}

export const today = () => todayUk();
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
