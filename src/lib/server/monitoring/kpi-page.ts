/** What the indicator pages show besides the charts: the definition in words, and the latest value against the target. */
import { formatValue } from './run-chart.ts';
import type { Section } from '../templates/registry.ts';
import { displayValue, type EntryData } from '../transfers/entry-schema.ts';
import type { KpiSeries } from './kpi-series.ts';

/** The indicator's filled-in fields, label and text, in the template's order (links to other records left out). */
export function kpiDefinition(section: Section, data: EntryData): { label: string; value: string }[] {
  return section.fields.filter((f) => !f.linksTo && displayValue(data[f.id]) !== '').map((f) => ({ label: f.label, value: displayValue(data[f.id]) }));
}

/** "42 plans (March 2027); target 80": the latest measurement and where it stands against the target. */
export function latestAgainstTarget(series: Pick<KpiSeries, 'points' | 'unit' | 'target' | 'direction'>): string {
  const latest = series.points.at(-1);
  const unit = series.unit ? ` ${series.unit}` : '';
  if (!latest) return series.target === undefined ? 'No measurements yet.' : `No measurements yet; target ${formatValue(series.target)}${unit}.`;
  const now = `${formatValue(latest.value)}${unit} (${latest.label})`;
  if (series.target === undefined) return `Latest: ${now}; no target set.`;
  const met = series.direction === 'up' ? latest.value >= series.target : series.direction === 'down' ? latest.value <= series.target : latest.value === series.target;
  return `Latest: ${now}; target ${formatValue(series.target)}${unit}${series.direction ? (met ? ', reached' : ', not reached yet') : ''}.`;
}
