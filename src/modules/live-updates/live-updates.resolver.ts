import { GraphQLError } from "graphql";
import { Arg, Ctx, ID, Resolver, Root, Subscription } from "type-graphql";
import type { Context } from "../../app/context";
import { subscriptionAccess } from "../../auth/permissions";
import type { ChangeEvent, ChangeListener } from "./change-events";
import { CaseReviewChange, InboxChange, WorkQueueChange } from "./live-updates.type";

/**
 * The changes of `listener` that pass `keep`, as an async iterator, until the client stops.
 * A slow client does not hold up the others: each subscription has its own queue, capped.
 */
function changesWhere(listener: ChangeListener | undefined, keep: (e: ChangeEvent) => boolean): AsyncIterableIterator<ChangeEvent> {
  if (!listener) throw new GraphQLError("Live updates are not available here", { extensions: { code: "BAD_REQUEST" } });
  const queue: ChangeEvent[] = [];
  let wake: ((r: IteratorResult<ChangeEvent>) => void) | null = null;
  let done = false;
  const off = listener.on(e => {
    if (done || !keep(e)) return;
    if (wake) {
      const w = wake;
      wake = null;
      w({ value: e, done: false });
    } else if (queue.length < 100) queue.push(e);
  });
  const finish = async (): Promise<IteratorResult<ChangeEvent>> => {
    done = true;
    off();
    if (wake) wake({ value: undefined, done: true });
    return { value: undefined, done: true };
  };
  return {
    next: () => (queue.length ? Promise.resolve({ value: queue.shift()!, done: false }) : done ? finish() : new Promise(r => (wake = r))),
    return: finish,
    throw: async err => {
      await finish();
      throw err;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/**
 * Access is checked when the subscription opens (a shield rule on a subscription field runs only
 * on each event, never on opening: graphql-shield does not wrap `subscribe`), with the same
 * predicates as the field rules in permissions.ts, which hold again on every event.
 */
async function opened(check: (args: Record<string, unknown>, ctx: Context) => Promise<true | Error>, data: { args: unknown; context: unknown }) {
  const verdict = await check(data.args as Record<string, unknown>, data.context as Context);
  if (verdict !== true) throw verdict;
}

const byYou = (e: ChangeEvent, ctx: Context) => Boolean(ctx.caller && e.actorId === ctx.caller.id);

@Resolver()
export class LiveUpdatesResolver {
  @Subscription(_returns => CaseReviewChange, {
    nullable: true,
    description: "Each change to the case committed on any replica (anyone who may see the case)",
    subscribe: async data => {
      await opened(subscriptionAccess.caseReviewChanged, data);
      const id = (data.args as { id: string }).id;
      return changesWhere((data.context as Context).changes, e => e.caseReviewId === id);
    },
  })
  caseReviewChanged(@Root() e: ChangeEvent, @Arg("id", _type => ID) _id: string, @Ctx() ctx: Context): CaseReviewChange {
    return { caseReviewId: e.caseReviewId, kinds: e.kinds, actor: e.actor, at: new Date(e.at), byYou: byYou(e, ctx) };
  }

  @Subscription(_returns => InboxChange, {
    nullable: true,
    description: "Changes in cases the caller's agency is involved in: its inbox counts may have changed (agency officers)",
    subscribe: async data => {
      await opened(subscriptionAccess.myInboxChanged, data);
      const agencyId = (data.context as Context).caller!.agencyId;
      return changesWhere((data.context as Context).changes, e => e.agencyIds.includes(agencyId));
    },
  })
  myInboxChanged(@Root() e: ChangeEvent, @Ctx() ctx: Context): InboxChange {
    return { caseReviewId: e.caseReviewId, kinds: e.kinds, at: new Date(e.at), byYou: byYou(e, ctx) };
  }

  @Subscription(_returns => WorkQueueChange, {
    nullable: true,
    description: "Changes in the partnership's cases: the work queue may have changed (CSP officers of the partnership)",
    subscribe: async data => {
      await opened(subscriptionAccess.workQueueChanged, data);
      const partnershipId = (data.args as { partnershipId: string }).partnershipId;
      return changesWhere((data.context as Context).changes, e => e.partnershipId === partnershipId);
    },
  })
  workQueueChanged(@Root() e: ChangeEvent, @Arg("partnershipId", _type => ID) _partnershipId: string, @Ctx() ctx: Context): WorkQueueChange {
    return { partnershipId: e.partnershipId, caseReviewId: e.caseReviewId, kinds: e.kinds, at: new Date(e.at), byYou: byYou(e, ctx) };
  }
}
