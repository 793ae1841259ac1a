import { daysInMonth } from "../../calendar/dates";

/** A GOV.UK date input's three boxes, as typed. */
export interface DateParts {
  day: string;
  month: string;
  year: string;
}

export const emptyDate = (): DateParts => ({ day: "", month: "", year: "" });

export const dateFromBody = (body: Record<string, unknown>, name: string): DateParts => ({
  day: String(body[`${name}-day`] ?? "").trim(),
  month: String(body[`${name}-month`] ?? "").trim(),
  year: String(body[`${name}-year`] ?? "").trim(),
});

export const isoToParts = (iso: string): DateParts => {
  const [year, month, day] = iso.split("-");
  return { day: String(Number(day)), month: String(Number(month)), year: year! };
};

/**
 * What the GOV.UK pattern asks of a date input: all or nothing, numbers, a real date. `problem` is
 * the missing or wrong part ("day", "month", "year", or "date" for all), worded by the page.
 */
export function parseDate(p: DateParts): { iso: string | null; empty: boolean; problem: null | { part: "day" | "month" | "year" | "all"; kind: "missing" | "invalid" } } {
  const parts = [p.day, p.month, p.year];
  if (parts.every(x => x === "")) return { iso: null, empty: true, problem: null };
  for (const [part, value] of [["day", p.day], ["month", p.month], ["year", p.year]] as const) {
    if (value === "") return { iso: null, empty: false, problem: { part, kind: "missing" } };
  }
  if (!/^\d{1,2}$/.test(p.day) || !/^\d{1,2}$/.test(p.month) || !/^\d{4}$/.test(p.year)) {
    return { iso: null, empty: false, problem: { part: "all", kind: "invalid" } };
  }
  const [d, m, y] = [Number(p.day), Number(p.month), Number(p.year)];
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m) || y < 1900) return { iso: null, empty: false, problem: { part: "all", kind: "invalid" } };
  return { iso: `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`, empty: false, problem: null };
}

/** The GOV.UK messages for a date input's own problems; `what` names the date ("The date it happened"). */
export function dateProblemText(what: string, problem: NonNullable<ReturnType<typeof parseDate>["problem"]>): string {
  if (problem.kind === "missing") return `${what} must include a ${problem.part}`;
  return `${what} must be a real date`;
}
