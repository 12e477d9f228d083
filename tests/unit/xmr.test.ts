import { describe, expect, it } from 'vitest';
import { assessTarget, limitFactor, twoSigmaFactor, xmrChart } from '../../src/lib/server/monitoring/xmr.ts';

// A stable series of 12: 10 12 11 13 12 10 11 12 13 11 12 11. Sum 138 → mean 11.5.
// Moving ranges: 2 1 2 1 2 1 1 1 2 1 1 → sum 15 over 11 → mean MR 15/11 = 1.3636…
// Limits (NHS England "Making Data Count": mean ± 2.66 × mean MR): 11.5 ± 3.6273 → 7.873 and 15.127.
const stable = [10, 12, 11, 13, 12, 10, 11, 12, 13, 11, 12, 11];
const mr = 15 / 11;

describe('xmrChart', () => {
  it('computes the mean, the moving ranges and the limits with the 2.66 constant of Making Data Count', () => {
    const chart = xmrChart(stable, { direction: 'up' });
    expect(limitFactor).toBe(2.66);
    expect(twoSigmaFactor).toBeCloseTo(1.7733, 4);
    const [phase] = chart.phases;
    expect(phase.mean).toBe(11.5);
    expect(phase.meanMovingRange).toBeCloseTo(mr, 10);
    expect(phase.upper).toBeCloseTo(11.5 + 2.66 * mr, 10);
    expect(phase.lower).toBeCloseTo(11.5 - 2.66 * mr, 10);
    expect(phase.upperTwoSigma).toBeCloseTo(11.5 + 1.7733 * mr, 3);
    expect(chart.movingRanges).toEqual([null, 2, 1, 2, 1, 2, 1, 1, 1, 2, 1, 1]);
    expect(chart.signals).toEqual([]);
    expect(chart.warnings).toEqual([]);
  });
  it('finds a point above the upper limit and reads it by the direction', () => {
    // 16 > 15.127 (the limits of the stable baseline, which is the first 12 points when baselineCount is 12).
    const series = [...stable, 16];
    const up = xmrChart(series, { direction: 'up', baselineCount: 12 });
    expect(up.signals).toEqual([
      { rule: 'outside-limits', from: 12, to: 12, side: 'above', reading: 'improvement', text: 'Point 13 is above the upper limit (15.13), an improvement.' },
    ]);
    expect(xmrChart(series, { direction: 'down', baselineCount: 12 }).signals[0].reading).toBe('concern');
    expect(xmrChart(series, { baselineCount: 12 }).signals[0].reading).toBe('neutral');
  });
  it('finds seven points in a row on one side of the mean, and not six', () => {
    // After the baseline (mean 11.5): 12 12.5 12 13 12 12.5 12 → seven above; with an 11 as the seventh, six.
    const seven = xmrChart([...stable, 12, 12.5, 12, 13, 12, 12.5, 12], { direction: 'down', baselineCount: 12 });
    expect(seven.signals.filter((s) => s.rule === 'run-of-seven')).toEqual([
      expect.objectContaining({ from: 12, to: 18, side: 'above', reading: 'concern', text: 'Run of 7 points: points 13–19 are all above the mean (11.5), a concern.' }),
    ]);
    const six = xmrChart([...stable, 12, 12.5, 12, 13, 12, 12.5, 11], { direction: 'down', baselineCount: 12 });
    expect(six.signals.filter((s) => s.rule === 'run-of-seven')).toEqual([]);
  });
  it('lets a point exactly on the mean break a run', () => {
    const broken = xmrChart([...stable, 12, 12.5, 12, 11.5, 13, 12, 12.5, 12], { baselineCount: 12 });
    expect(broken.signals.filter((s) => s.rule === 'run-of-seven')).toEqual([]);
  });
  it('finds seven points in a row rising, and counts a repeated value as a break', () => {
    // 10 10.5 11 11.5 12 12.5 13: seven rising (six rises), inside the limits (7.87…15.13).
    const rising = xmrChart([...stable, 10, 10.5, 11, 11.5, 12, 12.5, 13], { direction: 'up', baselineCount: 12 });
    expect(rising.signals.filter((s) => s.rule === 'trend-of-seven')).toEqual([
      expect.objectContaining({ from: 12, to: 18, heading: 'rising', reading: 'improvement' }),
    ]);
    const tied = xmrChart([...stable, 10, 10.5, 11, 11, 11.5, 12, 12.5], { direction: 'up', baselineCount: 12 });
    expect(tied.signals.filter((s) => s.rule === 'trend-of-seven')).toEqual([]);
  });
  it('finds two of three points beyond the same 2-sigma line, and not one', () => {
    // Upper 2-sigma line: 11.5 + 1.7733 × 1.3636 = 13.918; limit 15.127. 14.5 12 14.5 → two of three beyond.
    const two = xmrChart([...stable, 14.5, 12, 14.5], { direction: 'down', baselineCount: 12 });
    expect(two.signals).toEqual([
      expect.objectContaining({ rule: 'two-of-three', from: 12, to: 14, side: 'above', reading: 'concern' }),
    ]);
    const one = xmrChart([...stable, 14.5, 12, 12], { direction: 'down', baselineCount: 12 });
    expect(one.signals).toEqual([]);
    // On the other side it does not combine: 14.5 then 8.5 are beyond different lines.
    expect(xmrChart([...stable, 14.5, 8.5, 12], { baselineCount: 12 }).signals).toEqual([]);
  });
  it('warns that the limits are provisional below 12 points', () => {
    expect(xmrChart(stable.slice(0, 11), {}).warnings).toEqual(['Fewer than 12 points: the limits are provisional.']);
    expect(xmrChart(stable, {}).warnings).toEqual([]);
  });
  it('uses at most the first 20 points of a phase as its baseline unless told otherwise', () => {
    const long = [...stable, ...stable, 40, 40];
    expect(xmrChart(long, {}).phases[0].baselineCount).toBe(20);
    expect(xmrChart(stable, {}).phases[0].baselineCount).toBe(12);
  });
  it('starts a new phase with its own mean and limits, and no moving range across the change', () => {
    // Phase 2 from point 13: 20 22 21 23 22 20 21 22 23 21 22 21 (the stable series + 10): mean 21.5.
    const series = [...stable, ...stable.map((v) => v + 10)];
    const chart = xmrChart(series, { direction: 'up', phaseStarts: [12] });
    expect(chart.phases.map((p) => [p.start, p.end, p.mean])).toEqual([[0, 11, 11.5], [12, 23, 21.5]]);
    expect(chart.phases[1].meanMovingRange).toBeCloseTo(mr, 10);
    expect(chart.movingRanges[12]).toBeNull();
    expect(chart.signals).toEqual([]);
    // Without the rephase, the same step is special cause variation against the old limits.
    expect(xmrChart(series, { direction: 'up', baselineCount: 12 }).signals.some((s) => s.rule === 'outside-limits' && s.reading === 'improvement')).toBe(true);
  });
  it('handles a series whose values are all equal without dividing by zero or producing NaN', () => {
    const chart = xmrChart(Array(14).fill(7), { direction: 'up', target: 7 });
    expect(chart.phases[0]).toMatchObject({ mean: 7, meanMovingRange: 0, upper: 7, lower: 7, upperTwoSigma: 7, lowerTwoSigma: 7 });
    expect(chart.signals).toEqual([]);
    expect(JSON.stringify(chart)).not.toContain('NaN');
    expect(Object.values(chart.phases[0]).every(Number.isFinite)).toBe(true);
    // A target equal to a process that never varies is met every time.
    expect(chart.target?.assessment).toBe('consistently-met');
    expect(xmrChart([5], {})).toMatchObject({ phases: [{ mean: 5, meanMovingRange: 0, upper: 5, lower: 5 }], movingRanges: [null], signals: [] });
    expect(xmrChart([], { target: 3 })).toEqual({ phases: [], movingRanges: [], signals: [], warnings: [] });
  });
  it('assesses the target against the latest limits', () => {
    // Limits 7.873…15.127 (see the top of this file).
    expect(xmrChart(stable, { direction: 'up', target: 7 }).target).toMatchObject({ value: 7, assessment: 'consistently-met' });
    expect(xmrChart(stable, { direction: 'up', target: 16 }).target?.assessment).toBe('consistently-missed');
    const inside = xmrChart(stable, { direction: 'up', target: 12 }).target;
    expect(inside?.assessment).toBe('inconsistent');
    expect(inside?.text).toBe('The target of 12 lies inside the limits (7.87 to 15.13): the process will meet it only some of the time (hit and miss).');
  });
});

