import path from "node:path";
import type { Express } from "express";
import nunjucks from "nunjucks";
import { formatLongDate } from "../calendar/dates";
import { GOVUK_FRONTEND, MOJ_FRONTEND } from "./middleware/static-resources";

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, c => HTML_ESCAPES[c]!);

export const SERVICE_NAME = "Apply for an anti-social behaviour case review";

/**
 * Nunjucks with autoescape on, over our templates (src/web, by page) and both design systems'
 * macros (`govuk/components/...`, `moj/components/...`).
 */
export function nunjucksSetup(app: Express): nunjucks.Environment {
  app.set("view engine", "njk");
  const env = nunjucks.configure([path.join(__dirname), GOVUK_FRONTEND, MOJ_FRONTEND], {
    autoescape: true,
    express: app,
    noCache: false,
  });
  env.addGlobal("serviceName", SERVICE_NAME);
  /** "2026-03-04" -> "4 March 2026". */
  env.addFilter("longDate", (d: string | null | undefined) => (d ? formatLongDate(d) : ""));
  /** Text with line breaks, for summary lists and letters: escaped, then <br>. */
  env.addFilter("lines", (s: string | null | undefined) =>
    new nunjucks.runtime.SafeString(
      escapeHtml(String(s ?? "")).replace(/\r?\n/g, "<br>"),
    ),
  );
  /** ["a", "b", "c"] -> "a, b and c". */
  env.addFilter("inWords", (items: string[] | null | undefined) => {
    const list = items ?? [];
    return list.length > 1 ? `${list.slice(0, -1).join(", ")} and ${list[list.length - 1]}` : (list[0] ?? "");
  });
  return env;
}
