/**
 * Working days: Monday to Friday, less the bank holidays of England and Wales (one calendar
 * for both, substitute days included; DOMAIN.md, "Dates").
 */
import Holidays from 'date-holidays';
import { addDays, dayOfWeek, daysBetween, type IsoDate } from './dates';

// 'ENG' is England; Wales shares its bank holidays, so one calendar serves every partnership.
let calendar: Holidays | undefined;
const byYear = new Map<number, ReadonlySet<IsoDate>>();

function isWeekend(d: IsoDate): boolean {
  const day = dayOfWeek(d);
  return day === 0 || day === 6;
}

function holidaySet(year: number): ReadonlySet<IsoDate> {
  let set = byYear.get(year);
  if (!set) {
    calendar ??= new Holidays('GB', 'ENG');
    // date-holidays lists Christmas on its Saturday *and* the substitute Monday: only the
    // weekday one takes a working day away. Its `date` is 'YYYY-MM-DD hh:mm:ss' in local
    // (calendar) terms, so slicing it is independent of the machine's time zone.
    set = new Set(
      calendar.getHolidays(year)
        .filter((h) => h.type === 'public')
        .map((h) => h.date.slice(0, 10))
        .filter((d) => !isWeekend(d)),
    );
    byYear.set(year, set);
  }
  return set;
}

/** The weekday bank holidays of England and Wales in that year, substitute days included, in order. */
export function bankHolidays(year: number): IsoDate[] {
  return [...holidaySet(year)].sort();
}

export function isWorkingDay(d: IsoDate): boolean {
  return !isWeekend(d) && !holidaySet(Number(d.slice(0, 4))).has(d);
}

/** The Nth working day after d, d itself not counted (DOMAIN.md: 18 Dec 2026 + 25 -> 27 Jan 2027). */
export function addWorkingDays(d: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number >= 0: ${n}`);
  let day = addDays(d, 0); // validates d, and n = 0 returns it unchanged
  for (let left = n; left > 0; ) {
    day = addDays(day, 1);
    if (isWorkingDay(day)) left--;
  }
  return day;
}

/** Working days after `from` up to and including `to` (0 when to <= from); addWorkingDays undone. */
export function workingDaysBetween(from: IsoDate, to: IsoDate): number {
  // Counted, not walked: every case on a list asks it of its next due date, which can lie years away
  // (a day-by-day walk was 17% of a case list's CPU, issue 16). Weekdays by arithmetic on day numbers,
  // then the weekday bank holidays in (from, to] taken away.
  const a = daysBetween(EPOCH, from);
  const b = daysBetween(EPOCH, to);
  if (b <= a) return 0;
  let count = weekdaysBefore(b + 1) - weekdaysBefore(a + 1);
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++) {
    for (const h of holidaySet(year)) if (h > from && h <= to) count--;
  }
  return count;
}

const EPOCH = '1970-01-01'; // a Thursday
/** Weekdays among the `n` days from 1 January 1970 (n may be negative: days before it, counted negative). */
function weekdaysBefore(n: number): number {
  const weeks = Math.floor(n / 7);
  return weeks * 5 + WEEKDAYS_IN_FIRST[n - weeks * 7]!;
}
/** Weekdays among the first r days of a week that starts on a Thursday (Thu, Fri, Sat, Sun, Mon, Tue, Wed). */
const WEEKDAYS_IN_FIRST = [0, 1, 2, 2, 2, 3, 4, 5];
