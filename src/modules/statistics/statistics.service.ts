import type { DataSource } from "typeorm";
import { In } from "typeorm";
import { badInput } from "../../app/errors";
import { todayUk, type IsoDate } from "../../calendar/dates";
import { bankHolidays } from "../../calendar/working-days";
import { Partnership } from "../partnerships/partnership.entity";
import {
  cellsToSuppress,
  financialYearOf,
  isSmallNumber,
  parseFinancialYear,
  yearsBefore,
  type FinancialYear,
  type Quarter,
} from "./financial-year";

/** The counted figures, in the order API.md lists them; every one is a count of events in the period. */
export const COUNTED_FIGURES = [
  "applicationsReceived",
  "thresholdMet",
  "thresholdNotMet",
  "reviewsCarriedOut",
  "reviewsWithRecommendations",
  "adviceGiven",
  "secondaryReviewsRequested",
  "recommendationsMade",
  "recommendationsCompleted",
] as const;
export type CountedFigure = (typeof COUNTED_FIGURES)[number];
export type Figure = CountedFigure | "medianWorkingDaysToOutcome";

/** The four figures the relevant bodies must publish every year (the 2014 Act, s.104; DOMAIN.md). */
export const STATUTORY_FIGURES: readonly CountedFigure[] = ["applicationsReceived", "thresholdNotMet", "reviewsCarriedOut", "reviewsWithRecommendations"];

export type Figures = Record<CountedFigure, number> & { medianWorkingDaysToOutcome: number | null };
/** A quarter's figures: null where suppressed, and the names of the suppressed figures. */
export type QuarterFigures = { [K in keyof Figures]: Figures[K] | null } & {
  quarter: Quarter["quarter"];
  label: string;
  months: string;
  startsOn: IsoDate;
  endsOn: IsoDate;
  suppressed: Figure[];
};

export interface YearStatistics extends Figures {
  year: FinancialYear;
  financialYear: string;
  startsOn: IsoDate;
  endsOn: IsoDate;
  /** The last day counted: the year's end, or today while the year is still running. */
  figuresTo: IsoDate;
  /** The partnership asked for; null when the figures are across every partnership the caller's agency serves. */
  partnership: Partnership | null;
  /** The partnerships counted, by name. */
  partnerships: Partnership[];
  byQuarter: QuarterFigures[];
}

/** The ASB case review (then the community trigger) began on 20 October 2014: there are no earlier figures. */
export const FIRST_FINANCIAL_YEAR = 2014;

/** Reads the `financialYear` argument: "2023/24", from 2014/15 to the current year; BAD_USER_INPUT otherwise. */
export function financialYearArg(text: unknown, today: IsoDate = todayUk()): FinancialYear {
  const fy = typeof text === "string" ? parseFinancialYear(text) : null;
  const problem = (message: string) => badInput(`financialYear: ${message}`, [{ field: "financialYear", message }]);
  if (!fy) throw problem(`must be written like "2023/24" (1 April 2023 to 31 March 2024), got ${JSON.stringify(text ?? null)}`);
  const current = financialYearOf(today);
  if (fy.startYear < FIRST_FINANCIAL_YEAR) throw problem(`the ASB case review began in 2014/15; there are no figures for ${fy.label}`);
  if (fy.startYear > current.startYear) throw problem(`${fy.label} has not started yet (the current year is ${current.label})`);
  return fy;
}

interface Row extends Figures {
  /** 1-4, or 0 for the whole year. */
  quarter: number;
  outcomes: number;
}

/**
 * Every figure of one financial year, in one statement, per quarter and for the year (GROUPING SETS).
 *
 * Each figure counts events by the UK date the event happened, never by the case's current status,
 * so a past year's figures stay the same whatever later happens to its cases:
 * - applicationsReceived: case_review.received_on (the date the law's periods count from);
 * - thresholdMet / thresholdNotMet: threshold_decision.decided_on, even when the application came in
 *   the year before;
 * - adviceGiven: threshold-not-met decisions in the period that record an action to be taken (the
 *   advice the applicant was given; the seed: "all three have been given advice"); the field is
 *   required when the threshold is not met, so this normally equals thresholdNotMet, and a blank
 *   action does not count;
 * - reviewsCarriedOut: panels held in the period (panel_meeting.held_on);
 * - reviewsWithRecommendations: those panels that made at least one recommendation, counting only
 *   recommendations recorded before the year ended;
 * - secondaryReviewsRequested: secondary_review.requested_on;
 * - recommendationsMade / recommendationsCompleted: the UK date of recommendation.created_at /
 *   completed_at (instants, compared with the period's bounds in UK time so the indexes serve);
 * - medianWorkingDaysToOutcome: over the cases whose first OUTCOME letter was issued in the period,
 *   the working days from received_on to that letter (weekends and the bank holidays of England and
 *   Wales skipped, as workingDaysBetween counts them); null when there are none.
 * No row leaves the database: only counts and a median.
 */
