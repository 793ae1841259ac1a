/**
 * A horizontal bar chart drawn on the server as SVG (no script, nothing fetched, prints as it is).
 * The figures are in a table beside it too: the chart is a picture of that table, named and
 * described for screen readers (role="img"), never the only place a number is.
 */
export interface Bar {
  label: string;
  value: number;
}

export interface BarChart {
  width: number;
  height: number;
  bars: Array<{ label: string; value: number; y: number; barWidth: number; labelY: number; valueX: number; }>;
  description: string;
}

const WIDTH = 400;
const ROW = 56;
const LABEL_GAP = 22;

export function barChart(bars: Bar[]): BarChart {
  const max = Math.max(1, ...bars.map(b => b.value));
  const usable = WIDTH - 50; // room for the value after the longest bar
  return {
    width: WIDTH,
    height: bars.length * ROW,
    bars: bars.map((b, i) => {
      const barWidth = Math.max(b.value > 0 ? 2 : 0, Math.round((b.value / max) * usable));
      return { ...b, y: i * ROW + LABEL_GAP, labelY: i * ROW + 16, barWidth, valueX: barWidth + 8 };
    }),
    description: bars.map(b => `${b.label}: ${b.value}`).join("; "),
  };
}
