import http from "node:http";
import express from "express";
import type { DataSource } from "typeorm";
import type { Logger } from "pino";
import type { Config } from "../config";
import { resolveTokenSecret } from "../config";
import { createTokenVerifier } from "../auth/token";
import { armor, executionStats, installGraphQL } from "./install-graphql";
import { installSubscriptions } from "./install-subscriptions";
import { ChangeListener } from "../modules/live-updates/change-events";
import { installHealth } from "./install-health";
import { installIde } from "./install-ide";
import { installLetters } from "./install-letters";
import { installReports } from "./install-reports";
import { createSchema } from "./schema";
import { installWeb } from "../web/install-web";
import { createWebSession } from "../web/middleware/web-session";
import { consoleCaller } from "../web/console/staff-session";
import type { GraphQLSchema } from "graphql";

export interface App {
  httpServer: http.Server;
  stop: () => Promise<void>;
  /** Operations run compiled and interpreted so far (null when compiling is off). */
  executionStats: () => { compiled: number; compiledRuns: number; interpretedRuns: number } | null;
}

/**
 * Builds the HTTP server without listening, so tests and the benchmark start it on port 0.
 * `schema` is for the benchmark's no-shield reference only; the server always uses createSchema().
 */
export async function createApp(config: Config, ds: DataSource, log: Logger, schema: GraphQLSchema = createSchema()): Promise<App> {
  const app = express();
  app.disable("x-powered-by");
  // Whose X-Forwarded-For to believe (TRUST_PROXY): the public budgets count per client address.
  app.set("trust proxy", config.trustProxy);
  const httpServer = http.createServer(app);

  // Health and readiness first: they must answer even when GraphQL is busy
  installHealth(app, ds);

  // The offline IDE, when configured
  if (config.ide) installIde(app, "/graphql");

  // GraphQL with sign-in, permissions and error masking
  const verifyToken = createTokenVerifier({
    secret: resolveTokenSecret(config),
    jwksUrl: config.jwksUrl,
    issuer: config.tokenIssuer,
    audience: config.tokenAudience,
  });
  const protection = armor();
  const apollo = await installGraphQL(app, { config, ds, log, schema, verifyToken, httpServer }, protection);

  // Subscriptions over graphql-ws at the same path, fed by the changes committed on every replica
  const changes = new ChangeListener((ds.options as { url: string }).url, log);
  await changes.start();
  const subscriptions = installSubscriptions({ config, ds, log, schema, verifyToken, httpServer, changes, limits: protection.validationRules ?? [] });

  // The web session, made here so that letters and reports open from the console with it too
  const webSession = createWebSession(config, ds);
  const sessionCaller = (req: express.Request, res: express.Response) => consoleCaller(req, res, webSession.handler, ds);

  // Printable letters (HTML), signed in with the same token as GraphQL, or the console's session
  installLetters(app, { ds, log, verifyToken, sessionCaller });

  // The yearly figures as CSV and as the printable annual report, with the same token (or session) and access rule
  installReports(app, { ds, log, verifyToken, sessionCaller });

  // The API's own paths answer in JSON: 404 for what is not there, a short error, never a stack trace
  const apiPaths = ["/graphql", "/graphiql", "/ide", "/letters", "/reports", "/healthz", "/readyz"];
  app.use(apiPaths, (_req, res) => {
    res.status(404).json({ error: "not found" });
  });
  // Errors outside GraphQL (a body too large, malformed JSON): a short JSON answer, never a stack trace
  app.use(apiPaths, (err: { type?: string; status?: number }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = err.type === "entity.too.large" ? 413 : err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status === 500) log.error({ err }, "request failed");
    const message = status === 413 ? "Request body is too large" : status === 500 ? "Internal server error" : "Bad request";
    const code = status === 500 ? "INTERNAL_SERVER_ERROR" : "BAD_REQUEST";
    res.status(status).json({ errors: [{ message, extensions: { code } }] });
  });

  // The pages (WEB.md), each running its GraphQL operations in process through the same Apollo server
  const web = installWeb(app, { config, ds, log, apollo, session: webSession });

  return {
    httpServer,
    executionStats: () => executionStats.get(apollo) ?? null,
    stop: async () => {
      await subscriptions.dispose(); // closes the WebSockets, so the HTTP server can close
      log.debug("websockets closed");
      await apollo.stop(); // drains in-flight requests, then closes the HTTP server
      log.debug("apollo stopped");
      await changes.stop();
      web.close();
    },
  };
}
