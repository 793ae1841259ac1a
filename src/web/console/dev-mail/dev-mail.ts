import fs from "node:fs";
import path from "node:path";
import { Router, type NextFunction, type Request, type Response } from "express";
import type { Config } from "../../../config";
import { listKeptMail } from "../../../modules/notifications/mailer";
import type { ConsoleServices } from "../console-routes";

/** The kept mail is read only where it is kept: outside production, with no SMTP server to send to. */
export const devMailShown = (config: Pick<Config, "env" | "smtpUrl">) => config.env !== "production" && !config.smtpUrl;

const when = (date: string) => {
  const d = new Date(date);
  return Number.isNaN(d.getTime()) ? date : d.toLocaleString("en-GB", { timeZone: "Europe/London", dateStyle: "long", timeStyle: "short" });
};

/**
 * `/console/dev/mail`: the emails the service would have sent, kept as .eml files under
 * DATA_DIR/mail when no SMTP_URL is set (src/modules/notifications/mailer.ts), for whoever runs it
 * locally. Anywhere else it is "Page not found". It reads the files, not GraphQL: the messages
 * are the mailer's output, not the service's data (and they carry no case details).
 */
export function devMailRoutes({ config }: ConsoleServices): Router {
  const router = Router();
  const shownOnly = (_req: Request, _res: Response, next: NextFunction) => (devMailShown(config) ? next() : next("router"));
  // The console's navigation links here, in development.
  router.use((_req, res, next) => {
    if (devMailShown(config) && Array.isArray(res.locals.consoleNavigation)) {
      res.locals.consoleNavigation = [...res.locals.consoleNavigation, { href: "/console/dev/mail", text: "Development mail" }];
    }
    next();
  });
  router.get("/dev/mail", shownOnly, (_req, res) => {
    const messages = listKeptMail(config.dataDir).map(m => ({ name: path.basename(m.file), to: m.to, subject: m.subject, when: when(m.date) }));
    res.render("console/dev-mail/dev-mail", { pageTitle: "Development mail", messages });
  });
  router.get("/dev/mail/:name", shownOnly, (req, res, next) => {
    const name = String(req.params.name);
    // Only a file the list shows: no path of the visitor's choosing.
    const message = listKeptMail(config.dataDir).find(m => path.basename(m.file) === name);
    if (!message) return next("router");
    res.render("console/dev-mail/dev-mail-message", {
      pageTitle: `${message.subject || "Message"}: development mail`,
      backLink: "/console/dev/mail",
      message: { ...message, when: when(message.date), text: fs.readFileSync(message.file, "utf8") },
    });
  });
  return router;
}
