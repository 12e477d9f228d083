/**
 * Geometry of the two charts of one KPI (run chart and XmR chart), drawn as server-rendered SVG by KpiCharts.astro.
 * Everything here is numbers and short strings; the component only renders them.
 */
import { t } from '../../../i18n/index.ts';
import { formatValue, type RunChart } from './run-chart.ts';
import type { XmrChart } from './xmr.ts';

export type KpiPoint = {
  /** The period as entered, e.g. 2027-03, 2027-Q1 or 2027-03-31. */
  label: string;
  value: number;
};
/** The point indexes a PDSA cycle covers, computed by the caller from the cycle's dates. */
export type CycleMark = { label: string; fromIndex: number; toIndex: number };

/** What a component drawing one indicator's charts is given: the series, both charts' readings, the target, the cycles. */
export type KpiChartProps = {
  /** Unique on the page: the SVGs' titles and descriptions are labelled by ids built from it. */
  id: string;
  title: string;
  unit?: string;
  points: KpiPoint[];
  run: RunChart;
  xmr: XmrChart;
  target?: number;
  cycles: CycleMark[];
};

export type LineKind = 'centre' | 'upper' | 'lower' | 'target';
export type ChartGeometry = {
  width: number;
  height: number;
  /** The plotting area inside the axes. */
  plot: { left: number; top: number; right: number; bottom: number };
  /** One polyline per phase ("x,y x,y …"), so the line does not join across a rephase. */
  polylines: string[];
  /** A diamond for a point that is part of a signal with a side or heading, a circle otherwise. */
  markers: { x: number; y: number; label: string; value: number; inSignal: boolean }[];
  /** Centre line and limits per phase, and the target across the whole chart. */
  lines: { kind: LineKind; x1: number; x2: number; y: number; value: number }[];
  /** Labels for the latest phase's lines and the target, in the right margin, nudged apart so none overlap. */
  lineLabels: { kind: LineKind; x: number; y: number; text: string }[];
  bands: { x: number; width: number; label: string; labelX: number; labelY: number }[];
  yTicks: { y: number; label: string }[];
  /** At most about 12 labels, evenly thinned. */
  xLabels: { x: number; label: string }[];
};

type Margin = { left: number; right: number; top: number; bottom: number };
const margin: Margin = { left: 56, right: 104, top: 40, bottom: 36 };
const maxXLabels = 12;
const minLabelGap = 13;