describe('assessTarget', () => {
  const phase = { start: 0, end: 11, mean: 11.5, meanMovingRange: 1, upper: 14.16, lower: 8.84, upperTwoSigma: 13.27, lowerTwoSigma: 9.73, baselineCount: 12 };
  it('mirrors met and missed when lower is better', () => {
    expect(assessTarget(phase, 15, 'down').assessment).toBe('consistently-met');
    expect(assessTarget(phase, 8, 'down').assessment).toBe('consistently-missed');
    expect(assessTarget(phase, 10, 'down').assessment).toBe('inconsistent');
  });
  it('treats a target on a limit as met on the good side', () => {
    expect(assessTarget(phase, 8.84, 'up').assessment).toBe('consistently-met');
    expect(assessTarget(phase, 14.16, 'down').assessment).toBe('consistently-met');
  });
  it('calls a target inside the limits inconsistent without a direction, and reads one outside as a minimum, saying so', () => {
    expect(assessTarget(phase, 12, undefined).assessment).toBe('inconsistent');
    const below = assessTarget(phase, 5, undefined);
    expect(below.assessment).toBe('consistently-met');
    expect(below.text).toContain('No improvement direction is set, so the target is read as a minimum to reach.');
    expect(assessTarget(phase, 20, undefined).assessment).toBe('consistently-missed');
  });
});