const YEAR_SQL = `
WITH events (kind, on_date, flag, working_days) AS (
  SELECT 'application', c.received_on, NULL::boolean, NULL::int
    FROM case_review c
   WHERE c.partnership_id = ANY($1::uuid[]) AND c.received_on BETWEEN $2::date AND $3::date
  UNION ALL
  SELECT 'decision', t.decided_on, t.met, NULL
    FROM threshold_decision t JOIN case_review c ON c.id = t.case_review_id
   WHERE c.partnership_id = ANY($1::uuid[]) AND t.decided_on BETWEEN $2::date AND $3::date
  UNION ALL
  SELECT 'advice', t.decided_on, NULL, NULL
    FROM threshold_decision t JOIN case_review c ON c.id = t.case_review_id
   WHERE c.partnership_id = ANY($1::uuid[]) AND t.decided_on BETWEEN $2::date AND $3::date
     AND NOT t.met AND btrim(coalesce(t.action_to_be_taken, '')) <> ''
  UNION ALL
  SELECT 'review', p.held_on,
         EXISTS (SELECT 1 FROM recommendation rec
                  WHERE rec.panel_id = p.id AND rec.created_at < ($3::date + 1)::timestamp AT TIME ZONE 'Europe/London'),
         NULL
    FROM panel_meeting p JOIN case_review c ON c.id = p.case_review_id
   WHERE c.partnership_id = ANY($1::uuid[]) AND p.held_on BETWEEN $2::date AND $3::date
  UNION ALL
  SELECT 'secondaryReview', s.requested_on, NULL, NULL
    FROM secondary_review s JOIN case_review c ON c.id = s.case_review_id
   WHERE c.partnership_id = ANY($1::uuid[]) AND s.requested_on BETWEEN $2::date AND $3::date
  UNION ALL
  SELECT 'recommendationMade', (rec.created_at AT TIME ZONE 'Europe/London')::date, NULL, NULL
    FROM recommendation rec JOIN case_review c ON c.id = rec.case_review_id
   WHERE c.partnership_id = ANY($1::uuid[])
     AND rec.created_at >= $2::date::timestamp AT TIME ZONE 'Europe/London'
     AND rec.created_at < ($3::date + 1)::timestamp AT TIME ZONE 'Europe/London'
  UNION ALL
  SELECT 'recommendationCompleted', (rec.completed_at AT TIME ZONE 'Europe/London')::date, NULL, NULL
    FROM recommendation rec JOIN case_review c ON c.id = rec.case_review_id
   WHERE c.partnership_id = ANY($1::uuid[])
     AND rec.completed_at >= $2::date::timestamp AT TIME ZONE 'Europe/London'
     AND rec.completed_at < ($3::date + 1)::timestamp AT TIME ZONE 'Europe/London'
  UNION ALL
  SELECT 'outcome', o.issued_on, NULL,
         (SELECT count(*)::int FROM generate_series(c.received_on + 1, o.issued_on, interval '1 day') AS d(day)
           WHERE extract(isodow FROM d.day) < 6 AND d.day::date <> ALL($4::date[]))
    FROM (SELECT l.case_review_id, min(l.issued_on) AS issued_on
            FROM letter l JOIN case_review c ON c.id = l.case_review_id
           WHERE c.partnership_id = ANY($1::uuid[]) AND l.kind = 'OUTCOME' AND l.issued_on <= $3::date
           GROUP BY l.case_review_id) o
    JOIN case_review c ON c.id = o.case_review_id
   WHERE o.issued_on >= $2::date
)
SELECT coalesce(quarter, 0) AS quarter,
       count(*) FILTER (WHERE kind = 'application')::int AS "applicationsReceived",
       count(*) FILTER (WHERE kind = 'decision' AND flag)::int AS "thresholdMet",
       count(*) FILTER (WHERE kind = 'decision' AND NOT flag)::int AS "thresholdNotMet",
       count(*) FILTER (WHERE kind = 'review')::int AS "reviewsCarriedOut",
       count(*) FILTER (WHERE kind = 'review' AND flag)::int AS "reviewsWithRecommendations",
       count(*) FILTER (WHERE kind = 'advice')::int AS "adviceGiven",
       count(*) FILTER (WHERE kind = 'secondaryReview')::int AS "secondaryReviewsRequested",
       count(*) FILTER (WHERE kind = 'recommendationMade')::int AS "recommendationsMade",
       count(*) FILTER (WHERE kind = 'recommendationCompleted')::int AS "recommendationsCompleted",
       count(*) FILTER (WHERE kind = 'outcome')::int AS outcomes,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY working_days) FILTER (WHERE kind = 'outcome') AS "medianWorkingDaysToOutcome"
  FROM (SELECT kind, flag, working_days, ((extract(month FROM on_date)::int + 8) % 12) / 3 + 1 AS quarter FROM events) e
 GROUP BY GROUPING SETS ((quarter), ())`;

