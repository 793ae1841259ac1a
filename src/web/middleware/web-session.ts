import type { RequestHandler, Router } from "express";
import session from "express-session";
import connectPgSimple from "connect-pg-simple";
import type { DataSource } from "typeorm";
import type { Pool } from "pg";
import { resolveSessionSecret, type Config } from "../../config";

/** How long a public session lasts without a request: long enough to answer every question. */
export const SESSION_IDLE_MINUTES = 60;

/**
 * The session cookie's name. `__Host-` makes the browser refuse it unless it is Secure, for path /,
 * with no Domain: so it is used where the service is behind TLS (production). Development and the
 * tests run over plain http on 127.0.0.1, where a Secure cookie would never come back: there the
 * cookie is `asb-session`, otherwise the same (HttpOnly, SameSite=Lax, path /).
 */
export const sessionCookieName = (config: Config) => (config.env === "production" ? "__Host-asb-session" : "asb-session");

export interface WebSession {
  /** express-session over the web_session table: the pages, and the printable letters and reports. */
  handler: RequestHandler;
  close: () => void;
}

/**
 * Sessions in PostgreSQL (connect-pg-simple on the service's own pool), so any replica serves any
 * request and a restart loses no answers. The table comes from a migration (web_session).
 */
export function createWebSession(config: Config, ds: DataSource): WebSession {
  const PgStore = connectPgSimple(session);
  const store = new PgStore({
    pool: (ds.driver as unknown as { master: Pool }).master,
    tableName: "web_session",
    createTableIfMissing: false,
    pruneSessionInterval: 15 * 60,
  });
  const production = config.env === "production";
  const handler = session({
    store,
    name: sessionCookieName(config),
    secret: resolveSessionSecret(config),
    resave: false,
    saveUninitialized: false,
    rolling: true,
    // Behind a TLS-terminating proxy the request arrives as http: trust its X-Forwarded-Proto (app "trust proxy").
    proxy: production ? true : undefined,
    cookie: { httpOnly: true, sameSite: "lax", secure: production, path: "/", maxAge: SESSION_IDLE_MINUTES * 60_000 },
  });
  return { handler, close: () => store.close() };
}

/** The session on every page, and a redirect that waits for it to be stored. */
export function setUpWebSession(router: Router, web: WebSession): void {
  router.use(web.handler);
  // express-session saves a changed session as the response ends, but sends a redirect's headers
  // first: the browser could ask for the next page before its answers are stored. Save, then redirect.
  router.use((req, res, next) => {
    const redirect = res.redirect.bind(res) as (...args: unknown[]) => void;
    res.redirect = ((...args: unknown[]) => {
      if (!req.session) return redirect(...args);
      req.session.save(err => (err ? next(err) : redirect(...args)));
    }) as typeof res.redirect;
    next();
  });
}
