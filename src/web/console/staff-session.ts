import type { NextFunction, Request, RequestHandler, Response } from "express";
import type { DataSource } from "typeorm";
import { DeactivatedUser, loadCaller, type Caller } from "../../auth/caller";
import { formatLongDate } from "../../calendar/dates";
import { consoleNavigation } from "./role-homes";

declare module "express-session" {
  interface SessionData {
    /** The member of staff this session signed in as: only who, never what they may do (read on every request). */
    staff?: { userId: string; signedInAt: number; lastActiveAt: number; via: "oidc" | "development" };
    /** Why the last console session ended, shown once on the sign-in page. */
    signedOutBecause?: string;
  }
}

/** WEB.md: staff sessions end after 30 minutes idle, with a warning first. */
export const STAFF_IDLE_MINUTES = 30;
export const STAFF_WARNING_MINUTES = 5;

/** Where a page may send someone after signing in: a console path of this service, nothing else. */
export function safeReturnTo(value: unknown): string {
  const s = typeof value === "string" ? value : "";
  return /^\/console([/?][A-Za-z0-9\-._~%/?=&]*)?$/.test(s) && !s.startsWith("//") && !s.includes("/sign-in") ? s : "/console";
}

const regenerate = (req: Request) => new Promise<void>((resolve, reject) => req.session.regenerate(err => (err ? reject(err) : resolve())));

/**
 * Starts a console session for a member of staff: a new session id (no fixation), and whatever the
 * browser held before (a public application in progress) is left behind.
 */
export async function startStaffSession(req: Request, userId: string, via: "oidc" | "development"): Promise<void> {
  await regenerate(req);
  const now = Date.now();
  req.session.staff = { userId, signedInAt: now, lastActiveAt: now, via };
  req.session.cookie.maxAge = STAFF_IDLE_MINUTES * 60_000;
}

/** Ends the console session, keeping only the reason to show on the sign-in page. */
export async function endStaffSession(req: Request, because?: string): Promise<void> {
  await regenerate(req);
  if (because) req.session.signedOutBecause = because;
}

/** The signed-in member of staff of this request (set by requireStaff), as the database says today. */
export const staffCaller = (res: Response): Caller => res.locals.caller as Caller;

/**
 * Every console page but sign-in: the session must name an active member of staff, used within the
 * last 30 minutes. Roles, agency and partnerships are read from the database on every request, so
 * a role taken away or a deactivation applies at once. Someone not signed in goes to sign-in and
 * comes back; a deactivated user is told so and signed out.
 */
export function requireStaff(ds: DataSource): RequestHandler {
  return async function requireStaffMiddleware(req: Request, res: Response, next: NextFunction) {
    const staff = req.session.staff;
    const back = req.method === "GET" ? `?returnTo=${encodeURIComponent(safeReturnTo(req.originalUrl))}` : "";
    if (!staff) return res.redirect(`/console/sign-in${back}`);
    if (Date.now() - staff.lastActiveAt > STAFF_IDLE_MINUTES * 60_000) {
      await endStaffSession(req, `You were signed out because you had not done anything for ${STAFF_IDLE_MINUTES} minutes. Sign in again to carry on.`);
      return res.redirect(`/console/sign-in${back}`);
    }
    const caller = await loadCaller(ds, staff.userId, { tellDeactivated: true });
    if (!caller || caller instanceof DeactivatedUser) {
      const since = caller instanceof DeactivatedUser && caller.since ? ` on ${formatLongDate(caller.since.toISOString().slice(0, 10))}` : "";
      await endStaffSession(req, `Your account was deactivated${since}. Ask your agency's administrator if you still need to use the console.`);
      return res.redirect("/console/sign-in");
    }
    staff.lastActiveAt = Date.now();
    req.session.cookie.maxAge = STAFF_IDLE_MINUTES * 60_000;
    res.locals.caller = caller;
    res.locals.staff = { name: caller.name, agencyName: caller.agencyName, roles: caller.roles };
    res.locals.consoleNavigation = consoleNavigation(caller.roles);
    res.locals.currentPath = req.originalUrl.split("?")[0];
    res.locals.currentUrl = req.method === "GET" ? safeReturnTo(req.originalUrl) : "/console";
    res.locals.idle = { minutes: STAFF_IDLE_MINUTES, warningMinutes: STAFF_WARNING_MINUTES };
    next();
  };
}

/**
 * The member of staff signed in to the console in this browser, for the printable letters and
 * reports (app.ts): the same checks as requireStaff (idle time, deactivation, roles from the
 * database), and the same touch of the session, but no redirect: null when nobody is signed in.
 */
export async function consoleCaller(req: Request, res: Response, sessionHandler: RequestHandler, ds: DataSource): Promise<Caller | null> {
  await new Promise<void>((resolve, reject) => sessionHandler(req, res, (err?: unknown) => (err ? reject(err) : resolve())));
  const staff = req.session?.staff;
  if (!staff || Date.now() - staff.lastActiveAt > STAFF_IDLE_MINUTES * 60_000) return null;
  const caller = await loadCaller(ds, staff.userId, { tellDeactivated: true });
  if (!caller || caller instanceof DeactivatedUser) return null;
  staff.lastActiveAt = Date.now();
  req.session.cookie.maxAge = STAFF_IDLE_MINUTES * 60_000;
  return caller;
}
