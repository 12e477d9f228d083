/**
 * Geometry of a horizontal bar chart, stacked when there is more than one series, drawn as server-rendered SVG
 * (no chart library, no JavaScript). Each bar's label sits above it, wrapped over the chart's width, so a long label
 * needs no column of its own and is never cut.
 */
import { chartLabel, round1, textWidth, type ChartLabel } from './chart-text.ts';

export type BarSeries = { label: string; colour?: string };
export type Bar = { label: string; values: number[] };

/** Dark enough for 3:1 against white (WCAG non-text contrast), and told apart by the table as well as by colour. */
export const barPalette = ['#0b5563', '#b34700', '#5b4a9e', '#7a5c00', '#5f6b77'];

/** Drawing widths: for a wide screen, and for a phone (drawn at its own width, so the type keeps its size). */
export const barChartWidths = { wide: 640, narrow: 360 } as const;
export const barFontSize = 14;
const barHeight = 18;
const rowGap = 14;
const totalGap = 6;

export function barGeometry(series: BarSeries[], bars: Bar[], width: number = barChartWidths.wide) {
  const totals = bars.map((b) => b.values.reduce((sum, v) => sum + v, 0));
  const max = Math.max(1, ...totals);
  // Room right of the longest bar for its total.
  const valueRoom = totalGap + Math.max(...totals.map((t) => textWidth(String(t), barFontSize)), textWidth('0', barFontSize)) + 2;
  const scale = (width - valueRoom) / max;
  const colour = (s: number) => series[s]?.colour ?? barPalette[s % barPalette.length];
  let top = 0;
  const rows = bars.map((bar, i) => {
    const label = chartLabel(bar.label, 0, top + barFontSize, barFontSize, 'start', width);
    const barY = top + label.lines.length * label.lineHeight + 4;
    let x = 0;
    const segments = bar.values.flatMap((value, s) => {
      if (value <= 0) return [];
      const segment = { x: round1(x), width: round1(value * scale), colour: colour(s) };
      x += value * scale;
      return [segment];
    });
    top = barY + barHeight + rowGap;
    return { label, barY, segments, total: totals[i], totalLabel: chartLabel(String(totals[i]), round1(x + totalGap), barY + 14, barFontSize) };
  });
  const labels: ChartLabel[] = rows.flatMap((r) => [r.label, r.totalLabel]);
  return { width, height: Math.max(barHeight, top - rowGap + 2), barHeight, rows, labels, legend: series.map((s, i) => ({ label: s.label, colour: colour(i) })) };
}
