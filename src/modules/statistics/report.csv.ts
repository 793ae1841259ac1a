import { COUNTED_FIGURES, type Figure, type QuarterFigures, type YearStatistics } from "./statistics.service";

/** How a suppressed cell is written (the ONS convention: [c], confidential). */
export const SUPPRESSED_CELL = "[c]";

const FIGURE_COLUMNS: Figure[] = [...COUNTED_FIGURES, "medianWorkingDaysToOutcome"];
const HEADER = ["financialYear", "period", "startsOn", "endsOn", "partnerships", ...FIGURE_COLUMNS, "suppressed"];

/**
 * One CSV cell: quoted when it holds a comma, quote or line break; text that a spreadsheet would
 * run as a formula (= + - @ at the start) is prefixed with an apostrophe. Numbers are written as they are.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The figures as CSV: the year's row (every figure shown: the law requires the totals), then one row
 * per quarter with suppressed figures written [c] and named in the last column. Field names are the
 * GraphQL names, so the CSV and the API read the same. No personal data.
 */
export function renderStatisticsCsv(s: YearStatistics): string {
  const partnerships = s.partnerships.map(p => p.code).join(" ");
  const row = (period: string, startsOn: string, endsOn: string, figures: YearStatistics | QuarterFigures, suppressed: Figure[]) => [
    s.financialYear,
    period,
    startsOn,
    endsOn,
    partnerships,
    ...FIGURE_COLUMNS.map(f => (suppressed.includes(f) ? SUPPRESSED_CELL : figures[f])),
    suppressed.join(" "),
  ];
  const rows = [
    HEADER,
    row("year", s.startsOn, s.endsOn, s, []),
    ...s.byQuarter.map(q => row(q.label, q.startsOn, q.endsOn, q, q.suppressed)),
  ];
  return rows.map(r => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}
