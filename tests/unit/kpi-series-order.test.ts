import { describe, expect, it } from 'vitest';
import { seriesByKpi, type MeasurementRow } from '../../src/lib/server/monitoring/kpi-series.ts';

describe('seriesByKpi', () => {
  it('keeps the rows in the order read, one series per indicator', () => {
    const rows: MeasurementRow[] = [
      ['a', '2027-01', 1, '2027-01-01'],
      ['a', '2027-02', 2, '2027-02-01'],
      ['b', '2027-Q1', 5, '2027-01-01'],
    ];
    expect(Object.fromEntries(seriesByKpi(rows))).toEqual({ a: { periods: ['2027-01', '2027-02'], values: [1, 2] }, b: { periods: ['2027-Q1'], values: [5] } });
  });
  it('orders periods that start on the same day by their text, as a sort by start day then period would', () => {
    const rows: MeasurementRow[] = [
      ['a', '2026-12', 0, '2026-12-01'],
      ['a', '2027-Q1', 3, '2027-01-01'],
      ['a', '2027-01-01', 2, '2027-01-01'],
      ['a', '2027-01', 1, '2027-01-01'],
      ['a', '2027-02', 4, '2027-02-01'],
    ];
    expect(seriesByKpi(rows).get('a')).toEqual({ periods: ['2026-12', '2027-01', '2027-01-01', '2027-Q1', '2027-02'], values: [0, 1, 2, 3, 4] });
  });
});
