import type { Server } from "node:http";
import type { Request } from "express";
import { getOperationAST, GraphQLError, parse, specifiedRules, validate, type DocumentNode, type GraphQLSchema, type ValidationRule } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import type { DataSource } from "typeorm";
import type { Logger } from "pino";
import type { Config } from "../config";
import type { Caller } from "../auth/caller";
import { callerFromRequest } from "../auth/request-caller";
import type { ChangeListener } from "../modules/live-updates/change-events";
import { createLoaders, type Context } from "./context";
import { duplicatesRule, REQUEST_LIMITS } from "./install-graphql";
import { assertNoNulCharacters } from "./no-nul";
import { publicLimitsFor } from "./rate-limit";

/** Subscriptions open at once on one connection: enough for a console tab, not for a flood. */
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 20;

export interface SubscriptionDeps {
  config: Config;
  ds: DataSource;
  log: Logger;
  schema: GraphQLSchema;
  verifyToken: (token: string) => Promise<string>;
  httpServer: Server;
  changes: ChangeListener;
  /** graphql-armor's validation rules (depth, cost, aliases, directives), as over HTTP. */
  limits: ValidationRule[];
}

type Extra = {
  caller?: Caller | null;
  open?: number;
};

/**
 * graphql-ws at /graphql, beside Apollo's HTTP handler. Signed in like HTTP: the connection_init
 * payload carries `authorization: "Bearer <token>"` (a bad token closes the connection with 4403);
 * without one the connection opens but every subscription answers UNAUTHENTICATED. Each operation
 * gets the same limits as over HTTP (graphql-armor does not reach WebSockets by itself): tokens,
 * depth, cost, aliases, directives and message size. Only subscriptions are served here; queries and
 * mutations go over HTTP, where CSRF checks, rate limits and the audit of reads apply.
 */
export function installSubscriptions(deps: SubscriptionDeps): { dispose: () => Promise<void> } {
  const { config, log, schema } = deps;
  const wsServer = new WebSocketServer({ server: deps.httpServer, path: "/graphql", maxPayload: config.bodyLimit });
  const limits = publicLimitsFor(deps.ds, config);
  const refuse = (message: string, code = "BAD_REQUEST") => [new GraphQLError(message, { extensions: { code } })];

  const server = useServer<Record<string, unknown>, Extra>(
    {
      schema,
      onConnect: async ctx => {
        const auth = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        try {
          const req = { headers: { authorization: typeof auth === "string" ? auth : undefined } } as unknown as Request;
          ctx.extra.caller = await callerFromRequest(req, deps);
          ctx.extra.open = 0;
          return true;
        } catch {
          return false; // graphql-ws closes with 4403 Forbidden
        }
      },
      onSubscribe: async (ctx, _id, payload) => {
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens: REQUEST_LIMITS.tokens });
        } catch (err) {
          const tooLarge = err instanceof GraphQLError && /tokens/.test(err.message);
          return refuse(tooLarge ? "Query is too large" : err instanceof GraphQLError ? err.message : "Syntax error", "GRAPHQL_PARSE_FAILED");
        }
        // As over HTTP: repeats of a field capped, validation stopped at the second fault, one error answered.
        const errors = validate(schema, document, [...specifiedRules, ...deps.limits, duplicatesRule], { maxErrors: 1 });
        if (errors.length) return errors.slice(0, 1);
        try {
          assertNoNulCharacters(document, payload.variables ?? undefined);
        } catch (err) {
          return [err as GraphQLError];
        }
        const operation = getOperationAST(document, payload.operationName ?? undefined);
        if (!operation) return refuse("Name the operation to run");
        if (operation.operation !== "subscription") return refuse("Only subscriptions are served over WebSocket: send queries and mutations over HTTP");
        if ((ctx.extra.open ?? 0) >= MAX_SUBSCRIPTIONS_PER_CONNECTION) return refuse("Too many subscriptions on this connection", "TOO_MANY_REQUESTS");
        ctx.extra.open = (ctx.extra.open ?? 0) + 1;
        const caller = ctx.extra.caller ?? null;
        const contextValue: Context = {
          caller,
          loaders: createLoaders(deps.ds, caller),
          ds: deps.ds,
          log,
          config,
          clientIp: (ctx.extra as { request?: { socket?: { remoteAddress?: string } } }).request?.socket?.remoteAddress ?? "unknown",
          limits,
          reads: new Map(),
          changes: deps.changes,
        };
        return { schema, document, variableValues: payload.variables ?? undefined, operationName: payload.operationName ?? undefined, contextValue };
      },
      onComplete: ctx => {
        ctx.extra.open = Math.max(0, (ctx.extra.open ?? 1) - 1);
      },
    },
    wsServer,
  );

  return {
    dispose: async () => void (await server.dispose()), // closes every client with 1001 "Going away", then the WebSocket server
  };
}
