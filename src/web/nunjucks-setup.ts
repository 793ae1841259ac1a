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
  speedUpMacros(env);
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

/**
 * Two costs of the design systems' macros, measured on the work queue page (issue 16: rendering was
 * a quarter of the page's CPU). Each macro call includes its template by a relative name, which
 * nunjucks resolves against the caller's path on every call: the same few pairs, remembered. And
 * the macros pass their HTML through `trim`, which nunjucks does with /^\s*|\s*$/g, slow on long
 * strings: String.prototype.trim removes exactly the characters \s matches.
 */
export function speedUpMacros(env: nunjucks.Environment): void {
  type Resolving = { resolve?: (from: string, to: string) => string };
  for (const loader of (env as unknown as { loaders: Resolving[] }).loaders) {
    const resolve = loader.resolve?.bind(loader);
    if (!resolve) continue;
    const resolved = new Map<string, string>();
    loader.resolve = (from, to) => {
      const key = `${from}\0${to}`;
      let full = resolved.get(key);
      if (full === undefined) resolved.set(key, (full = resolve(from, to)));
      return full;
    };
  }
  const runtime = nunjucks.runtime as unknown as { copySafeness: (from: unknown, to: string) => unknown };
  env.addFilter("trim", (str: unknown) => runtime.copySafeness(str, String(str ?? "").trim()));
}
