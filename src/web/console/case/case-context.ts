import type { Request, Response } from "express";
import type { ConsoleCaseHeaderQuery } from "../../graphql/generated";
import { CASE_ACTIONS, canPerform, type CaseAction } from "../../../modules/case-reviews/case-review.state-machine";
import { CASE_STATUS } from "./words";

export type CaseHeader = NonNullable<ConsoleCaseHeaderQuery["caseReview"]>;

/** What the signed-in person may be offered on this case: the API still decides every step. */
export interface CaseAbilities {
  csp: boolean;
  agencyOfficer: boolean;
  agencyId: string;
  chair: boolean;
  reviewer: boolean;
  closed: boolean;
  /** The steps the case's status allows now (the state machine's own rule): only those are offered. */
  step: Record<CaseAction, boolean>;
}

export interface CaseContext {
  id: string;
  base: string;
  header: CaseHeader;
  can: CaseAbilities;
  nav: Array<{ href: string; text: string; active: boolean; section: string }>;
}

declare module "express-session" {
  interface SessionData {
    /** What the last step on a case did, shown once above the next page. */
    caseFlash?: string;
  }
}

/** The case this request is about, loaded by caseRoutes before any section. */
export const caseOf = (res: Response): CaseContext => res.locals.case as CaseContext;

export const SECTIONS = [
  { section: "summary", path: "", text: "Summary" },
  { section: "incidents", path: "/incidents", text: "Incidents" },
  { section: "information-requests", path: "/information-requests", text: "Information requests" },
  { section: "threshold", path: "/threshold", text: "Threshold" },
  { section: "contributions", path: "/contributions", text: "Contributions" },
  { section: "panel", path: "/panel", text: "Panel" },
  { section: "recommendations", path: "/recommendations", text: "Recommendations" },
  { section: "letters", path: "/letters", text: "Letters" },
  { section: "secondary-review", path: "/secondary-review", text: "Secondary review" },
  { section: "timeline", path: "/timeline", text: "Timeline" },
  { section: "audit-trail", path: "/audit-trail", text: "Audit trail" },
] as const;

/**
 * The sections this person has something in: what the API returned, or a step they can take there.
 * What they may not see came back absent, so its section is not offered (WEB.md).
 */
function shownSections(h: CaseHeader, can: CaseAbilities): Set<string> {
  const shown = new Set<string>(["summary", "incidents", "letters"]);
  if (h.informationRequests.length || can.csp) shown.add("information-requests");
  if (can.csp || h.status !== "SUBMITTED") shown.add("threshold");
  if (h.contributions.length || (can.agencyOfficer && can.step.SUBMIT_CONTRIBUTION)) shown.add("contributions");
  if (h.panel || (can.csp && can.step.SCHEDULE_PANEL)) shown.add("panel");
  if (h.recommendations.length) shown.add("recommendations");
  if (h.secondaryReview || (can.csp && can.step.REQUEST_SECONDARY_REVIEW)) shown.add("secondary-review");
  // The timeline and the audit trail have one rule (ACCESS.md): the timeline's presence says both.
  if (h.timeline) {
    shown.add("timeline");
    shown.add("audit-trail");
  }
  return shown;
}

export function caseContext(req: Request, data: ConsoleCaseHeaderQuery): CaseContext {
  const h = data.caseReview!;
  const roles = data.me.roles ?? [];
  const can: CaseAbilities = {
    csp: roles.includes("CSP_OFFICER"),
    agencyOfficer: roles.includes("AGENCY_OFFICER"),
    agencyId: data.me.agency.id,
    chair: !!h.panel?.chair && h.panel.chair.id === data.me.id,
    reviewer: !!h.secondaryReview?.reviewer && h.secondaryReview.reviewer.id === data.me.id,
    closed: h.status === "CLOSED",
    step: Object.fromEntries(CASE_ACTIONS.map(a => [a, canPerform(h.status, a)])) as Record<CaseAction, boolean>,
  };
  const base = `/console/cases/${h.id}`;
  const path = req.originalUrl.split("?")[0]!.replace(/\/$/, "");
  const shown = shownSections(h, can);
  const nav = SECTIONS.filter(s => shown.has(s.section)).map(s => ({
    section: s.section,
    href: base + s.path,
    text: s.text,
    active: s.path === "" ? path === base : path === base + s.path || path.startsWith(`${base}${s.path}/`),
  }));
  return { id: h.id, base, header: h, can, nav };
}

/** The heading's tag for the case's status. */
export const statusTag = (h: CaseHeader) => CASE_STATUS[h.status];
