import {
  addDays, compareDates, daysBetween, formatLongDate, isIsoDate, monthsAndDaysBetween, periodEnd,
  todayUk, ukDateOf, withinMonths,
} from '../../src/calendar/dates';

describe('isIsoDate', () => {
  it.each(['2026-01-01', '2028-02-29', '2026-12-31'])('accepts %s', (s) => expect(isIsoDate(s)).toBe(true));
  it.each(['2026-02-29', '2026-13-01', '2026-04-31', '2026-1-1', '2026-01-01T00:00:00Z', '', 'tomorrow', '2026-00-10',
    '2026/01/01', '2026-01-0a', '+026-01-01', '२०२६-01-01', '2026-01-01 ', ' 2026-01-01'])(
    'refuses %p', (s) => expect(isIsoDate(s)).toBe(false));
});

describe('ukDateOf', () => {
  it('counts 23:30 UTC in summer as the next day (BST)', () => {
    expect(ukDateOf(new Date('2026-07-14T23:30:00Z'))).toBe('2026-07-15');
  });
  it('counts 23:30 UTC in winter as the same day (GMT)', () => {
    expect(ukDateOf(new Date('2026-01-14T23:30:00Z'))).toBe('2026-01-14');
  });
  it('takes a form sent at 00:30 BST on 15 July as made on 15 July', () => {
    expect(ukDateOf(new Date('2026-07-15T00:30:00+01:00'))).toBe('2026-07-15');
  });
  it('follows the clock change (29 March 2026, 01:00 UTC)', () => {
    expect(ukDateOf(new Date('2026-03-28T23:59:00Z'))).toBe('2026-03-28');
    expect(ukDateOf(new Date('2026-03-29T23:30:00Z'))).toBe('2026-03-30');
  });
  it('gives todayUk for a given instant', () => {
    expect(todayUk(new Date('2026-12-31T23:59:59Z'))).toBe('2026-12-31');
    expect(isIsoDate(todayUk())).toBe(true);
  });
});

describe('day arithmetic', () => {
  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30'); // clock change is irrelevant to dates
  });
  it('counts days between (b - a)', () => {
    expect(daysBetween('2026-01-01', '2026-02-11')).toBe(41);
    expect(daysBetween('2026-02-11', '2026-01-01')).toBe(-41);
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2028-01-01', '2029-01-01')).toBe(366);
  });
  it('compares dates', () => {
    expect(compareDates('2026-01-01', '2026-01-02')).toBe(-1);
    expect(compareDates('2026-01-02', '2026-01-02')).toBe(0);
    expect(compareDates('2027-01-01', '2026-12-31')).toBe(1);
  });
  it('refuses what is not a calendar date', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => daysBetween('2026-01-01', 'soon')).toThrow(RangeError);
  });
});

describe('periodEnd: the last day of a period of N months beginning with a day', () => {
  it.each([
    ['2026-01-15', 1, '2026-02-14'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-01-30', 1, '2026-02-28'],
    ['2028-01-29', 1, '2028-02-28'], // 29 Feb 2028 exists, so the day before it
    ['2026-08-31', 6, '2027-02-28'],
    ['2027-08-31', 6, '2028-02-29'],
    ['2026-03-01', 1, '2026-03-31'],
    ['2026-12-31', 1, '2027-01-30'], // 31 Jan exists, so the day before it
    ['2026-12-15', 1, '2027-01-14'],
    ['2026-03-10', 6, '2026-09-09'],
    ['2026-01-03', 6, '2026-07-02'],
    ['2026-03-31', 1, '2026-04-30'],
    ['2026-05-31', 1, '2026-06-30'],
    ['2026-07-15', 12, '2027-07-14'],
  ])('%s + %i months ends on %s', (start, months, end) => {
    expect(periodEnd(start, months)).toBe(end);
  });
  it('refuses a period that is not a whole number of months', () => {
    expect(() => periodEnd('2026-01-01', 0)).toThrow(RangeError);
    expect(() => periodEnd('2026-01-01', 1.5)).toThrow(RangeError);
  });
});

describe('withinMonths', () => {
  it('includes the first and last day of the period only', () => {
    expect(withinMonths('2026-01-15', 1, '2026-01-15')).toBe(true);
    expect(withinMonths('2026-01-15', 1, '2026-02-14')).toBe(true);
    expect(withinMonths('2026-01-15', 1, '2026-02-15')).toBe(false);
    expect(withinMonths('2026-01-15', 1, '2026-01-14')).toBe(false);
    expect(withinMonths('2026-08-31', 6, '2027-02-28')).toBe(true);
    expect(withinMonths('2026-08-31', 6, '2027-03-01')).toBe(false);
  });
});

describe('monthsAndDaysBetween', () => {
  it('counts whole one-month periods, then days', () => {
    expect(monthsAndDaysBetween('2026-01-03', '2026-08-03')).toEqual({ months: 7, days: 0 });
    expect(monthsAndDaysBetween('2026-01-03', '2026-07-05')).toEqual({ months: 6, days: 2 });
    expect(monthsAndDaysBetween('2026-01-31', '2026-03-01')).toEqual({ months: 1, days: 0 });
    expect(monthsAndDaysBetween('2026-01-15', '2026-02-14')).toEqual({ months: 0, days: 30 });
    expect(monthsAndDaysBetween('2026-01-15', '2026-01-15')).toEqual({ months: 0, days: 0 });
  });
  it('refuses an end before the start', () => {
    expect(() => monthsAndDaysBetween('2026-02-01', '2026-01-01')).toThrow(RangeError);
  });
});

describe('formatLongDate', () => {
  it('writes dates the way letters do', () => {
    expect(formatLongDate('2026-02-14')).toBe('14 February 2026');
    expect(formatLongDate('2027-01-01')).toBe('1 January 2027');
  });
});
