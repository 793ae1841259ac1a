import { addDays } from '../../src/calendar/dates';
import { addWorkingDays, bankHolidays, isWorkingDay, workingDaysBetween } from '../../src/calendar/working-days';

describe('bankHolidays of England and Wales', () => {
  it('lists 2025', () => {
    expect(bankHolidays(2025)).toEqual([
      '2025-01-01', // New Year's Day (Wednesday)
      '2025-04-18', // Good Friday
      '2025-04-21', // Easter Monday
      '2025-05-05', // early May
      '2025-05-26', // spring
      '2025-08-25', // summer
      '2025-12-25', // Christmas Day (Thursday)
      '2025-12-26', // Boxing Day (Friday)
    ]);
  });

  it('lists 2026, with Boxing Day (a Saturday) moved to Monday 28 December', () => {
    expect(bankHolidays(2026)).toEqual([
      '2026-01-01',
      '2026-04-03', // Good Friday
      '2026-04-06', // Easter Monday
      '2026-05-04',
      '2026-05-25',
      '2026-08-31',
      '2026-12-25', // Friday
      '2026-12-28', // substitute for Boxing Day
    ]);
    expect(bankHolidays(2026)).not.toContain('2026-12-26');
  });

  it('lists 2027, with Christmas and Boxing Day (Saturday and Sunday) moved to 27 and 28 December', () => {
    expect(bankHolidays(2027)).toEqual([
      '2027-01-01', // New Year's Day (Friday)
      '2027-03-26', // Good Friday
      '2027-03-29', // Easter Monday
      '2027-05-03',
      '2027-05-31',
      '2027-08-30',
      '2027-12-27',
      '2027-12-28',
    ]);
  });

  it('returns a fresh list each time (the cache cannot be changed through it)', () => {
    bankHolidays(2026).pop();
    expect(bankHolidays(2026)).toHaveLength(8);
  });
});

describe('isWorkingDay', () => {
  it.each([
    '2025-04-18', '2025-04-21', '2026-04-03', '2026-04-06', '2027-03-26', '2027-03-29', // Easter
    '2025-12-25', '2025-12-26', '2026-12-25', '2026-12-28', '2027-12-27', '2027-12-28', // Christmas
    '2025-05-05', '2026-05-04', '2027-05-03', '2025-05-26', '2026-05-25', '2027-05-31', // May
    '2025-08-25', '2026-08-31', '2027-08-30', // late August
    '2027-01-01', // New Year 2027, a Friday
  ])('%s (a bank holiday) is not a working day', (d) => expect(isWorkingDay(d)).toBe(false));

  it('never counts a weekend, holiday or not', () => {
    expect(isWorkingDay('2026-12-26')).toBe(false); // Boxing Day, Saturday
    expect(isWorkingDay('2027-12-25')).toBe(false); // Christmas Day, Saturday
    expect(isWorkingDay('2027-12-26')).toBe(false); // Boxing Day, Sunday
    // Every Saturday and Sunday of 2026.
    for (let d = '2026-01-03'; d < '2027-01-01'; d = addDays(d, 7)) {
      expect(isWorkingDay(d)).toBe(false);
      expect(isWorkingDay(addDays(d, 1))).toBe(false);
    }
  });

  it('counts ordinary weekdays', () => {
    expect(isWorkingDay('2026-12-24')).toBe(true); // Christmas Eve, Thursday
    expect(isWorkingDay('2026-12-29')).toBe(true);
    expect(isWorkingDay('2027-01-04')).toBe(true);
    expect(isWorkingDay('2026-07-15')).toBe(true);
  });

  it('has 253 working days in 2026 (261 weekdays less 8 weekday bank holidays)', () => {
    let count = 0;
    for (let d = '2026-01-01'; d <= '2026-12-31'; d = addDays(d, 1)) if (isWorkingDay(d)) count++;
    expect(count).toBe(261 - 8);
  });
});

describe('addWorkingDays', () => {
  it('makes the outcome letter for a panel on Friday 18 December 2026 due on Wednesday 27 January 2027 (DOMAIN.md)', () => {
    expect(addWorkingDays('2026-12-18', 25)).toBe('2027-01-27');
  });

  it('skips Christmas 2026 and New Year 2027', () => {
    expect(addWorkingDays('2026-12-24', 1)).toBe('2026-12-29'); // not 25 (holiday), 26-27 (weekend), 28 (substitute)
    expect(addWorkingDays('2026-12-24', 2)).toBe('2026-12-30');
    expect(addWorkingDays('2026-12-24', 3)).toBe('2026-12-31');
    expect(addWorkingDays('2026-12-24', 4)).toBe('2027-01-04'); // not 1 Jan (holiday), 2-3 (weekend)
  });

  it('skips Easter 2026', () => {
    expect(addWorkingDays('2026-04-02', 1)).toBe('2026-04-07');
  });

  it('does not count the starting day, even when it is not a working day', () => {
    expect(addWorkingDays('2026-12-18', 0)).toBe('2026-12-18');
    expect(addWorkingDays('2026-12-19', 1)).toBe('2026-12-21'); // Saturday -> Monday
    expect(addWorkingDays('2026-12-21', 1)).toBe('2026-12-22');
  });

  it('refuses a negative or fractional count', () => {
    expect(() => addWorkingDays('2026-12-18', -1)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-12-18', 1.5)).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  it('counts working days after `from` up to and including `to`', () => {
    expect(workingDaysBetween('2026-12-18', '2027-01-27')).toBe(25);
    expect(workingDaysBetween('2026-12-24', '2026-12-29')).toBe(1);
    expect(workingDaysBetween('2026-12-21', '2026-12-21')).toBe(0);
    expect(workingDaysBetween('2027-01-27', '2026-12-18')).toBe(0);
  });

  it('undoes addWorkingDays', () => {
    for (const start of ['2026-12-18', '2026-12-19', '2027-03-25', '2025-08-22']) {
      for (const n of [0, 1, 5, 10, 15, 20, 25]) {
        expect(workingDaysBetween(start, addWorkingDays(start, n))).toBe(n);
      }
    }
  });

  it('counts as a day-by-day walk does, over any span, across years, bank holidays and weekends', () => {
    const walk = (from: string, to: string) => {
      let n = 0;
      for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(d)) n++;
      return n;
    };
    let seed = 7;
    const next = (m: number) => ((seed = (seed * 48271) % 2147483647), seed % m);
    for (let i = 0; i < 2000; i++) {
      const from = addDays('2018-01-01', next(4000));
      const to = addDays(from, next(900) - 100);
      expect([from, to, workingDaysBetween(from, to)]).toEqual([from, to, walk(from, to)]);
    }
    expect(workingDaysBetween('1969-12-20', '1970-01-10')).toBe(walk('1969-12-20', '1970-01-10'));
  });
});
