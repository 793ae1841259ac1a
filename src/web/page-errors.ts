import crypto from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import type { Logger } from "pino";
import { OperationError } from "./graphql/run-operation";

/** One message of a GOV.UK error summary: `href` is "#" + the id of the field it is about. */
export interface ErrorItem {
  text: string;
  href: string;
}

/** What a template needs to show errors: the summary list, and each field's message by field id. */
export function errorView(items: ErrorItem[]) {
  const byField: Record<string, { text: string }> = {};
  for (const item of items) byField[item.href.slice(1)] ??= { text: item.text };
  return { errorList: items, errors: byField };
}

/** The 404 page: for any path no page answers. */
export function notFoundPage(req: Request, res: Response): void {
  res.status(404).render("views/not-found", { pageTitle: "Page not found" });
}

/**
 * Errors a person cannot fix become the "Sorry, there is a problem with the service" page with a
 * reference to quote (the same reference is in the log), never a stack trace. Refused CSRF tokens
 * and too many requests get pages of their own that say what to do.
 */
export function errorPage(log: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const e = err as { code?: string; status?: number; type?: string };
    if (res.headersSent) {
      res.end();
      return;
    }
    if (e.code === "EBADCSRFTOKEN") {
      res.status(403).render("views/problem", {
        pageTitle: "Sorry, this page has expired",
        heading: "Sorry, this page has expired",
        paragraphs: ["The form was open too long, or was sent from another page. Your answers have been kept. Go back, refresh the page and try again."],
      });
      return;
    }
    if (e.type === "entity.too.large") {
      res.status(413).render("views/problem", {
        pageTitle: "Sorry, that was too much text",
        heading: "Sorry, that was too much text",
        paragraphs: ["Go back and shorten your answer, then try again."],
      });
      return;
    }
    if (err instanceof OperationError && err.code === "TOO_MANY_REQUESTS") {
      res.status(429).render("views/problem", {
        pageTitle: "Sorry, there have been too many attempts",
        heading: "Sorry, there have been too many attempts",
        paragraphs: ["Too many requests came from your connection in the last minute. Wait a minute, then try again. Your answers have been kept."],
      });
      return;
    }
    if (err instanceof OperationError && (err.code === "FORBIDDEN" || err.code === "NOT_FOUND")) {
      // A console page about something this person may not see, or that does not exist: the same
      // answer for both, so the page does not tell which.
      res.status(404).render("views/not-found", { pageTitle: "Page not found" });
      return;
    }
    const reference = crypto.randomBytes(4).toString("hex").toUpperCase();
    log.error({ err, reference, path: req.path }, "page failed");
    const unavailable = err instanceof OperationError && err.code === "SERVICE_UNAVAILABLE";
    res.status(unavailable ? 503 : 500).render("views/problem", {
      pageTitle: "Sorry, there is a problem with the service",
      heading: "Sorry, there is a problem with the service",
      paragraphs: ["Try again later. Your answers have been kept.", `If you contact us about this, quote reference ${reference}.`],
      reference,
    });
  };
}
