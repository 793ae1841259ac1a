import type { Express, Request } from "express";
import express from "express";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginDisableSuggestions } from "@apollo/server/plugin/disableSuggestions";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { GraphQLError, type GraphQLSchema } from "graphql";
import type { Server } from "node:http";
import type { DataSource } from "typeorm";
import type { Logger } from "pino";
import type { Config } from "../config";
import { loadCaller, type Caller } from "../auth/caller";
import { TokenError } from "../auth/token";
import { appendAudit } from "../modules/audit/audit.service";
import { createLoaders, type Context } from "./context";
import { createFormatError, isDatabaseDown } from "./format-error";
import { sqlScope } from "../db/sql-counter";

export interface GraphQLDeps {
  config: Config;
  ds: DataSource;
  log: Logger;
  schema: GraphQLSchema;
  verifyToken: (token: string) => Promise<string>;
  httpServer: Server;
}

const httpError = (code: string, status: number, message: string) =>
  new GraphQLError(message, { extensions: { code, http: { status } } });

async function callerFrom(req: Request, deps: GraphQLDeps): Promise<Caller | null> {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header);
  if (!match) throw httpError("UNAUTHENTICATED", 401, "Authorization must be: Bearer <token>");
  let subject: string;
  try {
    subject = await deps.verifyToken(match[1]!);
  } catch (err) {
    throw httpError("UNAUTHENTICATED", 401, err instanceof TokenError ? `Sign-in failed: ${err.message}` : "Sign-in failed");
  }
  try {
    const caller = await loadCaller(deps.ds, subject);
    if (!caller) throw httpError("UNAUTHENTICATED", 401, "Sign-in failed: unknown or inactive user");
    return caller;
  } catch (err) {
    if (err instanceof GraphQLError) throw err;
    if (isDatabaseDown(err)) throw httpError("SERVICE_UNAVAILABLE", 503, "The service is temporarily unavailable; try again shortly");
    throw err;
  }
}

/** Writes the views of sensitive fields a response carried to the audit trail, before it is sent. */
const auditReadsPlugin = (log: Logger): ApolloServerPlugin<Context> => ({
  async requestDidStart() {
    return {
      async willSendResponse({ contextValue: ctx, response }) {
        if (ctx.reads?.size) {
          try {
            await ctx.ds.transaction(tx => appendAudit(tx, { caller: ctx.caller }, [...ctx.reads.values()]));
          } catch (err) {
            log.error({ err }, "could not audit sensitive reads");
          }
        }
        const scope = sqlScope.getStore();
        if (scope) response.http.headers.set("x-sql-statements", String(scope.statements));
      },
    };
  },
});

/** Apollo on Express at /graphql, configured from settings rather than NODE_ENV defaults. */
export async function installGraphQL(app: Express, deps: GraphQLDeps): Promise<ApolloServer<Context>> {
  const { config, log } = deps;
  const dev = config.env === "development";
  const apollo = new ApolloServer<Context>({
    schema: deps.schema,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: config.env === "production",
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    formatError: createFormatError(log, dev),
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      // Responses carry personal data and are never cached by HTTP caches: the plugin only costs (+28%).
      ApolloServerPluginCacheControlDisabled(),
      ...(config.env === "production" ? [ApolloServerPluginDisableSuggestions()] : []),
      ApolloServerPluginDrainHttpServer({ httpServer: deps.httpServer }),
      auditReadsPlugin(log),
    ],
  });
  await apollo.start();
  app.use(
    "/graphql",
    (req, res, next) => {
      // Mutations only over POST: a GET may be replayed by caches and prefetchers.
      if (req.method === "GET" && typeof req.query.query === "string" && /\bmutation\b/i.test(req.query.query)) {
        res.status(405).json({ errors: [{ message: "Mutations must be sent with POST", extensions: { code: "BAD_REQUEST" } }] });
        return;
      }
      sqlScope.run({ statements: 0 }, next);
    },
    express.json({ limit: config.bodyLimit }),
    expressMiddleware(apollo, {
      context: async ({ req }): Promise<Context> => {
        const caller = await callerFrom(req, deps);
        return {
          caller,
          loaders: createLoaders(deps.ds, caller),
          ds: deps.ds,
          log,
          config,
          clientIp: req.ip ?? "unknown",
          reads: new Map(),
        };
      },
    }),
  );
  return apollo;
}
