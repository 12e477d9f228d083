/**
 * Run chart rules for a KPI series, as pure functions: the centre line is the median of a phase's baseline, frozen
 * and extended to the phase's end, and the series is read against it by one of two rule sets.
 *
 * - 'ihi': Perla, Provost & Murray (2011), "The run chart: a simple analytical tool for learning from variation in
 *   healthcare processes", BMJ Qual Saf 20:46–51. Shift (6+ on one side), trend (5+ rising or falling), too few or
 *   too many runs.
 * - 'anhoej': Anhøj & Olesen (2014), "Run charts revisited: a simulation study of run chart rules for detection of
 *   non-random variation in health care processes", PLoS ONE 9(11): e113825. Unusually long run, too few crossings.
 */
import { currentLocale, formats, t } from '../../../i18n/index.ts';
import { pseudoLocale } from '../../../i18n/locales.ts';

export type RuleSet = 'ihi' | 'anhoej';
/** 'up' = a higher value is an improvement; undefined = the measure has no improvement direction set. */
export type Direction = 'up' | 'down' | undefined;
/** Neutral when the direction is unknown or the signal has no side (too few or too many runs, too few crossings). */
export type Reading = 'improvement' | 'concern' | 'neutral';
export type RunSignal = {
  rule: 'shift' | 'trend' | 'too-few-runs' | 'too-many-runs' | 'long-run' | 'few-crossings';
  /** Point indexes, inclusive (0-based; the text counts points from 1). */
  from: number;
  to: number;
  side?: 'above' | 'below';
  heading?: 'rising' | 'falling';
  reading: Reading;
  /** One plain-English sentence. */
  text: string;
};
/** Points start…end (inclusive) read against `centre`, the median of their first `baselineCount` points. */
export type RunPhase = { start: number; end: number; centre: number; baselineCount: number };
export type RunChart = { ruleSet: RuleSet; phases: RunPhase[]; signals: RunSignal[]; notes: string[] };

/** The rules need this many points in a phase (Perla et al. 2011: "at least 10"; Anhøj's table starts at 10). */
export const minimumPoints = 10;
const defaultBaseline = 12;

/** The median; of no values it is NaN (runChart never asks for it). */
export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** A value as the texts print it: at most two decimals, no trailing zeros. */
export function formatValue(value: number): string {
  return localNumber(Math.round(value * 100) / 100);
}

/**
 * A number as the reader's language writes it, without grouping (a decimal comma in Danish, German, Spanish…).
 * English and the pseudo-locale keep the plain digits the texts always had ("1234.5"), so English is unchanged.
 */
export function localNumber(value: number, digits = 2): string {
  const locale = currentLocale();
  if (locale === 'en' || locale === pseudoLocale.code) return String(value);
  return formats(locale).number(value, { maximumFractionDigits: digits, useGrouping: false });
}

/** Phases as [start, end] index pairs: the series cut at each valid, distinct rephase index. */
export function phaseBounds(length: number, phaseStarts: number[] = []): [number, number][] {
  if (length === 0) return [];
  const starts = [...new Set(phaseStarts.filter((s) => Number.isInteger(s) && s > 0 && s < length))].sort((a, b) => a - b);
  return [0, ...starts].map((start, i, all) => [start, (all[i + 1] ?? length) - 1]);
}

/** Improvement, concern or neutral for a signal with a side or heading, given the measure's direction. */
export function readingOf(direction: Direction, towards?: 'above' | 'below' | 'rising' | 'falling'): Reading {
  if (direction === undefined || towards === undefined) return 'neutral';
  const higher = towards === 'above' || towards === 'rising';
  return higher === (direction === 'up') ? 'improvement' : 'concern';
}

export const readingText = (reading: Reading, direction: Direction) =>
  reading === 'improvement' ? t('monitoring:signal.reading.improvement') : reading === 'concern' ? t('monitoring:signal.reading.concern') : direction === undefined ? t('monitoring:signal.reading.noDirection') : t('monitoring:signal.reading.neutral');

/** "points 7–13" in the texts, counting from 1. */
export const pointRange = (from: number, to: number) => (from === to ? t('monitoring:signal.point', { n: from + 1 }) : t('monitoring:signal.points', { from: from + 1, to: to + 1 }));

// --- Exact distributions, computed in logarithms so that 1,000 points neither overflow nor lose precision.
const logFactorials = [0];
const logFactorial = (n: number) => {
  for (let i = logFactorials.length; i <= n; i++) logFactorials.push(logFactorials[i - 1] + Math.log(i));
  return logFactorials[n];
};
const logChoose = (n: number, k: number) => (k < 0 || k > n ? Number.NEGATIVE_INFINITY : logFactorial(n) - logFactorial(k) - logFactorial(n - k));

