import { describe, expect, it } from 'vitest';
import { compactRunGeometry, kpiChartGeometry, niceTicks, type KpiPoint } from '../../src/lib/server/monitoring/kpi-chart.ts';
import { runChart } from '../../src/lib/server/monitoring/run-chart.ts';
import { xmrChart } from '../../src/lib/server/monitoring/xmr.ts';

const series = (values: number[]): KpiPoint[] => values.map((value, i) => ({ label: `2027-${String(i + 1).padStart(2, '0')}`, value }));
const build = (values: number[], extra: { target?: number; phaseStarts?: number[]; cycles?: { label: string; fromIndex: number; toIndex: number }[] } = {}) =>
  kpiChartGeometry({
    points: series(values),
    run: runChart(values, { ruleSet: 'ihi', direction: 'up', phaseStarts: extra.phaseStarts }),
    xmr: xmrChart(values, { direction: 'up', target: extra.target, phaseStarts: extra.phaseStarts }),
    target: extra.target,
    cycles: extra.cycles ?? [],
  });
const allFinite = (value: unknown): boolean =>
  typeof value === 'number' ? Number.isFinite(value) : Array.isArray(value) ? value.every(allFinite) : value && typeof value === 'object' ? Object.values(value).every(allFinite) : true;

describe('niceTicks', () => {
  it('keeps two distinct ticks for values at the limits of floating point, so no coordinate is NaN', () => {
    const ticks = niceTicks(999999999999999, 999999999999999.1);
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    expect(ticks[0]).toBeLessThan(ticks.at(-1)!);
  });
  it('covers the range with round steps of 1, 2, 2.5 or 5 times a power of ten', () => {
    expect(niceTicks(7.87, 15.13)).toEqual([6, 8, 10, 12, 14, 16]);
    expect(niceTicks(0.12, 0.93)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });
  it('widens a flat range so that a constant series sits mid-height', () => {
    expect(niceTicks(7, 7)).toEqual([6, 6.5, 7, 7.5, 8]);
    expect(niceTicks(0, 0)).toEqual([-1, -0.5, 0, 0.5, 1]);
  });
});

describe('kpiChartGeometry', () => {
  const rising = [5, 1, 9, 2, 8, 3, 7, 4, 5, 5, 6, 2, 6, 7, 6, 8, 6, 7];
  it('marks the points of a shift as part of a signal and no others', () => {
    // The shift is points 13–18 (indexes 12–17), see run-chart.test.ts.
    const g = build(rising);
    expect(g.run.markers.filter((m) => m.inSignal).map((m) => m.label)).toEqual(['2027-13', '2027-14', '2027-15', '2027-16', '2027-17', '2027-18']);
    expect(g.run.markers).toHaveLength(18);
  });
  it('draws higher values higher, keeps every marker in the plot, and labels the latest lines in the margin', () => {
    const g = build(rising, { target: 8 });
    const [low, high] = [g.run.markers[1], g.run.markers[2]]; // 1 and 9
    expect(high.y).toBeLessThan(low.y);
    for (const m of [...g.run.markers, ...g.xmr.markers]) {
      expect(m.x).toBeGreaterThanOrEqual(g.xmr.plot.left);
      expect(m.x).toBeLessThanOrEqual(g.xmr.plot.right);
      expect(m.y).toBeGreaterThanOrEqual(g.xmr.plot.top);
      expect(m.y).toBeLessThanOrEqual(g.xmr.plot.bottom);
    }
    expect(g.xmr.lines.map((l) => l.kind)).toEqual(['centre', 'upper', 'lower', 'target']);
    expect(g.xmr.lineLabels.map((l) => l.text.split(' ')[0])).toEqual(['Upper', 'Target', 'Mean', 'Lower']);
    const ys = g.xmr.lineLabels.map((l) => l.y);
    expect(ys.every((y, i) => i === 0 || y - ys[i - 1] >= 13)).toBe(true);
    expect(g.run.lineLabels.map((l) => l.text)).toEqual(['Target 8', 'Median 5']);
  });
  it('draws one line segment set and one polyline per phase', () => {
    const values = [...rising.slice(0, 12), 20, 21, 19, 22, 20, 21, 19, 20, 22, 21];
    const g = build(values, { phaseStarts: [12] });
    expect(g.run.polylines).toHaveLength(2);
    expect(g.run.polylines[1].split(' ')).toHaveLength(10);
    const centres = g.xmr.lines.filter((l) => l.kind === 'centre');
    expect(centres).toHaveLength(2);
    expect(centres[0].x2).toBeCloseTo(centres[1].x1, 5);
  });
  it('thins the period labels to at most 12 and bounds a series of 1,000 points', () => {
    const values = Array.from({ length: 1000 }, (_, i) => 50 + ((i * 37) % 11));
    const g = build(values);
    expect(g.run.xLabels.length).toBeLessThanOrEqual(12);
    expect(g.run.xLabels[0].label).toBe('2027-01');
    expect(g.run.yTicks.length).toBeLessThanOrEqual(12);
    expect(g.xmr.markers).toHaveLength(1000);
  });
  it('thins long period labels so that they do not overlap', () => {
    const values = Array.from({ length: 24 }, (_, i) => 10 + (i % 3));
    const points = values.map((value, i) => ({ label: `${['January', 'September'][i % 2]} ${2025 + Math.floor(i / 12)}`, value }));
    const g = kpiChartGeometry({ points, run: runChart(values, { ruleSet: 'ihi' }), xmr: xmrChart(values, {}), cycles: [] });
    const xs = g.run.xLabels.map((l) => l.x);
    for (let i = 1; i < xs.length; i++) expect(xs[i]! - xs[i - 1]!).toBeGreaterThanOrEqual('September 2025'.length * 7);
  });
  it('shades the PDSA cycles over the points they cover, clamped to the series, with labels that alternate rows', () => {
    const g = build(rising, { cycles: [{ label: 'PDSA 1', fromIndex: 2, toIndex: 5 }, { label: 'PDSA 2', fromIndex: 6, toIndex: 40 }, { label: 'Later', fromIndex: 30, toIndex: 35 }] });
    expect(g.run.bands.map((b) => b.label)).toEqual(['PDSA 1', 'PDSA 2']);
    const slot = (g.run.plot.right - g.run.plot.left) / 18;
    expect(g.run.bands[0].width).toBeCloseTo(4 * slot, 0);
    expect(g.run.bands[1].x + g.run.bands[1].width).toBeCloseTo(g.run.plot.right, 0);
    expect(g.run.bands[0].labelY).not.toBe(g.run.bands[1].labelY);
  });
  it('produces only finite numbers for a constant series, a single point and no points', () => {
    for (const values of [Array(14).fill(7), [3], []]) {
      const g = build(values, { target: 7 });
      expect(allFinite(g)).toBe(true);
    }
    expect(build([]).run.markers).toEqual([]);
  });
});

describe('compactRunGeometry', () => {
  const rising = [5, 1, 9, 2, 8, 3, 7, 4, 5, 5, 6, 2, 6, 7, 6, 8, 6, 7];
  const compact = (values: number[], extra: { target?: number; phaseStarts?: number[]; cycles?: { label: string; fromIndex: number; toIndex: number }[] } = {}) =>
    compactRunGeometry({ points: series(values), run: runChart(values, { ruleSet: 'ihi', direction: 'up', phaseStarts: extra.phaseStarts }), target: extra.target, cycles: extra.cycles ?? [] });
  const numbers = (d: string) => [...d.matchAll(/-?\d+(\.\d+)?/g)].map((m) => m[0]);

  it('marks the same points as the full run chart, as one path of diamonds', () => {
    const g = compact(rising);
    const full = build(rising).run;
    expect(g.signalPoints).toEqual(full.markers.flatMap((m, i) => (m.inSignal ? [i] : [])));
    expect(g.signals.match(/M/g)).toHaveLength(g.signalPoints.length);
    expect(g.signals.match(/z/g)).toHaveLength(g.signalPoints.length);
  });
  it('draws the values as one path that starts again at each phase, with one median per phase', () => {
    const values = [...rising.slice(0, 12), 20, 21, 19, 22, 20, 21, 19, 20, 22, 21];
    const g = compact(values, { phaseStarts: [12] });
    expect(g.line.match(/M/g)).toHaveLength(2);
    expect(g.line.match(/L/g)).toHaveLength(values.length - 2);
    expect(g.centre.match(/M/g)).toHaveLength(2);
  });
  it('rounds every coordinate to one decimal and keeps the line inside the plot, higher values higher', () => {
    const g = compact(rising, { target: 8 });
    for (const d of [g.line, g.centre, g.signals]) for (const n of numbers(d)) expect(n).toMatch(/^-?\d+(\.\d)?$/);
    const points = [...g.line.matchAll(/[ML](-?[\d.]+),(-?[\d.]+)/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]) }));
    expect(points).toHaveLength(rising.length);
    for (const p of points) {
      expect(p.x).toBeGreaterThanOrEqual(g.plot.left);
      expect(p.x).toBeLessThanOrEqual(g.plot.right);
      expect(p.y).toBeGreaterThanOrEqual(g.plot.top);
      expect(p.y).toBeLessThanOrEqual(g.plot.bottom);
    }
    expect(points[2]!.y).toBeLessThan(points[1]!.y); // 9 above 1
    expect(g.target!.y).toBeGreaterThanOrEqual(g.plot.top);
    expect(g.yTicks.map((t) => t.label)).toEqual(['0', '10']);
    expect(g.xLabels.map((l) => l.label)).toEqual(['2027-01', '2027-18']);
  });
  it('is a few hundred bytes per 60 points, whatever the signals', () => {
    const values = Array.from({ length: 60 }, (_, i) => 40 + ((i * 7) % 9) + (i > 40 ? 8 : 0));
    const g = compact(values, { target: 60 });
    expect(g.line.length).toBeLessThan(60 * 14);
    expect(g.signals.length).toBeLessThan(60 * 26);
  });
  it('shades the cycles clamped to the series and produces only finite numbers for short or empty series', () => {
    expect(compact(rising, { cycles: [{ label: 'PDSA 1', fromIndex: 2, toIndex: 40 }, { label: 'Later', fromIndex: 30, toIndex: 35 }] }).bands.map((b) => b.label)).toEqual(['PDSA 1']);
    for (const values of [Array(14).fill(7), [3], []]) {
      const g = compact(values, { target: 7 });
      expect(allFinite({ ...g, line: 0, centre: 0, signals: 0, xLabels: g.xLabels.map((l) => l.x), yTicks: g.yTicks.map((t) => t.y) })).toBe(true);
      expect(g.line.includes('NaN') || g.centre.includes('NaN')).toBe(false);
    }
    expect(compact([]).line).toBe('');
  });
});
