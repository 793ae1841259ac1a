import type { FieldProblem } from "../../app/errors";
import { formatLongDate, type IsoDate } from "../../calendar/dates";

/** A step already taken on a case, and the day it was taken (null: not taken). */
export interface EarlierStep {
  what: string;
  on: IsoDate | null | undefined;
}

/**
 * The process runs forwards (DOMAIN.md): no step may be dated before the case's date received, nor
 * before the step it follows. Incidents are the exception: they happen before the application.
 * Answers the problem with `field`, dated `date`, naming the latest earlier step it falls before and
 * that step's date; null when the date is in order.
 */
export function stepDateProblem(field: string, date: IsoDate, earlier: EarlierStep[]): FieldProblem | null {
  let latest: EarlierStep | null = null;
  for (const step of earlier) if (step.on && date < step.on && (!latest || step.on > latest.on!)) latest = step;
  return latest ? { field, message: `must not be before ${latest.what} (${formatLongDate(latest.on!)})` } : null;
}
