import { formatLongDate, type IsoDate } from "../../calendar/dates";
import { SMALL_NUMBER_LIMIT } from "./financial-year";
import { COUNTED_FIGURES, STATUTORY_FIGURES, type CountedFigure, type Figure, type QuarterFigures, type YearStatistics } from "./statistics.service";

/** The words a reader sees for each figure, and what it counts. */
export const FIGURE_WORDS: Record<Figure, { label: string; counts: string }> = {
  applicationsReceived: { label: "Applications received", counts: "applications received in the period (the date the application was made)" },
  thresholdMet: { label: "Threshold met", counts: "threshold decisions made in the period that found the threshold met" },
  thresholdNotMet: { label: "Threshold not met", counts: "threshold decisions made in the period that found the threshold not met, whenever the application came in" },
  reviewsCarriedOut: { label: "Case reviews carried out", counts: "case review panels held in the period" },
  reviewsWithRecommendations: { label: "Reviews resulting in recommendations", counts: "panels held in the period that made at least one recommendation" },
  adviceGiven: { label: "Applicants given advice", counts: "threshold-not-met decisions in the period that told the applicant what action would be taken" },
  secondaryReviewsRequested: { label: "Secondary reviews requested", counts: "secondary reviews asked for in the period" },
  recommendationsMade: { label: "Recommendations made", counts: "recommendations recorded in the period" },
  recommendationsCompleted: { label: "Recommendations completed", counts: "recommendations completed in the period, whenever they were made" },
  medianWorkingDaysToOutcome: {
    label: "Median working days from application to outcome letter",
    counts: "over the cases whose outcome letter was sent in the period; weekends and bank holidays of England and Wales not counted",
  },
};

/** The chart: applications and what became of them, by quarter. */
const CHART_SERIES: Array<{ figure: CountedFigure; colour: string }> = [
  { figure: "applicationsReceived", colour: "#1d4e89" },
  { figure: "thresholdMet", colour: "#2a9d8f" },
  { figure: "thresholdNotMet", colour: "#e9c46a" },
  { figure: "reviewsCarriedOut", colour: "#c8553d" },
];

const esc = (s: string) => s.replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const cell = (v: number | null, suppressed = false) =>
  suppressed ? `<abbr class="suppressed" title="Suppressed: a figure from 1 to ${SMALL_NUMBER_LIMIT - 1}">[c]</abbr>` : v === null ? "&ndash;" : esc(String(v));

const YEAR_ORDER: Figure[] = [...STATUTORY_FIGURES, ...COUNTED_FIGURES.filter(f => !STATUTORY_FIGURES.includes(f)), "medianWorkingDaysToOutcome"];
const OTHER_FIGURES: Figure[] = YEAR_ORDER.filter(f => !(STATUTORY_FIGURES as Figure[]).includes(f));

export interface AnnualReportInput {
  /** Up to three years, oldest first; the last is the year reported on. */
  years: YearStatistics[];
  /** "Maidstone Community Safety Partnership", or the partnerships counted. */
  scope: string;
  generatedOn: IsoDate;
}

function periodWords(s: YearStatistics): string {
  const to = s.figuresTo < s.endsOn ? `${formatLongDate(s.figuresTo)} (the year is not over: figures so far)` : formatLongDate(s.endsOn);
  return `${formatLongDate(s.startsOn)} to ${to}`;
}

