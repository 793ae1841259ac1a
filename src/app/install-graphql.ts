import type { Express } from "express";
import express from "express";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginDisableSuggestions } from "@apollo/server/plugin/disableSuggestions";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import type { GraphQLSchema } from "graphql";
import type { Server } from "node:http";
import type { DataSource } from "typeorm";
import type { Logger } from "pino";
import type { Config } from "../config";
import type { Caller } from "../auth/caller";
import { callerFromRequest } from "../auth/request-caller";
import { ReadAuditWriter } from "../modules/audit/audit.service";
import { createLoaders, type Context } from "./context";
import { createFormatError } from "./format-error";
import { sqlScope } from "../db/sql-counter";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import { maxDuplicatesRule } from "./max-duplicates";
import { assertNoNulCharacters } from "./no-nul";
import { countLimitedFields, publicLimitsFor, type LimitedKind } from "./rate-limit";
import { createCompiledExecution, type CompiledExecution } from "./compiled-execution";
import type { GatewayInterface } from "@apollo/server-gateway-interface";

export interface GraphQLDeps {
  config: Config;
  ds: DataSource;
  log: Logger;
  schema: GraphQLSchema;
  verifyToken: (token: string) => Promise<string>;
  httpServer: Server;
}

/** Writes the views of sensitive fields a response carried to the audit trail, before it is sent. */
const auditReadsPlugin = (log: Logger, writer: ReadAuditWriter): ApolloServerPlugin<Context> => ({
  async requestDidStart() {
    return {
      async willSendResponse({ contextValue: ctx, response }) {
        if (ctx.reads?.size) {
          try {
            // One statement, atomic on its own (audit_append), shared with the views of concurrent
            // requests (ReadAuditWriter). Signed out, the only view of personal data is the
            // applicant's own (reference + access code).
            await writer.append({ caller: ctx.caller, label: "the applicant" }, [...ctx.reads.values()]);
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

/**
 * Limits on every request, sized so the real operations (the panel pack is the largest) pass.
 * `exposeLimits: false`: a refused query is not told the number it exceeded.
 */
export const REQUEST_LIMITS = { depth: 10, aliases: 15, directives: 10, tokens: 3000, cost: 20000, duplicates: 3 } as const;

export function armor() {
  const hidden = { exposeLimits: false, propagateOnRejection: true };
  return new ApolloArmor({
    maxDepth: { n: REQUEST_LIMITS.depth, ...hidden, errorMessage: "Query is too deep" },
    // allowList []: aliases of __typename count too (armor lets them through by default).
    maxAliases: { n: REQUEST_LIMITS.aliases, allowList: [], ...hidden, errorMessage: "Query has too many aliases" },
    maxDirectives: { n: REQUEST_LIMITS.directives, ...hidden, errorMessage: "Query has too many directives" },
    // Tokens are counted by graphql-js's parser (parseOptions below): armor's plugin refuses from a
    // hook whose error answers HTTP 500.
    maxTokens: { enabled: false },
    costLimit: { maxCost: REQUEST_LIMITS.cost, ...hidden, errorMessage: "Query is too expensive" },
    blockFieldSuggestion: { enabled: true },
  }).protect();
}

/** One field named more than REQUEST_LIMITS.duplicates times in a selection (src/app/max-duplicates.ts): over HTTP and WebSocket. */
export const duplicatesRule = maxDuplicatesRule(REQUEST_LIMITS.duplicates, "Query repeats a field too often");

/**
 * A refused query is answered with one error, the first reason: 60 unknown directives once answered
 * 60 errors, a response many times the request. Validation also stops at the second fault
 * (`validationOptions.maxErrors`), so the rest of a hostile document is not walked.
 */
const oneRefusalErrorPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        // Refused before execution: no data at all, only errors.
        const body = response.body;
        if (body.kind === "single" && body.singleResult.data === undefined && (body.singleResult.errors?.length ?? 0) > 1) {
          body.singleResult.errors = body.singleResult.errors!.slice(0, 1);
        }
      },
    };
  },
};

/**
 * Before anything runs: no argument may carry a NUL character (src/app/no-nul.ts), and public
 * (signed-out) operations spend their address's budgets, counted as the operation will execute.
 */
const beforeExecutionPlugin = (): ApolloServerPlugin<Context> => ({
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue: ctx, operation, document, schema, request }) {
        assertNoNulCharacters(document, request.variables);
        if (ctx.caller || !operation) return;
        const counts = countLimitedFields(schema, document, operation, request.variables);
        for (const kind of Object.keys(counts) as LimitedKind[]) await ctx.limits.spend(kind, ctx.clientIp, counts[kind]);
      },
    };
  },
});

