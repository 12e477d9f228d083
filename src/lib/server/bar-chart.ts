/**
 * Geometry of a horizontal bar chart, stacked when there is more than one series, drawn as server-rendered SVG
 * (no chart library, no JavaScript). Each bar's label sits above it, so long labels need no column of their own.
 */
export type BarSeries = { label: string; colour?: string };
export type Bar = { label: string; values: number[] };

/** Dark enough for 3:1 against white (WCAG non-text contrast), and told apart by the table as well as by colour. */
export const barPalette = ['#0b5563', '#b34700', '#5b4a9e', '#7a5c00', '#5f6b77'];

const width = 720;
const valueRoom = 56;
const rowHeight = 48;
const barHeight = 18;
const maxLabel = 90;

export function barGeometry(series: BarSeries[], bars: Bar[]) {
  const totals = bars.map((b) => b.values.reduce((sum, v) => sum + v, 0));
  const max = Math.max(1, ...totals);
  const scale = (width - valueRoom) / max;
  const colour = (s: number) => series[s]?.colour ?? barPalette[s % barPalette.length];
  const rows = bars.map((bar, i) => {
    const y = i * rowHeight;
    let x = 0;
    const segments = bar.values.flatMap((value, s) => {
      if (value <= 0) return [];
      const segment = { x, width: value * scale, colour: colour(s) };
      x += segment.width;
      return [segment];
    });
    return {
      label: bar.label.length > maxLabel ? `${bar.label.slice(0, maxLabel - 1)}…` : bar.label,
      labelY: y + 15,
      barY: y + 22,
      segments,
      total: totals[i],
      totalX: x + 6,
      totalY: y + 22 + 14,
    };
  });
  return { width, height: Math.max(rowHeight, bars.length * rowHeight), barHeight, rows, legend: series.map((s, i) => ({ label: s.label, colour: colour(i) })) };
}
