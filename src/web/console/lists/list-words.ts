import type { CaseReviewStatus } from "../../graphql/generated";
import { STATUS_TAGS } from "../../journeys/check-progress/words";

/** The status as staff read it on a list: the same tags the applicant sees. */
export const statusTag = (status: CaseReviewStatus) => STATUS_TAGS[status];

/** What the case waits for in each status: the step its next due date is about (case-deadlines.ts nextDueFor). */
const NEXT_STEP: Partial<Record<CaseReviewStatus, string>> = {
  SUBMITTED: "Ask the agencies, then decide the threshold",
  AWAITING_AGENCY_CHECKS: "Decide the threshold",
  THRESHOLD_MET: "Schedule the panel",
  PANEL_SCHEDULED: "Hold the panel",
  PANEL_HELD: "Send the outcome letter",
  THRESHOLD_NOT_MET: "Close once the secondary review window ends",
  OUTCOME_SENT: "Close once the secondary review window ends",
  SECONDARY_REVIEW_REQUESTED: "Assign a reviewer, or wait for their decision",
};
export const nextStep = (status: CaseReviewStatus) => NEXT_STEP[status] ?? "Nothing due";

/** The open statuses, in the order a case moves through them: the work queue's status filter. */
export const OPEN_STATUSES: CaseReviewStatus[] = [
  "SUBMITTED",
  "AWAITING_AGENCY_CHECKS",
  "THRESHOLD_MET",
  "PANEL_SCHEDULED",
  "PANEL_HELD",
  "OUTCOME_SENT",
  "THRESHOLD_NOT_MET",
  "SECONDARY_REVIEW_REQUESTED",
];

/** Working days left as a tag: red when late, orange within two working days (when reminders go), else plain. */
export function daysLeftTag(days: number | null): { text: string; classes: string } | null {
  if (days === null) return null;
  if (days < 0) return { text: `${-days} working ${-days === 1 ? "day" : "days"} overdue`, classes: "govuk-tag--red" };
  if (days === 0) return { text: "Due today", classes: "govuk-tag--orange" };
  return { text: `${days} working ${days === 1 ? "day" : "days"} left`, classes: days <= 2 ? "govuk-tag--orange" : "govuk-tag--grey" };
}

/**
 * Forward-only cursor pages (the API's), with a way back: the cursors of the pages before this one
 * travel in `trail`, so "Previous" needs no server state and the links work without JavaScript.
 */
export function cursorPages(
  path: string,
  query: Record<string, string>,
  current: { after: string; trail: string[] },
  pageInfo: { hasNextPage: boolean; endCursor: string | null },
) {
  const href = (after: string, trail: string[]) => {
    const params = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== ""));
    if (after) params.set("after", after);
    if (trail.length) params.set("trail", trail.join(","));
    const qs = params.toString();
    return qs ? `${path}?${qs}` : path;
  };
  const pageNumber = current.after ? current.trail.length + 2 : 1;
  return {
    pageNumber,
    previous: current.after ? { href: href(current.trail[current.trail.length - 1] ?? "", current.trail.slice(0, -1)) } : null,
    next: pageInfo.hasNextPage && pageInfo.endCursor ? { href: href(pageInfo.endCursor, current.after ? [...current.trail, current.after] : []) } : null,
  };
}

/** `after` and `trail` from the query string: cursors only (base64url), at most 50 pages back. */
export function readCursors(query: Record<string, unknown>): { after: string; trail: string[] } {
  const cursor = (v: unknown) => (typeof v === "string" && /^[A-Za-z0-9_-]{1,200}$/.test(v) ? v : "");
  const trail = typeof query.trail === "string" ? query.trail.split(",").map(cursor).filter(Boolean).slice(-50) : [];
  const after = cursor(query.after);
  return { after, trail: after ? trail : [] };
}
