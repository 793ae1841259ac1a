import { addWorkingDays } from "../../calendar/working-days";
import type { IsoDate } from "../../calendar/dates";
import { NotificationKind as K } from "./notification.entity";

/** Who hears of each kind (DOMAIN.md "Keeping people told"). */
export type Audience = "APPLICANT" | "AGENCY" | "CSP";

export const AUDIENCE: Record<K, Audience> = {
  [K.APPLICATION_RECEIVED]: "APPLICANT",
  [K.THRESHOLD_DECIDED]: "APPLICANT",
  [K.PANEL_SCHEDULED]: "APPLICANT",
  [K.OUTCOME_SENT]: "APPLICANT",
  [K.CASE_CLOSED]: "APPLICANT",
  [K.INCIDENTS_TO_CONFIRM]: "AGENCY",
  [K.INFORMATION_REQUESTED]: "AGENCY",
  [K.RECOMMENDATION_ISSUED]: "AGENCY",
  [K.DUE_SOON]: "AGENCY",
  [K.OVERDUE]: "AGENCY",
  [K.NEW_APPLICATION]: "CSP",
  [K.PARTNER_LATE]: "CSP",
  [K.DAILY_DIGEST]: "CSP", // addressed to one person directly, never resolved by audience
};

/** Kinds a member of staff may choose not to be emailed about (the applicant's are not theirs to choose). */
export const STAFF_KINDS = (Object.keys(AUDIENCE) as K[]).filter(k => AUDIENCE[k] !== "APPLICANT" && k !== K.DAILY_DIGEST);

/** How many working days ahead a reminder looks: "falls due within two working days". */
export const REMINDER_WORKING_DAYS = 2;
/** The hour (UK time) from which the morning's reminders and digests go out. */
export const MORNING_HOUR_UK = 7;

export type ReminderWhen = "DUE_SOON" | "OVERDUE" | null;

/** Whether an item due on `dueBy` is reminded of today: overdue, due within two working days, or not yet. */
export function reminderFor(dueBy: IsoDate, today: IsoDate): ReminderWhen {
  if (dueBy < today) return "OVERDUE";
  return dueBy <= addWorkingDays(today, REMINDER_WORKING_DAYS) ? "DUE_SOON" : null;
}