/**
 * Limits of the runs test for n useful observations (points not on the median): fewer than `fewest` or more than
 * `most` runs is a signal. Computed from the exact distribution of the number of runs (Swed & Eisenhart 1943)
 * with the observations split as evenly as possible above and below the median, 2.5 % in each tail — the basis
 * of the table in Perla et al. (2011), which is indexed by n alone. The table's n = 10 row (3 and 9) is
 * reproduced by the test; we compute rather than copy so that series longer than 60 points are covered too.
 */
const runsCache = new Map<number, { fewest: number; most: number }>();
export function runsLimits(n: number): { fewest: number; most: number } {
  const cached = runsCache.get(n);
  if (cached) return cached;
  const n1 = Math.floor(n / 2);
  const n2 = n - n1;
  const total = logChoose(n, n1);
  // P(R = r): an even r = 2k has k runs of each kind; an odd r = 2k + 1 has k + 1 of one kind and k of the other.
  const p = (r: number) => {
    const k = Math.floor(r / 2);
    const ways = r % 2 === 0
      ? Math.log(2) + logChoose(n1 - 1, k - 1) + logChoose(n2 - 1, k - 1)
      : Math.log(Math.exp(logChoose(n1 - 1, k) + logChoose(n2 - 1, k - 1)) + Math.exp(logChoose(n1 - 1, k - 1) + logChoose(n2 - 1, k)));
    return Math.exp(ways - total);
  };
  let fewest = 2;
  for (let r = 2, below = 0; r <= n; r++) {
    below += p(r);
    if (below > 0.025) { fewest = r; break; }
  }
  let most = n;
  for (let r = n, above = 0; r >= 2; r--) {
    above += p(r);
    if (above > 0.025) { most = r; break; }
  }
  const limits = { fewest, most };
  runsCache.set(n, limits);
  return limits;
}

/**
 * Anhøj's critical values for n useful observations: a run longer than `longestRun` or fewer crossings than
 * `fewestCrossings` is a signal. longestRun = round(log2(n) + 3); fewestCrossings = the lower 5 % quantile of
 * Binomial(n − 1, 0.5), i.e. R's qbinom(0.05, n - 1, 0.5): the smallest c with P(X ≤ c) ≥ 0.05, summed exactly.
 */
export function anhoejLimits(n: number): { longestRun: number; fewestCrossings: number } {
  const trials = Math.max(0, n - 1);
  let cumulative = 0;
  let fewestCrossings = trials;
  for (let c = 0; c <= trials; c++) {
    cumulative += Math.exp(logChoose(trials, c) - trials * Math.LN2);
    // A hair below 0.05 still counts, as in R, so that rounding in the sum never moves a quantile.
    if (cumulative >= 0.05 * (1 - 64 * Number.EPSILON)) { fewestCrossings = c; break; }
  }
  return { longestRun: Math.round(Math.log2(Math.max(1, n)) + 3), fewestCrossings };
}

type Run = { side: 'above' | 'below'; from: number; to: number; length: number; onMedian: number };

/** Runs of useful observations: points on the median neither count nor break a run. */
function runsOf(values: number[], start: number, end: number, centre: number): Run[] {
  const runs: Run[] = [];
  let onMedian = 0;
  for (let i = start; i <= end; i++) {
    if (values[i] === centre) { onMedian++; continue; }
    const side = values[i] > centre ? 'above' : 'below';
    const last = runs.at(-1);
    if (last && last.side === side) {
      last.to = i;
      last.length++;
      last.onMedian += onMedian;
    } else {
      runs.push({ side, from: i, to: i, length: 1, onMedian: 0 });
    }
    onMedian = 0;
  }
  return runs;
}

type Trend = { heading: 'rising' | 'falling'; from: number; to: number; length: number };

/**
 * Rising or falling stretches, equal neighbours counted once (Perla et al.: "if the value of two or more successive
 * points is the same, ignore one of the points when counting"). A stretch runs from the last of its first equal
 * values, where the climb begins, to the first of its last ones, where it ends.
 */
function trendsOf(values: number[], start: number, end: number): Trend[] {
  const groups: { value: number; first: number; last: number }[] = [];
  for (let i = start; i <= end; i++) {
    const last = groups.at(-1);
    if (last && last.value === values[i]) last.last = i;
    else groups.push({ value: values[i], first: i, last: i });
  }
  const trends: Trend[] = [];
  let begin = 0;
  for (let g = 1; g <= groups.length; g++) {
    const heading = (a: number) => (groups[a].value > groups[a - 1].value ? 'rising' : 'falling');
    if (g === groups.length || (g > begin + 1 && heading(g) !== heading(g - 1))) {
      if (g - begin >= 2) trends.push({ heading: heading(begin + 1), from: groups[begin].last, to: groups[g - 1].first, length: g - begin });
      begin = g - 1; // the turning point ends one stretch and begins the next
    }
  }
  return trends;
}

