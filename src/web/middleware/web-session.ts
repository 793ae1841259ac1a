import type { IncomingMessage } from "node:http";
import type { RequestHandler, Router } from "express";
import session, { type SessionData } from "express-session";
import { createHmac, timingSafeEqual } from "node:crypto";
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
  /**
   * The session a request's cookie names, read from the store without touching it (no response to
   * set a cookie on: a WebSocket upgrade). `cookie` says whether the request carried the cookie at all.
   */
  read: (req: IncomingMessage) => Promise<{ cookie: boolean; data: SessionData | null }>;
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
  const name = sessionCookieName(config);
  const secret = resolveSessionSecret(config);
  const read: WebSession["read"] = async req => {
    const raw = cookieValue(req.headers.cookie, name);
    if (raw === undefined) return { cookie: false, data: null };
    const sid = unsignSessionId(raw, secret);
    if (!sid) return { cookie: true, data: null };
    const data = await new Promise<SessionData | null>((resolve, reject) => store.get(sid, (err, s) => (err ? reject(err) : resolve(s ?? null))));
    return { cookie: true, data };
  };
  return { handler, read, close: () => store.close() };
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

/** One cookie's value from a Cookie header (percent-decoded, as the browser sent it). */
function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }
  return undefined;
}

/** express-session's cookie is "s:" + id + "." + HMAC-SHA256(id) (cookie-signature): the id, or null if forged. */
function unsignSessionId(value: string, secret: string): string | null {
  if (!value.startsWith("s:")) return null;
  const signed = value.slice(2);
  const dot = signed.lastIndexOf(".");
  if (dot < 1) return null;
  const id = signed.slice(0, dot);
  const expected = Buffer.from(`${id}.${createHmac("sha256", secret).update(id).digest("base64").replace(/=+$/, "")}`);
  const given = Buffer.from(signed);
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
}
