import type { IsoDate } from "../../calendar/dates";
import { workingDaysBetween } from "../../calendar/working-days";
import type { CaseReviewStatus } from "./case-review.state-machine";

export interface StoredDueDates {
  thresholdDecisionDue: IsoDate;
  panelDue: IsoDate | null;
  outcomeLetterDue: IsoDate | null;
}

/** The due date of the step the case is waiting for in this status; null when none is due. */
export function nextDueFor(status: CaseReviewStatus, due: StoredDueDates): IsoDate | null {
  switch (status) {
    case "SUBMITTED":
    case "AWAITING_AGENCY_CHECKS":
      return due.thresholdDecisionDue;
    case "THRESHOLD_MET":
    case "PANEL_SCHEDULED":
      return due.panelDue;
    case "PANEL_HELD":
      return due.outcomeLetterDue;
    default:
      return null;
  }
}

/** Overdue: a due date has passed (strictly before today, UK) without the step done. */
export function isOverdue(nextDue: IsoDate | null, today: IsoDate): boolean {
  return nextDue !== null && nextDue < today;
}

/** Working days from today to the due date: 0 on the day, negative when late; null when nothing is due. */
export function workingDaysLeft(today: IsoDate, nextDue: IsoDate | null): number | null {
  if (nextDue === null) return null;
  return nextDue >= today ? workingDaysBetween(today, nextDue) : -workingDaysBetween(nextDue, today);
}