/**
 * The per-request context of an operation: the same for a partner's call over HTTP and for a page
 * running its operations in process (src/web/graphql/run-operation.ts), so both get the same
 * shield rules, fresh loaders, audit of reads and error codes.
 */
export function createContext(deps: Pick<GraphQLDeps, "ds" | "log" | "config">, caller: Caller | null, clientIp: string): Context {
  return { caller, loaders: createLoaders(deps.ds, caller), ds: deps.ds, log: deps.log, config: deps.config, clientIp, limits: publicLimitsFor(deps.ds, deps.config), reads: new Map() };
}

/**
 * Apollo runs our executor through its gateway hook (the one way Apollo Server 5 takes an executor):
 * the schema is ours, unchanged, and every request still goes through Apollo's parsing, validation,
 * plugins and error formatting; only the execution is ours (src/app/compiled-execution.ts).
 */
function compiledExecutionGateway(schema: GraphQLSchema, execution: CompiledExecution): GatewayInterface {
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: "" });
      return () => {};
    },
    async load() {
      return {
        executor: async rc =>
          (await execution.execute(rc.document, rc.request.operationName, rc.context, rc.request.variables)) as Awaited<ReturnType<NonNullable<Awaited<ReturnType<GatewayInterface["load"]>>["executor"]>>>,
      };
    },
    async stop() {},
  };
}

/** Read audits written (statements, views), by server (for tests and the bench). */
export const readAuditStats = new WeakMap<Server, ReadAuditWriter["stats"]>();

/** How many operations ran compiled and how many on graphql-js, by server (for tests and the bench). */
export const executionStats = new WeakMap<ApolloServer<Context>, CompiledExecution["stats"]>();

/** Apollo on Express at /graphql, configured from settings rather than NODE_ENV defaults. */
export async function installGraphQL(app: Express, deps: GraphQLDeps, protection = armor()): Promise<ApolloServer<Context>> {
  const { config, log } = deps;
  const dev = config.env === "development";
  const readAudit = new ReadAuditWriter(deps.ds.manager);
  readAuditStats.set(deps.httpServer, readAudit.stats);
  const execution = config.graphqlCompileAfter > 0 ? createCompiledExecution(deps.schema, config.graphqlCompileAfter) : null;
  const apollo = new ApolloServer<Context>({
    ...(execution ? { gateway: compiledExecutionGateway(deps.schema, execution) } : { schema: deps.schema }),
    validationRules: [...protection.validationRules, duplicatesRule],
    validationOptions: { maxErrors: 1 },
    parseOptions: { maxTokens: REQUEST_LIMITS.tokens },
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: config.env === "production",
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // main.ts owns the signals: it stops the WebSockets, Apollo, the job queue and the pool in order.
    stopOnTerminationSignals: false,
    formatError: createFormatError(log, dev),
    plugins: [
      ...protection.plugins,
      oneRefusalErrorPlugin,
      beforeExecutionPlugin(),
      ApolloServerPluginLandingPageDisabled(),
      // Responses carry personal data and are never cached by HTTP caches: the plugin only costs (+28%).
      ApolloServerPluginCacheControlDisabled(),
      ...(config.env === "production" ? [ApolloServerPluginDisableSuggestions()] : []),
      ApolloServerPluginDrainHttpServer({ httpServer: deps.httpServer }),
      auditReadsPlugin(log, readAudit),
    ],
  });
  if (execution) executionStats.set(apollo, execution.stats);
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
      context: async ({ req }) => createContext(deps, await callerFromRequest(req, deps), req.ip ?? "unknown"),
    }),
  );
  return apollo;
}
