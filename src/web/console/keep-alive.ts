import { Router } from "express";
import { safeReturnTo } from "./staff-session";

/**
 * POST /console/keep-alive: "Stay signed in" in the idle warning. Passing requireStaff is the
 * point (it counts as activity); the answer says when the session now ends. With JavaScript off
 * the warning never shows, but the form still works: it goes back to the page it came from.
 */
export function keepAliveRoutes(): Router {
  const router = Router();
  router.post("/keep-alive", (req, res) => {
    if (req.get("x-requested-with") === "fetch") {
      res.json({ idleSeconds: res.locals.idle.minutes * 60, warningSeconds: res.locals.idle.warningMinutes * 60 });
      return;
    }
    res.redirect(303, safeReturnTo(req.body?.returnTo));
  });
  return router;
}
