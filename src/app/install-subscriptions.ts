import type { IncomingMessage, Server } from "node:http";
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
import type { WebSession } from "../web/middleware/web-session";
import { staffOfSession } from "../web/console/staff-session";

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
  /** The console's session store: a browser's connection is signed in by its session cookie. */
  session?: Pick<WebSession, "read">;
}

type Extra = {
  caller?: Caller | null;
  open?: number;
  /** A connection signed in by the console session: checked again every minute. */
  recheck?: NodeJS.Timeout;
};

type Upgrade = IncomingMessage & { socket: { remoteAddress?: string } };

/**
 * Cross-Site WebSocket Hijacking: a browser sends the session cookie with any page's WebSocket, so
 * a connection signed in by the cookie must come from a page of this service: its Origin is
 * PUBLIC_URL's, or the very host the request was sent to. A missing Origin is not a browser's page.
 */
export function trustedOrigin(req: IncomingMessage, config: Pick<Config, "publicUrl" | "env">): boolean {
  const origin = req.headers.origin;
  if (!origin) return false;
  if (origin === new URL(config.publicUrl).origin) return true;
  try {
    const url = new URL(origin);
    const schemes = config.env === "production" ? ["https:"] : ["http:", "https:"];
    return schemes.includes(url.protocol) && url.origin === origin && url.host === req.headers.host;
  } catch {
    return false;
  }
}

/**
 * graphql-ws at /graphql, beside Apollo's HTTP handler. Signed in like HTTP: the connection_init
 * payload carries `authorization: "Bearer <token>"` (a bad token closes the connection with 4403);
 * without one the connection opens but every subscription answers UNAUTHENTICATED. Each operation
 * A browser's connection is signed in by the console's session cookie instead, by requireStaff's
 * rules and from a page of this service only (trustedOrigin): a cookie from another origin, an idle
 * session or a deactivated account closes it with 4403, and it is checked again every minute (SESSION_RECHECK_SECONDS). Each
 * operation gets the same limits as over HTTP (graphql-armor does not reach WebSockets by itself): tokens,
 * depth, cost, aliases, directives and message size. Only subscriptions are served here; queries and
 * mutations go over HTTP, where CSRF checks, rate limits and the audit of reads apply.
 */
export function installSubscriptions(deps: SubscriptionDeps): { dispose: () => Promise<void> } {
  const { config, log, schema } = deps;
  const wsServer = new WebSocketServer({ server: deps.httpServer, path: "/graphql", maxPayload: config.bodyLimit });
  const limits = publicLimitsFor(deps.ds, config);
  const refuse = (message: string, code = "BAD_REQUEST") => [new GraphQLError(message, { extensions: { code } })];

  /** The session again: closed once it would no longer pass requireStaff; roles kept current (the same object the subscriptions hold). */
  const recheck = async (extra: Extra, upgrade: Upgrade, caller: Caller, socket: { close: (c: number, r: string) => void }) => {
    try {
      const now = await staffOfSession(deps.ds, (await deps.session!.read(upgrade)).data);
      if (now && now.id === caller.id) {
        Object.assign(caller, now);
        return;
      }
    } catch (err) {
      log.warn({ err }, "websocket session check failed");
      return; // the database away for a moment: the next check decides
    }
    if (extra.recheck) clearInterval(extra.recheck);
    socket.close(4403, "Forbidden");
  };

  const server = useServer<Record<string, unknown>, Extra>(
    {
      schema,
      onConnect: async ctx => {
        const auth = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        const upgrade = (ctx.extra as unknown as { request: Upgrade }).request;
        ctx.extra.open = 0;
        try {
          const stored = deps.session ? await deps.session.read(upgrade) : { cookie: false, data: null };
          // The cookie came with the upgrade: whatever else is sent, only a page of this service may use it.
          if (stored.cookie && !trustedOrigin(upgrade, config)) {
            log.warn({ origin: upgrade.headers.origin ?? null }, "websocket with the session cookie from another origin refused");
            return false;
          }
          if (typeof auth === "string" || !stored.data?.staff) {
            const req = { headers: { authorization: typeof auth === "string" ? auth : undefined } } as unknown as Request;
            ctx.extra.caller = await callerFromRequest(req, deps);
            return true;
          }
          const caller = await staffOfSession(deps.ds, stored.data);
          if (!caller) return false; // idle too long, deactivated or unknown: sign in again on a page
          ctx.extra.caller = caller;
          ctx.extra.recheck = setInterval(() => void recheck(ctx.extra, upgrade, ctx.extra.caller!, (ctx.extra as unknown as { socket: { close: (c: number, r: string) => void } }).socket), config.sessionRecheckSeconds * 1000);
          ctx.extra.recheck.unref();
          return true;
        } catch {
          return false; // graphql-ws closes with 4403 Forbidden
        }
      },
      onClose: ctx => {
        if (ctx.extra.recheck) clearInterval(ctx.extra.recheck);
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
