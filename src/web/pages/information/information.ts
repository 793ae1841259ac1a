import { Router } from "express";
import { SESSION_IDLE_MINUTES } from "../../middleware/web-session";

/** The pages every public service publishes: accessibility statement, privacy notice, cookies. */
export function informationRoutes(): Router {
  const router = Router();
  router.get("/accessibility", (_req, res) => res.render("pages/information/accessibility", { pageTitle: "Accessibility statement" }));
  router.get("/privacy", (_req, res) => res.render("pages/information/privacy", { pageTitle: "Privacy notice" }));
  router.get("/cookies", (req, res) =>
    res.render("pages/information/cookies", { pageTitle: "Cookies", sessionMinutes: SESSION_IDLE_MINUTES, cookieName: req.app.get("session cookie") }),
  );
  return router;
}
