/**
 * Calendar dates as plain ISO strings ('YYYY-MM-DD').
 *
 * All arithmetic is done in UTC on the date parts, so the result never depends on the
 * machine's time zone. The only place a time zone matters is turning an instant into the
 * UK date it happened on (DOMAIN.md: "Dates are UK dates (Europe/London)").
 */

export type IsoDate = string;

const DAY_MS = 86_400_000;

const MONTH_NAMES = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

interface DateParts { year: number; month: number; day: number } // month 1-12

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  // Arithmetic, not a Date: the Date scalar checks every date it sends (issue 7: hundreds per list).
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  if (month >= 1 && month <= 12) return MONTH_DAYS[month - 1]!;
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** A real calendar date written 'YYYY-MM-DD' (so '2026-02-30' is not one). */
export function isIsoDate(s: string): boolean {
  // Read character by character: no match array per date (every date of every list is checked on
  // its way out, issue 16). The same strings as /^\d{4}-\d{2}-\d{2}$/ and a real day of the month.
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false;
  const year = digitsAt(s, 0, 4);
  const month = digitsAt(s, 5, 7);
  const day = digitsAt(s, 8, 10);
  if (year < 0 || month < 0 || day < 0) return false;
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** The number written in s[from, to) in ASCII digits, or -1 when a character is not one. */
function digitsAt(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

function parts(d: IsoDate): DateParts {
  if (!isIsoDate(d)) throw new RangeError(`not a calendar date (YYYY-MM-DD): "${d}"`);
  return { year: Number(d.slice(0, 4)), month: Number(d.slice(5, 7)), day: Number(d.slice(8, 10)) };
}

function toUtcMs(d: IsoDate): number {
  const p = parts(d);
  return Date.UTC(p.year, p.month - 1, p.day);
}

function fromUtcMs(ms: number): IsoDate {
  return new Date(ms).toISOString().slice(0, 10);
}

function format(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const londonDate = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit',
});

/** The calendar date in England and Wales at that instant (00:30 BST on 15 July is 15 July). */
export function ukDateOf(instant: Date): IsoDate {
  const p = Object.fromEntries(londonDate.formatToParts(instant).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}`;
}

/** The last answer of todayUk() without an argument, kept for the second it was computed in. */
let today: { second: number; date: IsoDate } | null = null;

/**
 * Today's UK date. Without an argument the answer is reused within the same second: resolvers
 * ask it once per row (overdue flags on lists), and Intl's formatting is costly (issue 7).
 */
export function todayUk(now?: Date): IsoDate {
  if (now) return ukDateOf(now);
  const second = Math.floor(Date.now() / 1000);
  if (today?.second !== second) today = { second, date: ukDateOf(new Date(second * 1000)) };
  return today.date;
}

export function addDays(d: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`days must be a whole number: ${n}`);
  return fromUtcMs(toUtcMs(d) + n * DAY_MS);
}

/** b - a, in days. */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((toUtcMs(b) - toUtcMs(a)) / DAY_MS);
}

export function compareDates(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  const diff = toUtcMs(a) - toUtcMs(b);
  return diff < 0 ? -1 : diff > 0 ? 1 : 0;
}

/** Day of the week, 0 = Sunday ... 6 = Saturday. */
export function dayOfWeek(d: IsoDate): number {
  return new Date(toUtcMs(d)).getUTCDay();
}

/**
 * The last day of "a period of N months beginning with" start (DOMAIN.md, "Counting months"):
 * the day before the same-numbered day N months later or, where that later month has no such
 * day, the last day of that later month. 15 Jan + 1 -> 14 Feb; 31 Jan + 1 -> 28 (29) Feb.
 */
export function periodEnd(start: IsoDate, months: number): IsoDate {
  if (!Number.isInteger(months) || months < 1) throw new RangeError(`months must be a whole number >= 1: ${months}`);
  const p = parts(start);
  const index = p.year * 12 + (p.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = daysInMonth(year, month);
  return p.day > last ? format(year, month, last) : addDays(format(year, month, p.day), -1);
}

/** start <= day <= periodEnd(start, months): day falls in the period of N months beginning with start. */
export function withinMonths(start: IsoDate, months: number, day: IsoDate): boolean {
  return compareDates(start, day) <= 0 && compareDates(day, periodEnd(start, months)) <= 0;
}

/**
 * How long after `from` the day `to` is, counted the same way as periodEnd: whole periods of
 * one month that ended before `to`, then the days left over. 3 Jan -> 3 Aug is { 7, 0 };
 * 3 Jan -> 5 Jul is { 6, 2 }. `to` must not be before `from`.
 */
export function monthsAndDaysBetween(from: IsoDate, to: IsoDate): { months: number; days: number } {
  if (compareDates(to, from) < 0) throw new RangeError(`${to} is before ${from}`);
  let months = 0;
  while (compareDates(periodEnd(from, months + 1), to) < 0) months++;
  const startOfCurrent = months === 0 ? from : addDays(periodEnd(from, months), 1);
  return { months, days: daysBetween(startOfCurrent, to) };
}

/** '2026-02-14' -> '14 February 2026', the way dates are written in letters and reasons. */
export function formatLongDate(d: IsoDate): string {
  const p = parts(d);
  return `${p.day} ${MONTH_NAMES[p.month - 1]} ${p.year}`;
}

const londonTime = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** An instant as people in England and Wales read it: '14:05 on 24 November 2026' (UK time). */
export function formatUkDateTime(instant: Date): string {
  return `${londonTime.format(instant)} on ${formatLongDate(ukDateOf(instant))}`;
}

const londonHourOf = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", hourCycle: "h23" });

/** The instant at that UK clock time on that UK date (the UK is on UTC or an hour ahead). */
export function ukInstant(d: IsoDate, hour: number, minute = 0): Date {
  const guess = new Date(`${d}T${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}:00Z`);
  return Number(londonHourOf.format(guess)) === hour ? guess : new Date(guess.getTime() - 3_600_000);
}