export function runChart(
  values: number[],
  options: { ruleSet: RuleSet; direction?: Direction; baselineCount?: number; phaseStarts?: number[] },
): RunChart {
  const { ruleSet, direction } = options;
  const baseline = Math.max(1, Math.floor(options.baselineCount ?? defaultBaseline));
  const bounds = phaseBounds(values.length, options.phaseStarts);
  const phases: RunPhase[] = [];
  const signals: RunSignal[] = [];
  const notes: string[] = [];
  const several = bounds.length > 1;
  for (const [start, end] of bounds) {
    const baselineCount = Math.min(baseline, end - start + 1);
    const centre = median(values.slice(start, start + baselineCount));
    phases.push({ start, end, centre, baselineCount });
    const where = several ? t('monitoring:signal.phaseWhere', { range: pointRange(start, end) }) : '';
    if (end - start + 1 < minimumPoints) {
      notes.push(several ? t('monitoring:signal.fewPointsPhase', { where, min: minimumPoints }) : t('monitoring:signal.fewPoints', { min: minimumPoints }));
      continue;
    }
    const runs = runsOf(values, start, end, centre);
    const useful = runs.reduce((sum, r) => sum + r.length, 0);
    const side = (r: Run, limit = '') => {
      const reading = readingOf(direction, r.side);
      const skipped = r.onMedian > 0 ? t('monitoring:signal.skipped', { n: r.onMedian }) : '';
      const params = { length: r.length, skipped, limit, reading: readingText(reading, direction) };
      return { side: r.side, reading, detail: r.side === 'above' ? t('monitoring:signal.allAboveMedian', params) : t('monitoring:signal.allBelowMedian', params) };
    };
    if (ruleSet === 'ihi') {
      for (const r of runs.filter((r) => r.length >= 6)) {
        const s = side(r);
        signals.push({ rule: 'shift', from: r.from, to: r.to, side: s.side, reading: s.reading, text: t('monitoring:signal.shift', { range: pointRange(r.from, r.to), detail: s.detail }) });
      }
      for (const trend of trendsOf(values, start, end).filter((x) => x.length >= 5)) {
        const reading = readingOf(direction, trend.heading);
        const ties = trend.to - trend.from + 1 > trend.length ? t('monitoring:signal.ties') : '';
        const params = { range: pointRange(trend.from, trend.to), length: trend.length, ties, reading: readingText(reading, direction) };
        signals.push({ rule: 'trend', from: trend.from, to: trend.to, heading: trend.heading, reading, text: trend.heading === 'rising' ? t('monitoring:signal.trendRising', params) : t('monitoring:signal.trendFalling', params) });
      }
    }
    if (useful < minimumPoints) {
      notes.push(ruleSet === 'ihi' ? t('monitoring:signal.fewUsefulIhi', { where, useful }) : t('monitoring:signal.fewUsefulAnhoej', { where, useful }));
      continue;
    }
    if (ruleSet === 'ihi') {
      const { fewest, most } = runsLimits(useful);
      const count = t('monitoring:signal.runsCount', { runs: runs.length, useful });
      if (runs.length < fewest) signals.push({ rule: 'too-few-runs', from: start, to: end, reading: 'neutral', text: t('monitoring:signal.tooFewRuns', { where, count, fewest }) });
      if (runs.length > most) signals.push({ rule: 'too-many-runs', from: start, to: end, reading: 'neutral', text: t('monitoring:signal.tooManyRuns', { where, count, most }) });
    } else {
      const { longestRun, fewestCrossings } = anhoejLimits(useful);
      for (const r of runs.filter((r) => r.length > longestRun)) {
        const s = side(r, t('monitoring:signal.atMostExpected', { longest: longestRun }));
        signals.push({ rule: 'long-run', from: r.from, to: r.to, side: s.side, reading: s.reading, text: t('monitoring:signal.longRun', { range: pointRange(r.from, r.to), detail: s.detail }) });
      }
      const crossings = runs.length - 1;
      if (crossings < fewestCrossings) signals.push({ rule: 'few-crossings', from: start, to: end, reading: 'neutral', text: t('monitoring:signal.fewCrossings', { where, crossings, useful, fewest: fewestCrossings }) });
    }
  }
  signals.sort((a, b) => a.from - b.from || a.to - b.to);
  return { ruleSet, phases, signals, notes };
}
