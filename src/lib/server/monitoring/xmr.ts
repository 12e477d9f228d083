/**
 * XmR (individuals and moving range) chart for a KPI series, as NHS England's "Making Data Count" describes it:
 * mean and limits from a baseline, four rules for special cause variation, and what the limits say about a target.
 */
import { t } from '../../../i18n/index.ts';
import { formatValue, phaseBounds, pointRange, readingOf, readingText, type Direction, type Reading } from './run-chart.ts';

export type XmrSignal = {
  rule: 'outside-limits' | 'run-of-seven' | 'trend-of-seven' | 'two-of-three';
  /** Point indexes, inclusive (0-based; the text counts points from 1). */
  from: number;
  to: number;
  side?: 'above' | 'below';
  heading?: 'rising' | 'falling';
  reading: Reading;
  text: string;
};
export type XmrPhase = {
  start: number;
  end: number;
  mean: number;
  /** Mean of the moving ranges within the baseline (0 when the baseline has a single point). */
  meanMovingRange: number;
  upper: number;
  lower: number;
  upperTwoSigma: number;
  lowerTwoSigma: number;
  baselineCount: number;
};
export type TargetAssessment = 'consistently-met' | 'consistently-missed' | 'inconsistent';
export type XmrChart = {
  phases: XmrPhase[];
  /** |x_i − x_{i−1}| per point; null for the first point of each phase. */
  movingRanges: (number | null)[];
  signals: XmrSignal[];
  target?: { value: number; assessment: TargetAssessment; text: string };
  warnings: string[];
};

/** 3 / d2 with d2 = 1.128 for ranges of two points, as Making Data Count rounds it. */
export const limitFactor = 2.66;
/** Two thirds of the way to the limits: 2 sigma of 3. */
export const twoSigmaFactor = (limitFactor * 2) / 3;
/** Fewer points than this make provisional limits (Making Data Count). */
export const provisionalBelow = 12;
const maxBaseline = 20;

const sideOf = (value: number, line: number) => (value > line ? 'above' : value < line ? 'below' : undefined);

