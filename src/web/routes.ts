import { Router } from "express";
import type { PageServices } from "./install-web";
import { startRoutes } from "./pages/start/start";
import { informationRoutes } from "./pages/information/information";
import { applyRoutes } from "./journeys/apply/apply";
import { checkProgressRoutes } from "./journeys/check-progress/check-progress";

/** The front door (WEB.md): start pages, the application, check progress and the information pages. */
export function frontDoorRoutes(services: PageServices): Router {
  const router = Router();
  router.use(startRoutes(services));
  router.use(informationRoutes());
  router.use("/apply/:code", applyRoutes(services));
  router.use("/check-progress", checkProgressRoutes(services));
  // The address the emails to applicants give (src/modules/notifications)
  router.get("/progress", (_req, res) => res.redirect(301, "/check-progress"));
  return router;
}