const EMPTY: Row = {
  quarter: 0,
  outcomes: 0,
  medianWorkingDaysToOutcome: null,
  ...(Object.fromEntries(COUNTED_FIGURES.map(f => [f, 0])) as Record<CountedFigure, number>),
};

/** Weekday bank holidays from the first possible application to the end of the year asked for. */
function holidaysUpTo(fy: FinancialYear): IsoDate[] {
  const days: IsoDate[] = [];
  for (let y = FIRST_FINANCIAL_YEAR; y <= fy.startYear + 1; y++) days.push(...bankHolidays(y));
  return days;
}

/** The figures of one financial year for the partnerships named (the caller's scope is decided before). */
export async function yearStatistics(
  ds: DataSource,
  fy: FinancialYear,
  scope: { partnershipIds: string[]; partnershipId: string | null },
  today: IsoDate = todayUk(),
): Promise<YearStatistics> {
  const [rows, partnerships] = await Promise.all([
    ds.query(YEAR_SQL, [scope.partnershipIds, fy.startsOn, fy.endsOn, holidaysUpTo(fy)]) as Promise<Row[]>,
    scope.partnershipIds.length
      ? ds.getRepository(Partnership).find({ where: { id: In(scope.partnershipIds) }, order: { name: "ASC" } })
      : Promise.resolve([]),
  ]);
  const byQuarter = new Map(rows.map(r => [Number(r.quarter), { ...r, medianWorkingDaysToOutcome: numberOrNull(r.medianWorkingDaysToOutcome) }]));
  const total = byQuarter.get(0) ?? EMPTY;
  const quarters = fy.quarters.map(q => byQuarter.get(q.quarter) ?? EMPTY);
  return {
    year: fy,
    financialYear: fy.label,
    startsOn: fy.startsOn,
    endsOn: fy.endsOn,
    figuresTo: today < fy.endsOn ? today : fy.endsOn,
    partnership: scope.partnershipId ? partnerships.find(p => p.id === scope.partnershipId) ?? null : null,
    partnerships,
    ...figuresOf(total),
    byQuarter: suppressSmallNumbers(fy, quarters),
  };
}

/** The year and the two before it, for the year-on-year comparison (oldest first). */
export async function threeYears(
  ds: DataSource,
  fy: FinancialYear,
  scope: { partnershipIds: string[]; partnershipId: string | null },
  today: IsoDate = todayUk(),
): Promise<YearStatistics[]> {
  return Promise.all([yearsBefore(fy, 2), yearsBefore(fy, 1), fy].map(y => yearStatistics(ds, y, scope, today)));
}

const numberOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function figuresOf(r: Row): Figures {
  const out = { medianWorkingDaysToOutcome: r.medianWorkingDaysToOutcome } as Figures;
  for (const f of COUNTED_FIGURES) out[f] = Number(r[f]);
  return out;
}

/**
 * The quarters as published: each counted figure's small numbers hidden across its four quarters
 * (cellsToSuppress, with the secondary cell that stops subtraction from the year total); the median
 * hidden where it rests on 1 to 4 cases, since the median of one case is that case's own figure.
 */
function suppressSmallNumbers(fy: FinancialYear, rows: Row[]): QuarterFigures[] {
  const out: QuarterFigures[] = fy.quarters.map((q, i) => {
    const r = rows[i]!;
    const hideMedian = isSmallNumber(r.outcomes);
    return {
      quarter: q.quarter,
      label: q.label,
      months: q.months,
      startsOn: q.startsOn,
      endsOn: q.endsOn,
      ...figuresOf(r),
      medianWorkingDaysToOutcome: hideMedian ? null : r.medianWorkingDaysToOutcome,
      suppressed: hideMedian ? ["medianWorkingDaysToOutcome"] : [],
    };
  });
  for (const f of COUNTED_FIGURES) {
    for (const i of cellsToSuppress(rows.map(r => Number(r[f])))) {
      out[i]![f] = null;
      out[i]!.suppressed.push(f);
    }
  }
  const order: Figure[] = [...COUNTED_FIGURES, "medianWorkingDaysToOutcome"];
  for (const q of out) q.suppressed.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return out;
}
