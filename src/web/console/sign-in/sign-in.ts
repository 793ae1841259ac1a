import fs from "node:fs";
import { Router } from "express";
import { DeactivatedUser, loadCaller } from "../../../auth/caller";
import { formatLongDate } from "../../../calendar/dates";
import { parseSetupFile } from "../../../admin/setup-file";
import { DEMO_SETUP_FILE } from "../../../demo/demo-data";
import { errorView } from "../../page-errors";
import { roleWords } from "../admin/admin-forms";
import type { ConsoleServices } from "../console-routes";
import { endStaffSession, safeReturnTo, startStaffSession } from "../staff-session";
import { oidcRoutes } from "./oidc";

const str = (body: unknown, name: string) => {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  return typeof v === "string" ? v.trim() : "";
};

/** The demo users of the Kent set-up file: who the development sign-in offers (read once). */
let demoUsers: Array<{ name: string; email: string; agency: string; roles: string[] }> | null = null;
function listDemoUsers() {
  demoUsers ??= parseSetupFile(fs.readFileSync(DEMO_SETUP_FILE, "utf8"), DEMO_SETUP_FILE).staff.map(s => ({
    name: s.name,
    email: s.email,
    agency: s.agency,
    roles: s.roles.map(roleWords),
  }));
  return demoUsers;
}

/** The demo users as radio items, the one typed last checked. */
const userItems = (email: string) =>
  listDemoUsers().map(u => ({ value: u.email, text: `${u.name} (${u.roles.join(", ")})`, hint: { text: `${u.agency}, ${u.email}` }, checked: u.email === email }));

/**
 * `/console/sign-in`: through the deployment's OpenID provider when OIDC_ISSUER is set (./oidc.ts);
 * otherwise, outside production only, a development page that lists the demo users. In production
 * without a provider there is no way in but the API's tokens, and the page says so.
 */
export function signInRoutes(services: ConsoleServices): Router {
  const router = Router();
  const { config, ds } = services;
  const development = !config.oidc && config.env !== "production";
  if (config.oidc) router.use(oidcRoutes(services, config.oidc));

  router.get("/sign-in", (req, res, next) => {
    if (config.oidc) return next();
    const because = req.session.signedOutBecause;
    if (because) delete req.session.signedOutBecause;
    if (!development) {
      return res.status(503).render("console/sign-in/not-set-up", { pageTitle: "Sign-in is not set up" });
    }
    res.render("console/sign-in/development", {
      pageTitle: "Sign in to the console",
      userItems: userItems(""),
      returnTo: safeReturnTo(req.query.returnTo),
      because,
      values: {},
    });
  });

  router.post("/sign-in", async (req, res, next) => {
    if (!development) return next();
    const email = str(req.body, "email");
    const returnTo = safeReturnTo(str(req.body, "returnTo"));
    const refuse = (text: string) =>
      res.status(400).render("console/sign-in/development", {
        pageTitle: "Sign in to the console",
        userItems: userItems(email),
        returnTo,
        values: { email },
        ...errorView([{ text, href: "#email" }]),
      });
    if (!email) return refuse("Choose a demo user or enter the email of a member of staff");
    const found = await loadCaller(ds, email, { tellDeactivated: true });
    if (found instanceof DeactivatedUser) {
      return refuse(`The account ${email} was deactivated${found.since ? ` on ${formatLongDate(found.since.toISOString().slice(0, 10))}` : ""}: it cannot sign in`);
    }
    if (!found) return refuse(`No member of staff has the email ${email}`);
    await startStaffSession(req, found.id, "development");
    services.log.info({ userId: found.id, via: "development" }, "console sign-in");
    res.redirect(returnTo);
  });

  router.post("/sign-out", async (req, res) => {
    await endStaffSession(req, "You have signed out.");
    res.redirect("/console/sign-in");
  });

  return router;
}