export function xmrChart(values: number[], options: { direction?: Direction; target?: number; baselineCount?: number; phaseStarts?: number[] }): XmrChart {
  const { direction, target } = options;
  const bounds = phaseBounds(values.length, options.phaseStarts);
  const movingRanges: (number | null)[] = values.map((v, i) => (i === 0 || bounds.some(([start]) => start === i) ? null : Math.abs(v - values[i - 1])));
  const phases: XmrPhase[] = [];
  const signals: XmrSignal[] = [];
  const warnings: string[] = [];
  const several = bounds.length > 1;
  const push = (rule: XmrSignal['rule'], from: number, to: number, towards: 'above' | 'below' | 'rising' | 'falling', what: (range: string) => string) => {
    const reading = readingOf(direction, towards);
    const heading = towards === 'rising' || towards === 'falling' ? towards : undefined;
    const side = heading ? undefined : (towards as 'above' | 'below');
    const sentence = what(pointRange(from, to));
    const text = `${sentence[0].toUpperCase()}${sentence.slice(1)}${t('monitoring:signal.tail', { reading: readingText(reading, direction) })}`;
    signals.push({ rule, from, to, ...(side && { side }), ...(heading && { heading }), reading, text });
  };

  for (const [start, end] of bounds) {
    const length = end - start + 1;
    const baselineCount = Math.max(1, Math.min(Math.floor(options.baselineCount ?? maxBaseline), length));
    const base = values.slice(start, start + baselineCount);
    const mean = base.reduce((sum, v) => sum + v, 0) / base.length;
    const ranges = movingRanges.slice(start + 1, start + baselineCount) as number[];
    const meanMovingRange = ranges.length === 0 ? 0 : ranges.reduce((sum, r) => sum + r, 0) / ranges.length;
    const phase: XmrPhase = {
      start, end, mean, meanMovingRange, baselineCount,
      upper: mean + limitFactor * meanMovingRange,
      lower: mean - limitFactor * meanMovingRange,
      upperTwoSigma: mean + twoSigmaFactor * meanMovingRange,
      lowerTwoSigma: mean - twoSigmaFactor * meanMovingRange,
    };
    phases.push(phase);
    if (length < provisionalBelow) {
      warnings.push(several ? t('monitoring:signal.provisionalPhase', { range: pointRange(start, end), min: provisionalBelow }) : t('monitoring:signal.provisional', { min: provisionalBelow }));
    }

    // 1. A point outside the limits (strictly: a point on a limit is inside); neighbours on one side are grouped.
    for (let i = start; i <= end; ) {
      const side = values[i] > phase.upper ? 'above' : values[i] < phase.lower ? 'below' : undefined;
      let j = i;
      while (side && j + 1 <= end && (side === 'above' ? values[j + 1] > phase.upper : values[j + 1] < phase.lower)) j++;
      if (side) {
        const limit = formatValue(side === 'above' ? phase.upper : phase.lower);
        push('outside-limits', i, j, side, (range) => t(side === 'above' ? 'monitoring:signal.outsideAbove' : 'monitoring:signal.outsideBelow', { range, limit, count: j - i + 1 }));
      }
      i = j + 1;
    }

    // 2. Seven or more in a row on one side of the mean. A point exactly on the mean breaks the run: the NHS rule
    // asks for points "above or below" the mean, and a series of equal values then signals nothing.
    for (let i = start; i <= end; ) {
      const side = sideOf(values[i], mean);
      let j = i;
      while (side && j + 1 <= end && sideOf(values[j + 1], mean) === side) j++;
      if (side && j - i + 1 >= 7) push('run-of-seven', i, j, side, (range) => t(side === 'above' ? 'monitoring:signal.runAboveMean' : 'monitoring:signal.runBelowMean', { length: j - i + 1, range, mean: formatValue(mean) }));
      i = j + 1;
    }

    // 3. Seven or more in a row rising or falling. Unlike the IHI run chart, an equal neighbour breaks the trend:
    // Making Data Count counts points "all increasing or all decreasing", and a repeat is neither.
    for (let i = start; i < end; ) {
      const heading = values[i + 1] > values[i] ? 'rising' : values[i + 1] < values[i] ? 'falling' : undefined;
      let j = i + 1;
      while (heading && j + 1 <= end && (heading === 'rising' ? values[j + 1] > values[j] : values[j + 1] < values[j])) j++;
      if (heading && j - i + 1 >= 7) push('trend-of-seven', i, j, heading, (range) => t(heading === 'rising' ? 'monitoring:signal.trendOfSevenRising' : 'monitoring:signal.trendOfSevenFalling', { length: j - i + 1, range }));
      i = heading ? j : i + 1; // the turning point may begin the next trend
    }

    // 4. Two of three in a row beyond the same 2-sigma line. Strictly beyond: a point on the line does not count,
    // as for the limits. Points outside the limits count too; overlapping windows make one signal.
    if (meanMovingRange > 0) {
      for (const side of ['above', 'below'] as const) {
        const beyond = (i: number) => (side === 'above' ? values[i] > phase.upperTwoSigma : values[i] < phase.lowerTwoSigma);
        let open: [number, number] | undefined;
        const close = () => {
          const line = open && formatValue(side === 'above' ? phase.upperTwoSigma : phase.lowerTwoSigma);
          if (open) push('two-of-three', open[0], open[1], side, (range) => t(side === 'above' ? 'monitoring:signal.twoOfThreeAbove' : 'monitoring:signal.twoOfThreeBelow', { range, line }));
          open = undefined;
        };
        for (let i = start; i + 2 <= end; i++) {
          const hits = [i, i + 1, i + 2].filter(beyond);
          if (hits.length < 2) continue;
          const [from, to] = [hits[0], hits.at(-1)!];
          if (open && from <= open[1]) open[1] = Math.max(open[1], to);
          else { close(); open = [from, to]; }
        }
        close();
      }
    }
  }
  signals.sort((a, b) => a.from - b.from || a.to - b.to);
  const latest = phases.at(-1);
  return { phases, movingRanges, signals, ...(latest && target !== undefined && Number.isFinite(target) && { target: assessTarget(latest, target, direction) }), warnings };
}

/**
 * What the latest limits say about a target: a target beyond the limits on the good side is met every time the
 * process runs as now, beyond them on the bad side never, and between them only sometimes. Without a direction
 * the target is read as a minimum to reach, and the sentence says so.
 */
export function assessTarget(phase: XmrPhase, value: number, direction: Direction): { value: number; assessment: TargetAssessment; text: string } {
  const up = direction !== 'down';
  const assessment: TargetAssessment = up
    ? value <= phase.lower ? 'consistently-met' : value > phase.upper ? 'consistently-missed' : 'inconsistent'
    : value >= phase.upper ? 'consistently-met' : value < phase.lower ? 'consistently-missed' : 'inconsistent';
  const params = { target: formatValue(value), lower: formatValue(phase.lower), upper: formatValue(phase.upper) };
  const text =
    assessment === 'consistently-met' ? t('monitoring:signal.targetMet', params)
    : assessment === 'consistently-missed' ? t('monitoring:signal.targetMissed', params)
    : t('monitoring:signal.targetInconsistent', params);
  const assumed = direction === undefined && assessment !== 'inconsistent' ? t('monitoring:signal.targetAssumed') : '';
  return { value, assessment, text: text + assumed };
}
