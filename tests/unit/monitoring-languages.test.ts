/**
 * The monitoring rules in the reader's language: a decimal comma is read where the language writes one (and only
 * there), values are printed as the language writes them, and the charts' sentences are translated — English
 * stays exactly as before.
 */
import { describe, expect, it } from 'vitest';
import { withLocale } from '../../src/i18n/index.ts';
import { checkMeasurement, parsePeriod, type KpiRule } from '../../src/lib/server/monitoring/measurement-schema.ts';
import { formatValue, runChart } from '../../src/lib/server/monitoring/run-chart.ts';
import { xmrChart } from '../../src/lib/server/monitoring/xmr.ts';

const kpi: KpiRule = { id: 'k', title: 'Readmissions', percent: false };

describe('measurements in the reader’s language', () => {
  it('reads "3,5" as 3.5 in German and Danish, and refuses it in English as before', () => {
    for (const locale of ['de', 'da']) {
      const checked = withLocale(locale, () => checkMeasurement({ period: '2027-03', value: '3,5' }, kpi));
      expect(checked).toMatchObject({ ok: true, data: { value: 3.5 } });
    }
    const english = withLocale('en', () => checkMeasurement({ period: '2027-03', value: '3,5' }, kpi));
    expect(english).toEqual({ ok: false, errors: { value: ['Readmissions — Value "3,5": enter a number in plain digits, such as 12 or 3.5 (a point, not a comma, for decimals).'] } });
    // A point is read everywhere, as before.
    expect(withLocale('de', () => checkMeasurement({ period: '2027-03', value: '3.5' }, kpi))).toMatchObject({ ok: true, data: { value: 3.5 } });
  });

  it('explains a refused value in the reader’s language', () => {
    const checked = withLocale('sv', () => checkMeasurement({ period: '2027-13', value: 'x' }, kpi));
    expect(checked.ok).toBe(false);
    const errors = !checked.ok ? checked.errors : {};
    expect(errors.period?.[0]).toMatch(/^Readmissions — Period "2027-13": använd en dag/);
    expect(errors.value?.[0]).toMatch(/^Readmissions — Värde "x": ange ett tal/);
  });

  it('prints values and months as the language writes them', () => {
    expect(withLocale('en', () => formatValue(1234.5))).toBe('1234.5');
    expect(withLocale('de', () => formatValue(1234.5))).toBe('1234,5');
    expect(withLocale('sv', () => formatValue(0.125))).toBe('0,13');
    expect(withLocale('en', () => parsePeriod('2027-03')?.label)).toBe('March 2027');
    expect(withLocale('da', () => parsePeriod('2027-03')?.label)).toBe('marts 2027');
  });

  it('writes the run and XmR charts’ signals in the reader’s language', () => {
    const values = [5, 6, 5, 6, 5, 6, 5, 6, 5, 6, 5, 6, 9, 9, 9, 9, 9, 9, 9];
    const english = runChart(values, { ruleSet: 'ihi', direction: 'up' });
    expect(english.signals[0]?.text).toBe('Shift: points 12–19 (8 points) are all above the median, an improvement.');
    const danish = withLocale('da', () => runChart(values, { ruleSet: 'ihi', direction: 'up' }));
    expect(danish.signals[0]?.text).toBe('Skift: punkt 12–19 (8 punkter) ligger alle over medianen, en forbedring.');
    const xmr = withLocale('es', () => xmrChart([10, 10.5, 10, 10.5, 10, 10.5, 10, 10.5, 10, 10.5, 10, 10.5, 30], { direction: 'down' }));
    expect(xmr.signals.find((s) => s.rule === 'outside-limits')?.text).toMatch(/^Punto 13 está por encima del límite superior \(\d+,\d+\), preocupante\.$/);
  });
});