/** A tick step of 1, 2, 2.5 or 5 × 10^k giving about `count` intervals over the span. */
export function niceStep(span: number, count = 5): number {
  const raw = span / count;
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  return ([1, 2, 2.5, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
}

/** Ticks covering [low, high] with round numbers; a flat range is widened so the line sits mid-height. */
export function niceTicks(low: number, high: number): number[] {
  if (high - low === 0) {
    const pad = low === 0 ? 1 : Math.abs(low) * 0.1;
    [low, high] = [low - pad, high + pad];
  }
  const step = niceStep(high - low);
  const first = Math.floor(low / step) * step;
  const ticks: number[] = [];
  // Rounded to the step's decimals, so 0.1 + 0.2 prints as 0.3; bounded at 12 whatever floating point does.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  for (let t = first; ticks.length < 12; t += step) {
    ticks.push(Number(t.toFixed(decimals)));
    if (t >= high - step * 1e-9) break;
  }
  // Values near the limits of floating point (15 digits and a fraction) can round every tick to one number, which
  // would make the axis zero high and every coordinate NaN: fall back to a range wide enough to tell apart.
  if (ticks.length < 2 || ticks[0] === ticks.at(-1)) {
    const pad = Math.max(1, Math.abs(low) * 0.1);
    return [low - pad, high + pad];
  }
  return ticks;
}

type Line = { kind: LineKind; from: number; to: number; value: number };
type Mark = { from: number; to: number; side?: string; heading?: string };

function geometry(points: KpiPoint[], lines: Line[], signals: Mark[], target: number | undefined, cycles: CycleMark[], names: Record<LineKind, string>, width: number, height: number, m: Margin = margin): ChartGeometry {
  const plot = { left: m.left, top: m.top, right: width - m.right, bottom: height - m.bottom };
  const n = points.length;
  const values = [...points.map((p) => p.value), ...lines.map((l) => l.value), ...(target !== undefined ? [target] : [])].filter(Number.isFinite);
  const ticks = values.length ? niceTicks(Math.min(...values), Math.max(...values)) : [0, 1];
  const [low, high] = [ticks[0], ticks.at(-1)!];
  const y = (v: number) => plot.bottom - ((v - low) / (high - low)) * (plot.bottom - plot.top);
  const slot = (plot.right - plot.left) / Math.max(1, n);
  const x = (i: number) => plot.left + (i + 0.5) * slot;
  const r = (v: number) => Math.round(v * 10) / 10;

  // Only signals about particular points mark them; too few/many runs or crossings concern the whole phase.
  const flagged = new Set<number>();
  for (const s of signals) if (s.side || s.heading) for (let i = Math.max(0, s.from); i <= Math.min(n - 1, s.to); i++) flagged.add(i);

  const phaseLines = lines.filter((l) => l.kind !== 'target');
  const starts = [...new Set(phaseLines.filter((l) => l.kind === 'centre').map((l) => l.from))].sort((a, b) => a - b);
  const polylines = (starts.length ? starts : [0]).map((start, i, all) =>
    points.slice(start, all[i + 1] ?? n).map((p, j) => `${r(x(start + j))},${r(y(p.value))}`).join(' '));

  const drawn = [
    ...phaseLines.map((l) => ({ kind: l.kind, x1: r(x(l.from) - slot / 2), x2: r(x(l.to) + slot / 2), y: r(y(l.value)), value: l.value })),
    ...(target !== undefined && Number.isFinite(target) && n > 0 ? [{ kind: 'target' as const, x1: plot.left, x2: plot.right, y: r(y(target)), value: target }] : []),
  ];
  const lastStart = starts.at(-1) ?? 0;
  const labelled = [
    ...phaseLines.filter((l) => l.from === lastStart).map((l) => ({ kind: l.kind, y: r(y(l.value)), value: l.value })),
    ...drawn.filter((l) => l.kind === 'target'),
  ].sort((a, b) => a.y - b.y);
  const lineLabels: ChartGeometry['lineLabels'] = [];
  for (const l of labelled) {
    const previous = lineLabels.at(-1);
    const at = previous ? Math.max(l.y + 4, previous.y + minLabelGap) : l.y + 4;
    lineLabels.push({ kind: l.kind, x: plot.right + 6, y: r(at), text: `${names[l.kind]} ${formatValue(l.value)}` });
  }

  const bands = cycles
    .map((c) => ({ ...c, from: Math.max(0, Math.min(c.fromIndex, c.toIndex)), to: Math.min(n - 1, Math.max(c.fromIndex, c.toIndex)) }))
    .filter((c) => n > 0 && c.from <= c.to && Number.isInteger(c.from) && Number.isInteger(c.to))
    .map((c, i) => ({ x: r(x(c.from) - slot / 2), width: r((c.to - c.from + 1) * slot), label: c.label, labelX: r(x(c.from) - slot / 2 + 3), labelY: plot.top - 8 - (i % 2) * 14 }));

  // As many labels as fit side by side (about 7 px a character at the axis' font size, and a gap), at most 12: a
  // month written out ("September 2026") needs room that "2027-03" does not.
  const longest = points.reduce((most, p) => Math.max(most, p.label.length), 0);
  const fit = Math.max(1, Math.floor((width - m.left - m.right) / (longest * 7 + 12)));
  const every = Math.max(1, Math.ceil(n / Math.min(maxXLabels, fit)));
  return {
    width,
    height,
    plot,
    polylines,
    markers: points.map((p, i) => ({ x: r(x(i)), y: r(y(p.value)), label: p.label, value: p.value, inSignal: flagged.has(i) })),
    lines: drawn,
    lineLabels,
    bands,
    yTicks: ticks.map((t) => ({ y: r(y(t)), label: formatValue(t) })),
    xLabels: points.flatMap((p, i) => (i % every === 0 ? [{ x: r(x(i)), label: p.label }] : [])),
  };
}

/** The run chart's and the XmR chart's geometry for one KPI. A series is at most 1,000 points; all loops are linear. */
export function kpiChartGeometry(input: { points: KpiPoint[]; run: RunChart; xmr: XmrChart; target?: number; cycles: CycleMark[]; width?: number; height?: number }): { run: ChartGeometry; xmr: ChartGeometry } {
  const { points, run, xmr, target, cycles, width = 720, height = 320 } = input;
  const runLines: Line[] = run.phases.map((p) => ({ kind: 'centre', from: p.start, to: p.end, value: p.centre }));
  const xmrLines: Line[] = xmr.phases.flatMap((p) => [
    { kind: 'centre' as const, from: p.start, to: p.end, value: p.mean },
    { kind: 'upper' as const, from: p.start, to: p.end, value: p.upper },
    { kind: 'lower' as const, from: p.start, to: p.end, value: p.lower },
  ]);
  return {
    run: geometry(points, runLines, run.signals, target, cycles, { centre: t('monitoring:chart.median'), upper: '', lower: '', target: t('monitoring:chart.target') }, width, height),
    xmr: geometry(points, xmrLines, xmr.signals, target, cycles, { centre: t('monitoring:chart.mean'), upper: t('monitoring:chart.upperLimit'), lower: t('monitoring:chart.lowerLimit'), target: t('monitoring:chart.target') }, width, height),
  };
}

/**
 * A small run chart for the list of every indicator, as a few SVG paths rather than one element per point: the
 * values as one line (a move at each new phase, so phases stay unjoined), the medians as one path, the points of a
 * signal as one path of diamonds (shape, not only colour), the target as a dotted line. Coordinates have one decimal.
 */
export type CompactChart = {
  width: number;
  height: number;
  plot: ChartGeometry['plot'];
  /** "d" of the values' line. */
  line: string;
  /** "d" of the median of each phase. */
  centre: string;
  /** "d" of a diamond on each point that is part of a signal; empty when none is. */
  signals: string;
  /** The indexes of the points a diamond marks. */
  signalPoints: number[];
  target?: { y: number };
  bands: { x: number; width: number; label: string }[];
  /** The lowest and highest tick, labelled at the left. */
  yTicks: { y: number; label: string }[];
  /** The first and the latest period, under the axis. */
  xLabels: { x: number; label: string; anchor: 'start' | 'end' }[];
};

const compactMargin: Margin = { left: 36, right: 8, top: 8, bottom: 20 };

export function compactRunGeometry(input: { points: KpiPoint[]; run: RunChart; target?: number; cycles: CycleMark[]; width?: number; height?: number }): CompactChart {
  const { points, run, cycles, width = 360, height = 130 } = input;
  const m = compactMargin;
  const plot = { left: m.left, top: m.top, right: width - m.right, bottom: height - m.bottom };
  const n = points.length;
  const target = input.target !== undefined && Number.isFinite(input.target) && n > 0 ? input.target : undefined;
  // The scale covers the values, the medians and the target, as the full chart's does.
  let low = Infinity;
  let high = -Infinity;
  const cover = (v: number) => {
    if (Number.isFinite(v)) [low, high] = [Math.min(low, v), Math.max(high, v)];
  };
  for (const p of points) cover(p.value);
  for (const p of run.phases) cover(p.centre);
  if (target !== undefined) cover(target);
  const ticks = low <= high ? niceTicks(low, high) : [0, 1];
  const [bottom, top] = [ticks[0]!, ticks.at(-1)!];
  const y = (v: number) => r1(plot.bottom - ((v - bottom) / (top - bottom)) * (plot.bottom - plot.top));
  const slot = (plot.right - plot.left) / Math.max(1, n);
  const x = (i: number) => r1(plot.left + (i + 0.5) * slot);

  // Only signals about particular points mark them; too few/many runs or crossings concern the whole phase.
  const flagged = new Uint8Array(n);
  for (const s of run.signals) if (s.side || s.heading) for (let i = Math.max(0, s.from); i <= Math.min(n - 1, s.to); i++) flagged[i] = 1;
  const starts = new Set(run.phases.map((p) => p.start));
  const line: string[] = [];
  const signals: string[] = [];
  const signalPoints: number[] = [];
  const d = 4;
  for (let i = 0; i < n; i++) {
    const [px, py] = [x(i), y(points[i]!.value)];
    line.push(`${i === 0 || starts.has(i) ? 'M' : 'L'}${px},${py}`);
    if (flagged[i]) {
      signalPoints.push(i);
      signals.push(`M${px},${r1(py - d)}l${d},${d}-${d},${d}-${d}-${d}z`);
    }
  }
  const edge = (i: number) => r1(plot.left + i * slot);
  return {
    width,
    height,
    plot,
    line: line.join(''),
    centre: n === 0 ? '' : run.phases.map((p) => `M${edge(p.start)},${y(p.centre)}H${edge(p.end + 1)}`).join(''),
    signals: signals.join(''),
    signalPoints,
    target: target === undefined ? undefined : { y: y(target) },
    bands: cycles
      .map((c) => ({ label: c.label, from: Math.max(0, Math.min(c.fromIndex, c.toIndex)), to: Math.min(n - 1, Math.max(c.fromIndex, c.toIndex)) }))
      .filter((c) => n > 0 && c.from <= c.to && Number.isInteger(c.from) && Number.isInteger(c.to))
      .map((c) => ({ x: edge(c.from), width: r1((c.to - c.from + 1) * slot), label: c.label })),
    yTicks: [{ y: y(bottom), label: formatValue(bottom) }, { y: y(top), label: formatValue(top) }],
    xLabels: n === 0 ? [] : [{ x: plot.left, label: points[0]!.label, anchor: 'start' }, ...(n > 1 ? [{ x: plot.right, label: points[n - 1]!.label, anchor: 'end' as const }] : [])],
  };
}

const r1 = (v: number) => Math.round(v * 10) / 10;
