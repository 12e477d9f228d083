/** What the indicator pages show besides the charts: the definition in words, and the latest value against the target. */
import { t } from '../../../i18n/index.ts';
import { formatValue } from './run-chart.ts';
import { optionLabel } from '../templates/localize.ts';
import type { Section } from '../templates/registry.ts';
import { displayValue, type EntryData } from '../transfers/entry-schema.ts';
import type { KpiSeries } from './kpi-series.ts';

/** The indicator's filled-in fields, label and text, in the template's order (links to other records left out). */
export function kpiDefinition(section: Section, data: EntryData): { label: string; value: string; typed: boolean }[] {
  // A chosen option is stored as its English value and shown in the reader's language; `typed` marks what people
  // wrote (in the transfer's working language).
  return section.fields
    .filter((f) => !f.linksTo && displayValue(data[f.id]) !== '')
    .map((f) => (f.options && typeof data[f.id] === 'string' ? { label: f.label, value: optionLabel(f, data[f.id] as string), typed: false } : { label: f.label, value: displayValue(data[f.id]), typed: typeof data[f.id] === 'string' }));
}

/** "42 plans (March 2027); target 80": the latest measurement and where it stands against the target. */
export function latestAgainstTarget(series: Pick<KpiSeries, 'points' | 'unit' | 'target' | 'direction'>): string {
  const latest = series.points.at(-1);
  const unit = series.unit ? ` ${series.unit}` : '';
  if (!latest) return series.target === undefined ? t('monitoring:latest.none') : t('monitoring:latest.noneWithTarget', { target: `${formatValue(series.target)}${unit}` });
  const now = `${formatValue(latest.value)}${unit} (${latest.label})`;
  if (series.target === undefined) return t('monitoring:latest.noTarget', { now });
  const met = series.direction === 'up' ? latest.value >= series.target : series.direction === 'down' ? latest.value <= series.target : latest.value === series.target;
  const state = series.direction ? (met ? t('monitoring:latest.reached') : t('monitoring:latest.notReached')) : '';
  return t('monitoring:latest.withTarget', { now, target: `${formatValue(series.target)}${unit}`, state });
}
