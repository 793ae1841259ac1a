/**
 * Financial years and their quarters (DOMAIN.md: the figures are published for the year from
 * 1 April to 31 March), the median, and small-number suppression: plain functions, no SQL.
 */
import type { IsoDate } from "../../calendar/dates";

export interface Period {
  /** "2023/24", or "Q1" for a quarter. */
  label: string;
  /** First and last day, both included. */
  startsOn: IsoDate;
  endsOn: IsoDate;
}

export interface Quarter extends Period {
  /** 1 (April to June) ... 4 (January to March). */
  quarter: 1 | 2 | 3 | 4;
  /** "April to June 2023". */
  months: string;
}

export interface FinancialYear extends Period {
  /** The calendar year the financial year starts in: 2023 for "2023/24". */
  startYear: number;
  quarters: [Quarter, Quarter, Quarter, Quarter];
}

const LABEL = /^(\d{4})\/(\d{2})$/;
const pad = (n: number) => String(n).padStart(2, "0");

/** "2023/24" for the year starting in April 2023. */
export function financialYearLabel(startYear: number): string {
  return `${startYear}/${pad((startYear + 1) % 100)}`;
}

export function financialYear(startYear: number): FinancialYear {
  if (!Number.isInteger(startYear) || startYear < 1000 || startYear > 9998) throw new RangeError(`not a financial year: ${startYear}`);
  const next = startYear + 1;
  const q = (quarter: 1 | 2 | 3 | 4, startsOn: IsoDate, endsOn: IsoDate, months: string): Quarter => ({
    quarter,
    label: `Q${quarter}`,
    startsOn,
    endsOn,
    months,
  });
  return {
    label: financialYearLabel(startYear),
    startYear,
    startsOn: `${startYear}-04-01`,
    endsOn: `${next}-03-31`,
    quarters: [
      q(1, `${startYear}-04-01`, `${startYear}-06-30`, `April to June ${startYear}`),
      q(2, `${startYear}-07-01`, `${startYear}-09-30`, `July to September ${startYear}`),
      q(3, `${startYear}-10-01`, `${startYear}-12-31`, `October to December ${startYear}`),
      q(4, `${next}-01-01`, `${next}-03-31`, `January to March ${next}`),
    ],
  };
}

/**
 * Reads "2023/24" strictly: four digits, a slash, the last two digits of the following year.
 * Returns null for anything else ("2023-24", "2023/2024", "2023/25", " 2023/24").
 */
export function parseFinancialYear(text: string): FinancialYear | null {
  const m = LABEL.exec(text);
  if (!m) return null;
  const startYear = Number(m[1]);
  if (startYear < 1000 || startYear > 9998 || Number(m[2]) !== (startYear + 1) % 100) return null;
  return financialYear(startYear);
}

/** The financial year a UK date falls in: 31 March 2024 is in 2023/24, 1 April 2024 in 2024/25. */
export function financialYearOf(d: IsoDate): FinancialYear {
  const year = Number(d.slice(0, 4));
  return financialYear(d.slice(5) >= "04-01" ? year : year - 1);
}

/** The year `n` years before (n = 1: the previous year). */
export function yearsBefore(fy: FinancialYear, n: number): FinancialYear {
  return financialYear(fy.startYear - n);
}

/** The median of the values: the middle one, or the mean of the middle two; null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Small numbers: a count from 1 to 4 in a breakdown finer than the year could identify the people
 * behind it, so it is not shown. 0 is shown (it identifies nobody); the yearly totals are always
 * shown, because the law requires them to be published.
 */
export const SMALL_NUMBER_LIMIT = 5;
export const isSmallNumber = (n: number): boolean => n >= 1 && n < SMALL_NUMBER_LIMIT;

/**
 * Which cells of one figure's breakdown to hide, given the yearly total is published.
 * Primary: every cell from 1 to 4. Secondary: when exactly one cell is hidden, it could be worked
 * out by subtracting the others from the total, so the smallest other non-zero cell is hidden too
 * (the earliest, on a tie). A breakdown whose other cells are all 0 gives the hidden one away
 * through the total whatever we do; the total is required by law, so that cell stays hidden and
 * the total stays shown.
 * Returns the indexes of the hidden cells, in order.
 */
export function cellsToSuppress(cells: readonly number[]): number[] {
  const hidden = new Set(cells.flatMap((n, i) => (isSmallNumber(n) ? [i] : [])));
  if (hidden.size === 1) {
    let pick = -1;
    cells.forEach((n, i) => {
      if (!hidden.has(i) && n > 0 && (pick < 0 || n < cells[pick]!)) pick = i;
    });
    if (pick >= 0) hidden.add(pick);
  }
  return [...hidden].sort((a, b) => a - b);
}