function statutoryTable(s: YearStatistics): string {
  const rows = STATUTORY_FIGURES.map(f => `<tr><th scope="row">${FIGURE_WORDS[f].label}</th><td>${cell(s[f])}</td></tr>`).join("\n");
  return `<table id="statutory-figures" class="figures">
<caption>The figures the law requires to be published, ${esc(s.financialYear)}</caption>
<thead><tr><th scope="col">Figure</th><th scope="col">${esc(s.financialYear)}</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

function otherTable(s: YearStatistics): string {
  const rows = OTHER_FIGURES.map(f => `<tr><th scope="row">${FIGURE_WORDS[f].label}</th><td>${cell(s[f])}</td></tr>`).join("\n");
  return `<table id="further-figures" class="figures">
<caption>Further figures, ${esc(s.financialYear)}</caption>
<thead><tr><th scope="col">Figure</th><th scope="col">${esc(s.financialYear)}</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

/** A grouped bar chart as inline SVG: nothing loaded from anywhere, so it prints and works offline. */
export function quarterlyChart(s: YearStatistics): string {
  const width = 720;
  const height = 320;
  const left = 48;
  const right = 12;
  const top = 44;
  const bottom = 48;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const shown = s.byQuarter.flatMap(q => CHART_SERIES.map(c => q[c.figure] ?? 0));
  const step = niceStep(Math.max(SMALL_NUMBER_LIMIT, ...shown));
  const max = Math.max(step, Math.ceil(Math.max(...shown, 1) / step) * step);
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const groupW = plotW / 4;
  const barW = Math.min(28, (groupW - 24) / CHART_SERIES.length);

  const grid: string[] = [];
  for (let v = 0; v <= max; v += step) {
    grid.push(`<line x1="${left}" x2="${width - right}" y1="${y(v)}" y2="${y(v)}" class="grid"/>`);
    grid.push(`<text x="${left - 6}" y="${y(v) + 4}" text-anchor="end" class="tick">${v}</text>`);
  }
  const bars: string[] = [];
  s.byQuarter.forEach((q, qi) => {
    const x0 = left + qi * groupW + (groupW - barW * CHART_SERIES.length) / 2;
    CHART_SERIES.forEach((c, si) => {
      const x = x0 + si * barW;
      const value = q[c.figure];
      const label = `${q.label}: ${FIGURE_WORDS[c.figure].label}`;
      if (value === null) {
        // Suppressed: no bar (its height would give the number away), a marker instead.
        bars.push(
          `<g class="bar suppressed" data-quarter="${q.quarter}" data-figure="${c.figure}"><title>${esc(label)}: suppressed</title>` +
            `<rect x="${x + 1}" y="${y(0) - 3}" width="${barW - 2}" height="3" fill="url(#suppressed-hatch)"/>` +
            `<text x="${x + barW / 2}" y="${y(0) - 7}" text-anchor="middle" class="mark">c</text></g>`,
        );
      } else {
        bars.push(
          `<rect class="bar" data-quarter="${q.quarter}" data-figure="${c.figure}" x="${x + 1}" y="${y(value)}" width="${barW - 2}" ` +
            `height="${y(0) - y(value)}" fill="${c.colour}"><title>${esc(label)}: ${value}</title></rect>`,
        );
      }
    });
    bars.push(`<text x="${left + qi * groupW + groupW / 2}" y="${height - bottom + 18}" text-anchor="middle" class="axis">${q.label}</text>`);
    bars.push(`<text x="${left + qi * groupW + groupW / 2}" y="${height - bottom + 34}" text-anchor="middle" class="tick">${esc(q.months.replace(/ \d{4}$/, ""))}</text>`);
  });
  const legend = CHART_SERIES.map((c, i) => {
    const x = left + i * 170;
    return `<rect x="${x}" y="12" width="12" height="12" fill="${c.colour}"/><text x="${x + 17}" y="22" class="legend">${FIGURE_WORDS[c.figure].label}</text>`;
  }).join("");
  return `<svg id="quarterly-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="chart-title chart-desc">
<title id="chart-title">Applications and outcomes by quarter, ${esc(s.financialYear)}</title>
<desc id="chart-desc">Bars for applications received, threshold met, threshold not met and case reviews carried out in each quarter. Figures from 1 to ${SMALL_NUMBER_LIMIT - 1} are not shown and are marked c. The same figures are in the table below the chart.</desc>
<defs><pattern id="suppressed-hatch" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="2" height="4" fill="#777"/></pattern></defs>
${legend}
${grid.join("\n")}
<line x1="${left}" x2="${width - right}" y1="${y(0)}" y2="${y(0)}" class="baseline"/>
${bars.join("\n")}
</svg>`;
}

/** 1, 2, 5, 10, 20, 50...: about five grid lines. */
function niceStep(max: number): number {
  const raw = max / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (raw <= m * magnitude) return Math.max(1, m * magnitude);
  return 10 * magnitude;
}

function quarterTable(s: YearStatistics): string {
  const notStarted = (q: QuarterFigures) => (q.startsOn > s.figuresTo ? " (not started)" : "");
  const head = s.byQuarter.map(q => `<th scope="col">${q.label}<br><span class="months">${esc(q.months)}${notStarted(q)}</span></th>`).join("");
  const quarterCell = (q: QuarterFigures, f: Figure) => `<td>${cell(q[f], q.suppressed.includes(f))}</td>`;
  const rows = YEAR_ORDER.map(
    f => `<tr><th scope="row">${FIGURE_WORDS[f].label}</th>${s.byQuarter.map(q => quarterCell(q, f)).join("")}<td class="total">${cell(s[f])}</td></tr>`,
  ).join("\n");
  return `<table id="quarterly-figures" class="figures">
<caption>By quarter, ${esc(s.financialYear)} (figures from 1 to ${SMALL_NUMBER_LIMIT - 1} suppressed: [c])</caption>
<thead><tr><th scope="col">Figure</th>${head}<th scope="col">Year</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

function comparisonTable(years: YearStatistics[]): string {
  const current = years[years.length - 1]!;
  const previous = years.length > 1 ? years[years.length - 2]! : null;
  const head = years.map(y => `<th scope="col">${esc(y.financialYear)}${y.figuresTo < y.endsOn ? "<br><span class=\"months\">so far</span>" : ""}</th>`).join("");
  const change = (f: Figure) => {
    const a = previous?.[f];
    const b = current[f];
    if (a === null || a === undefined || b === null) return "&ndash;";
    const d = Math.round((b - a) * 10) / 10;
    return d > 0 ? `+${d}` : d < 0 ? `&minus;${-d}` : "0";
  };
  const rows = YEAR_ORDER.map(
    f => `<tr><th scope="row">${FIGURE_WORDS[f].label}</th>${years.map(y => `<td>${cell(y[f])}</td>`).join("")}${previous ? `<td>${change(f)}</td>` : ""}</tr>`,
  ).join("\n");
  return `<table id="year-on-year" class="figures">
<caption>Year on year</caption>
<thead><tr><th scope="col">Figure</th>${head}${previous ? `<th scope="col">Change on ${esc(previous.financialYear)}</th>` : ""}</tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

function suppressionNote(s: YearStatistics): string {
  const hidden = s.byQuarter.filter(q => q.suppressed.length > 0);
  const list = hidden.length
    ? `<ul id="suppressed-figures">${hidden
        .map(q => `<li><strong>${q.label}</strong> (${esc(q.months)}): ${q.suppressed.map(f => FIGURE_WORDS[f].label.toLowerCase()).join("; ")}</li>`)
        .join("")}</ul>`
    : `<p id="suppressed-figures">No quarterly figure is suppressed this year.</p>`;
  return `<section id="suppression">
<h2>Figures not shown, and why</h2>
<p>A count from 1 to ${SMALL_NUMBER_LIMIT - 1} in a single quarter could help someone identify the people behind it, so the
quarterly breakdown does not show it: it is marked <strong>[c]</strong>. Where only one quarter of a figure would be hidden,
the next smallest quarter is hidden too, so that the hidden one cannot be worked out by subtracting the others from the year's
total. A median resting on 1 to ${SMALL_NUMBER_LIMIT - 1} cases is hidden for the same reason. Zero is always shown. The yearly totals
are always shown in full: the Anti-social Behaviour, Crime and Policing Act 2014 requires them to be published.</p>
${list}
</section>`;
}

function definitions(): string {
  const items = YEAR_ORDER.map(f => `<dt>${FIGURE_WORDS[f].label}</dt><dd>${esc(FIGURE_WORDS[f].counts)}</dd>`).join("\n");
  return `<section id="definitions">
<h2>What each figure counts</h2>
<p>Every figure counts events by the date they happened, so the figures for a past year do not change when something later
happens to its cases. A case can therefore appear in two years: received on 31 March, decided in April.</p>
<dl>
${items}
</dl>
</section>`;
}

const STYLE = `
:root { color-scheme: light; }
body { font: 15px/1.45 "Helvetica Neue", Arial, sans-serif; color: #1b1b1b; margin: 2rem auto; max-width: 60rem; padding: 0 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 2px solid #1d4e89; padding-bottom: .2rem; }
.lede { color: #444; margin: 0 0 1rem; }
.meta { color: #555; font-size: .9rem; }
table.figures { border-collapse: collapse; margin: .75rem 0 1.25rem; min-width: 28rem; }
table.figures caption { text-align: left; font-weight: bold; padding-bottom: .35rem; }
table.figures th, table.figures td { border-bottom: 1px solid #ccc; padding: .35rem .7rem; text-align: right; vertical-align: top; }
table.figures th[scope=row] { text-align: left; font-weight: normal; }
table.figures thead th:first-child { text-align: left; }
table.figures thead th { border-bottom: 2px solid #1b1b1b; }
table.figures td.total { font-weight: bold; }
#statutory-figures td { font-size: 1.25rem; font-weight: bold; }
.months { font-weight: normal; font-size: .8rem; color: #555; }
abbr.suppressed { text-decoration: none; color: #555; }
svg text.tick { font-size: 11px; fill: #444; }
svg text.axis { font-size: 13px; font-weight: bold; fill: #1b1b1b; }
svg text.legend { font-size: 12px; fill: #1b1b1b; }
svg text.mark { font-size: 11px; fill: #555; font-style: italic; }
svg line.grid { stroke: #e2e2e2; }
svg line.baseline { stroke: #1b1b1b; }
figure { margin: 1rem 0; }
figcaption { color: #444; font-size: .9rem; }
dt { font-weight: bold; margin-top: .4rem; }
dd { margin-left: 1rem; }
@page { size: A4; margin: 16mm 14mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 11pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { break-after: avoid; }
  table, figure, section#suppression { break-inside: avoid; }
  #year-on-year-section { break-before: auto; }
}
`;

/**
 * The printable annual report: the statutory table first, then the chart of applications and
 * outcomes by quarter (inline SVG), the quarterly table, the year-on-year comparison, which figures
 * are suppressed and why, and what each figure counts. Self-contained: no script, no external
 * resource (the route's Content-Security-Policy forbids them). Figures only, no personal data.
 */
export function renderAnnualReport(input: AnnualReportInput): string {
  const s = input.years[input.years.length - 1]!;
  const title = `ASB case review: annual figures ${s.financialYear}`;
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${esc(title)}</h1>
<p class="lede">${esc(input.scope)}</p>
<p class="meta">Financial year ${esc(s.financialYear)}: ${periodWords(s)}. Produced on ${formatLongDate(input.generatedOn)} from the case records; no personal data.</p>
</header>
<main>
<section id="statutory">
<h2>Published figures</h2>
${statutoryTable(s)}
${otherTable(s)}
</section>
<section id="by-quarter">
<h2>Applications and outcomes by quarter</h2>
<figure>
${quarterlyChart(s)}
<figcaption>Q1 is April to June, Q4 January to March. A “c” marks a figure that is not shown (see below).</figcaption>
</figure>
${quarterTable(s)}
</section>
<section id="year-on-year-section">
<h2>Compared with previous years</h2>
${comparisonTable(input.years)}
</section>
${suppressionNote(s)}
${definitions()}
</main>
</body>
</html>
`;
}
