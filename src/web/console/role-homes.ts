import type { RequestHandler } from "express";

/**
 * Each role's home in the console (WEB.md, "what each role sees on signing in"), in the order the
 * navigation shows them. A person with several roles sees each of theirs.
 */
const HOMES: Array<{ role: string; href: string; text: string; description: string }> = [
  { role: "CSP_OFFICER", href: "/console/work-queue", text: "Work queue", description: "Applications, checks, decisions, panels and letters of your partnerships, by when they are due" },
  { role: "AGENCY_OFFICER", href: "/console/inbox", text: "Inbox", description: "Incidents to confirm, information requests to answer and recommendations for your agency" },
  { role: "PANEL_CHAIR", href: "/console/panels", text: "Panels", description: "The panels you chair, with their packs" },
  { role: "INDEPENDENT_REVIEWER", href: "/console/secondary-reviews", text: "Secondary reviews", description: "The secondary reviews assigned to you" },
  { role: "ANALYST", href: "/console/figures", text: "Figures", description: "The yearly figures, the chart, the CSV and the printable report" },
  { role: "SYSTEM_ADMIN", href: "/console/admin", text: "Administration", description: "Partnerships, agencies, staff and roles" },
  { role: "AGENCY_ADMIN", href: "/console/admin", text: "Administration", description: "Your agency's staff and their roles" },
];

export function roleHomes(roles: readonly string[]) {
  const seen = new Set<string>();
  return HOMES.filter(h => roles.includes(h.role) && !seen.has(h.href) && seen.add(h.href));
}

/** Pages of a role that are not its home: a CSP officer's policy and letter templates of their partnerships. */
const MORE_PAGES: Array<{ role: string; href: string; text: string }> = [
  { role: "CSP_OFFICER", href: "/console/letters-and-policy", text: "Letters and policy" },
];

/** The console's navigation: each role's home, then its other pages. */
export function consoleNavigation(roles: readonly string[]) {
  const homes: Array<{ href: string; text: string }> = roleHomes(roles);
  return [...homes, ...MORE_PAGES.filter(p => roles.includes(p.role) && !homes.some(h => h.href === p.href))];
}

/**
 * A page for some roles only: anyone else gets "Page not found", as for a case outside their scope
 * (page-errors.ts), so the console does not tell what exists. The data is still guarded by the API.
 */
export function requireRole(...roles: string[]): RequestHandler {
  return (_req, res, next) => {
    const caller = res.locals.caller as { roles: string[] } | undefined;
    if (caller && caller.roles.some(r => roles.includes(r))) return next();
    res.status(404).render("views/not-found", { pageTitle: "Page not found" });
  };
}
