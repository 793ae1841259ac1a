import { Router } from "express";
import type { DataSource } from "typeorm";
import type { Logger } from "pino";
import type { Config } from "../../config";
import type { RunOperation } from "../graphql/run-operation";
import { signInRoutes } from "./sign-in/sign-in";
import { homeRoutes } from "./home/home";
import { requireStaff } from "./staff-session";
import { keepAliveRoutes } from "./keep-alive";
import { workQueueRoutes } from "./work-queue/work-queue";
import { inboxRoutes } from "./inbox/inbox";
import { panelsRoutes } from "./panels/panels";
import { secondaryReviewsRoutes } from "./secondary-reviews/secondary-reviews";
import { figuresRoutes } from "./figures/figures";
import { caseRoutes } from "./case/case-routes";
import { adminRoutes } from "./admin/admin-routes";

/** What every console page handler is given: run a named operation as the signed-in member of staff. */
export interface ConsoleServices {
  run: RunOperation;
  log: Logger;
  ds: DataSource;
  config: Config;
}

/** The only console pages open without a console session: signing in and out (test/web/console-routes.test.ts). */
export const OPEN_CONSOLE_PAGES = ["GET /sign-in", "POST /sign-in", "GET /sign-in/callback", "POST /sign-out"];

/**
 * The staff console (WEB.md), under /console: sign-in and sign-out first, then every other page
 * behind requireStaff. What a person may do is decided by the GraphQL rules the pages run through,
 * never by the page: a page only leaves out what its operations did not return.
 */
export function consoleRoutes(services: ConsoleServices): Router {
  const router = Router();
  router.use(signInRoutes(services));
  router.use(requireStaff(services.ds));
  router.use(homeRoutes(services));
  router.use(keepAliveRoutes());
  router.use(workQueueRoutes(services));
  router.use(inboxRoutes(services));
  router.use(panelsRoutes(services));
  router.use(secondaryReviewsRoutes(services));
  router.use(figuresRoutes(services));
  router.use(caseRoutes(services));
  router.use(adminRoutes(services));
  return router;
}
