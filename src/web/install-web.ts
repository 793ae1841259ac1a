import express, { type Express } from "express";
import type { ApolloServer } from "@apollo/server";
import type { DataSource } from "typeorm";
import type { Logger } from "pino";
import type { Config } from "../config";
import type { Context } from "../app/context";
import { createRunOperation, type RunOperation } from "./graphql/run-operation";
import { setUpWebSecurity } from "./middleware/web-security";
import { setUpStaticResources } from "./middleware/static-resources";
import { createWebSession, sessionCookieName, setUpWebSession, type WebSession } from "./middleware/web-session";
import { setUpCsrf } from "./middleware/csrf";
import { nunjucksSetup } from "./nunjucks-setup";
import { errorPage, notFoundPage } from "./page-errors";
import { frontDoorRoutes } from "./routes";
import { consoleRoutes } from "./console/console-routes";
import { sqlScope } from "../db/sql-counter";

export interface WebDeps {
  config: Config;
  ds: DataSource;
  log: Logger;
  apollo: ApolloServer<Context>;
  /** The session store and middleware, when made before (app.ts shares it with the printable letters and reports). */
  session?: WebSession;
}

/** What every page handler is given: run a named operation as the visitor. */
export interface PageServices {
  run: RunOperation;
  log: Logger;
}

/**
 * The pages of WEB.md, after every API route: security headers, assets, templates, the session,
 * form bodies, CSRF, the pages, then the HTML 404 and error pages. Returns what to close on stop.
 */
export function installWeb(app: Express, deps: WebDeps): { close: () => void } {
  const router = express.Router();
  setUpWebSecurity(router, deps.config);
  setUpStaticResources(router);
  nunjucksSetup(app);
  const session = deps.session ?? createWebSession(deps.config, deps.ds);
  setUpWebSession(router, session);
  app.set("session cookie", sessionCookieName(deps.config));
  countStatements(router);
  router.use(express.urlencoded({ extended: false, limit: deps.config.bodyLimit, parameterLimit: 200 }));
  setUpCsrf(router);
  const services: PageServices = { run: createRunOperation(deps.apollo, deps), log: deps.log };
  router.use(frontDoorRoutes(services));
  // The console runs the same operations as the signed-in member of staff (set by requireStaff).
  const runAsStaff = createRunOperation(deps.apollo, deps, async req => req.res?.locals.caller ?? null);
  router.use("/console", consoleRoutes({ run: runAsStaff, log: deps.log, ds: deps.ds, config: deps.config }));
  router.use(notFoundPage);
  router.use(errorPage(deps.log));
  app.use(router);
  return session;
}

/**
 * The SQL statements a page ran, in the x-sql-statements header as /graphql has it: the tests hold
 * list pages to a number that does not grow with the rows shown (issue 14).
 */
function countStatements(router: express.Router): void {
  router.use((_req, res, next) => {
    const scope = { statements: 0 };
    const writeHead = res.writeHead;
    res.writeHead = function (this: typeof res, ...args: Parameters<typeof writeHead>) {
      if (!res.headersSent) res.setHeader("x-sql-statements", String(scope.statements));
      return writeHead.apply(this, args);
    } as typeof writeHead;
    sqlScope.run(scope, next);
  });
}
