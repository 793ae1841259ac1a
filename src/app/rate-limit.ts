import { GraphQLError, Kind, type DocumentNode, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import { collectFields } from "graphql/execution/collectFields";
import { getVariableValues } from "graphql/execution/values";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import type { DataSource } from "typeorm";
import type { Config } from "../config";
import { isDatabaseDown } from "./format-error";

/**
 * The budgets of the public (signed-out) operations, kept in PostgreSQL (the `rate_limit` table of
 * migration RateLimits) so that every replica of the server spends the same budget.
 *
 * - submissions: `submitCaseReviewApplication`, per client address per minute;
 * - status checks: `applicationStatus` and the applicant's `requestSecondaryReview`, per address per
 *   minute, more generous (applicants share addresses at libraries and council front desks);
 * - wrong access codes: per reference and per address per hour, so one application's code cannot be
 *   guessed from many addresses, nor many applications' codes from one.
 */
export interface PublicLimits {
  /** Spends `n` of the address's budget for the operation kind; TOO_MANY_REQUESTS when used up. */
  spend(kind: LimitedKind, clientIp: string, n: number): Promise<void>;
  /** Refuses before the access code is checked when the reference or address has guessed too often. */
  assertMayTryAccessCode(reference: string, clientIp: string): Promise<void>;
  /** Counts a wrong access code (or unknown reference: the two read the same) against both. */
  wrongAccessCode(reference: string, clientIp: string): Promise<void>;
}

export type LimitedKind = "submission" | "statusCheck";

/** The public operations that spend a budget, wherever they stand in the operation. */
export const LIMITED_FIELDS: Record<string, LimitedKind> = {
  submitCaseReviewApplication: "submission",
  applicationStatus: "statusCheck",
  requestSecondaryReview: "statusCheck",
};

export const tooManyRequests = (message = "Too many requests from this address: wait a minute and try again") =>
  new GraphQLError(message, { extensions: { code: "TOO_MANY_REQUESTS", http: { status: 429 } } });

// The reference as the look-up reads it; only its letters, digits and dashes go into a key.
export const referenceKey = (reference: string) => reference.trim().toUpperCase().replace(/[^0-9A-Z-]/g, "").slice(0, 20);

export function createPublicLimits(ds: DataSource, config: Config): PublicLimits {
  const store = (keyPrefix: string, points: number, duration: number, clearExpired = false) =>
    new RateLimiterPostgres({
      // TypeORM's own pool (driver.master): no second pool, and the table comes from a migration.
      storeClient: ds,
      storeType: "typeorm",
      tableName: "rate_limit",
      tableCreated: true,
      clearExpiredByTimeout: clearExpired,
      keyPrefix,
      points,
      duration,
    });
  const budgets: Record<LimitedKind, RateLimiterPostgres> = {
    submission: store("submit", config.publicSubmissionsPerMinute, 60, true),
    statusCheck: store("status", config.publicStatusChecksPerMinute, 60),
  };
  const wrongByReference = store("wrong-code-ref", config.wrongAccessCodesPerHour, 3600);
  const wrongByAddress = store("wrong-code-ip", config.wrongAccessCodesPerHour, 3600);

  // A refusal rejects with a RateLimiterRes; a store failure with an Error: the database is away (503)
  // or something unexpected, passed on as it is.
  const refused = (err: unknown) => {
    if (err instanceof RateLimiterRes) return true;
    if (isDatabaseDown(err)) {
      throw new GraphQLError("The service is temporarily unavailable; try again shortly", { extensions: { code: "SERVICE_UNAVAILABLE", http: { status: 503 } } });
    }
    throw err;
  };
  const usedUp = async (limiter: RateLimiterPostgres, key: string) => {
    const res = await limiter.get(key);
    return res !== null && res.consumedPoints >= limiter.points;
  };

  return {
    async spend(kind, clientIp, n) {
      if (n <= 0) return;
      try {
        await budgets[kind].consume(clientIp, n);
      } catch (err) {
        if (refused(err)) throw tooManyRequests();
      }
    },
    async assertMayTryAccessCode(reference, clientIp) {
      const [ref, ip] = await Promise.all([usedUp(wrongByReference, referenceKey(reference)), usedUp(wrongByAddress, clientIp)]).catch(err => {
        refused(err);
        return [false, false];
      });
      if (ref || ip) throw tooManyRequests("Too many wrong access codes: wait an hour and try again, or ask the community safety team");
    },
    async wrongAccessCode(reference, clientIp) {
      await Promise.all([
        wrongByReference.consume(referenceKey(reference), 1).catch(refused),
        wrongByAddress.consume(clientIp, 1).catch(refused),
      ]);
    },
  };
}

/**
 * How many times each budget is spent by the operation as it will execute: the root fields after
 * fragments, inline fragments and @skip/@include are applied, one per response key (an alias is a
 * call of its own; the same field named twice without an alias runs once).
 */
export function countLimitedFields(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
): Record<LimitedKind, number> {
  const counts: Record<LimitedKind, number> = { submission: 0, statusCheck: 0 };
  const root = operation.operation === "mutation" ? schema.getMutationType() : operation.operation === "query" ? schema.getQueryType() : schema.getSubscriptionType();
  if (!root) return counts;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
  // Variables that do not coerce stop the request before anything executes.
  if (coerced.errors) return counts;
  const fragments: Record<string, FragmentDefinitionNode> = Object.create(null);
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  const fields = collectFields(schema, fragments, coerced.coerced, root, operation.selectionSet);
  for (const [, nodes] of fields) {
    const kind = LIMITED_FIELDS[nodes[0]!.name.value];
    if (kind) counts[kind]++;
  }
  return counts;
}

const shared = new WeakMap<DataSource, PublicLimits>();

/** The budgets of one database, made once: every request, page and WebSocket of the process spends them. */
export function publicLimitsFor(ds: DataSource, config: Config): PublicLimits {
  let limits = shared.get(ds);
  if (!limits) shared.set(ds, (limits = createPublicLimits(ds, config)));
  return limits;
}
