/**
 * What one measurement of an indicator may be: its period (a day, a month or a quarter), a plain-decimal value
 * within the indicator's bounds, optionally the numerator and denominator it was computed from, a note and a data
 * source. The form and the CSV import check rows here, so both refuse the same things with the same words.
 */
import { currentLocale, formats, t } from '../../../i18n/index.ts';
import type { FieldErrors } from '../result.ts';
import { localNumber } from './run-chart.ts';
import { fieldWithRole, type Section } from '../templates/registry.ts';
import { calendarDay, earliestYear, entryLabel, latestYear, strictNumber, type EntryData } from '../transfers/entry-schema.ts';

export type Period = { period: string; periodStart: string; label: string };

const inYears = (year: number) => year >= earliestYear && year <= latestYear;

/**
 * A period as people write it: "2027-03-31" (a day), "2027-03" (a month) or "2027-Q1" (a quarter), years
 * earliestYear–latestYear; with its first day, so periods of any kind sort together. Undefined for anything else.
 */
export function parsePeriod(text: string): Period | undefined {
  const t = text.trim();
  if (calendarDay(t) !== undefined) return { period: t, periodStart: t, label: t };
  let m = /^(\d{4})-(\d{2})$/.exec(t);
  if (m) {
    const [year, month] = [Number(m[1]), Number(m[2])];
    if (!inYears(year) || month < 1 || month > 12) return undefined;
    // "March 2027" in English; the month as the reader's language writes it.
    return { period: t, periodStart: `${t}-01`, label: formats().month(`${t}-01`) };
  }
  m = /^(\d{4})-[Qq]([1-4])$/.exec(t);
  if (m) {
    const [year, quarter] = [Number(m[1]), Number(m[2])];
    if (!inYears(year)) return undefined;
    return { period: `${year}-Q${quarter}`, periodStart: `${year}-${String(quarter * 3 - 2).padStart(2, '0')}-01`, label: `Q${quarter} ${year}` };
  }
  return undefined;
}

export type PeriodKind = 'day' | 'month' | 'quarter';

/** Whether a stored period is a day, a month or a quarter (from its shape, as `parsePeriod` stores it). */
export const periodKind = (period: string): PeriodKind => (/-Q[1-4]$/.test(period) ? 'quarter' : period.length === 7 ? 'month' : 'day');

/**
 * Why a period cannot join an indicator's series, if it cannot: one series counts one kind of period, because
 * March 2027 and 2027-03-31 would be charted as two consecutive points that overlap, and the chart rules read every
 * point as a period of its own.
 */
export function mixedPeriodProblem(kpiTitle: string, period: string, seriesKind: PeriodKind | undefined): string | undefined {
  const kind = periodKind(period);
  if (!seriesKind || seriesKind === kind) return undefined;
  return `${kpiTitle} — ${t('monitoring:measurement.mixedPeriods', { series: t(`monitoring:measurement.kind.${seriesKind}`), kind: t(`monitoring:measurement.kindShort.${kind}`) })}`;
}

/** A unit that means the value is a percentage: its default bounds are 0–100 and a ratio is shown × 100. */
export const isPercentUnit = (unit: string | undefined) => /^\s*(%|percent|percentage)\s*$/i.test(unit ?? '');

/** What the checks need to know of an indicator, read from its record by field role. */
export type KpiRule = { id: string; title: string; unit?: string; percent: boolean; min?: number; max?: number };

const numberOf = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * The rule of an indicator record. A percentage with no bound given on a side is bounded 0 (below) or 100 (above)
 * on that side: an indicator that says only "at least 50 %" still cannot exceed 100 %.
 */
export function kpiRule(section: Section, record: { id: string; data: EntryData }): KpiRule {
  const field = (role: Parameters<typeof fieldWithRole>[1]) => fieldWithRole(section, role);
  const unitField = field('unit');
  const unit = unitField ? String(record.data[unitField.id] ?? '').trim() || undefined : undefined;
  const percent = isPercentUnit(unit);
  const minField = field('minimum');
  const maxField = field('maximum');
  const min = numberOf(minField && record.data[minField.id]) ?? (percent ? 0 : undefined);
  const max = numberOf(maxField && record.data[maxField.id]) ?? (percent ? 100 : undefined);
  return { id: record.id, title: entryLabel(section, record.data), unit, percent, min, max };
}

export const noteLimit = 2000;
export const dataSourceLimit = 300;

/** A checked measurement, as stored. */
export type MeasurementValues = Period & { value: number; numerator: number | null; denominator: number | null; note: string; dataSource: string };

/** What a form or a CSV row gives: text, or nothing. */
export type MeasurementInput = { period?: unknown; value?: unknown; numerator?: unknown; denominator?: unknown; note?: unknown; dataSource?: unknown };

const text = (v: unknown) => (v === undefined || v === null ? '' : String(v).trim());

/** Two readings agree when they differ by at most 1 % of the computed one (rounding in a spreadsheet). */
const agree = (given: number, computed: number) => Math.abs(given - computed) <= Math.max(Math.abs(computed) * 0.01, 1e-9);

const show = (n: number) => localNumber(Math.round(n * 1e6) / 1e6, 6);

/** Languages that write a decimal comma (Danish, German…): there "3,5" is three and a half too. */
const decimalComma = () => formats().number(1.5).includes(',');
/** "3,5" read as 3.5 where the reader writes a decimal comma; only digits, a comma, digits ("1,000" too, as 1). */
const commaDecimal = (raw: string) => (/^[+-]?\d+,\d+$/.test(raw) && currentLocale() !== 'en' && decimalComma() ? strictNumber(raw.replace(',', '.')) as number : Number.NaN);

/**
 * Checks one measurement against its indicator. Written by hand rather than as a zod schema: every message names
 * the indicator (a CSV holds many), the rules cross fields, and the import runs it on 20,000 rows.
 */
export function checkMeasurement(input: MeasurementInput, kpi: KpiRule): { ok: true; data: MeasurementValues } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const add = (key: string, message: string) => (errors[key] ??= []).push(`${kpi.title} — ${message}`);
  const periodText = text(input.period);
  const period = parsePeriod(periodText);
  if (!periodText) add('period', t('monitoring:measurement.periodRequired'));
  else if (!period) add('period', t('monitoring:measurement.periodInvalid', { text: periodText.slice(0, 40), from: earliestYear, to: latestYear }));

  const number = (key: 'value' | 'numerator' | 'denominator', label: string): number | undefined => {
    const raw = text(input[key]);
    if (!raw) return undefined;
    let n = strictNumber(raw) as number;
    if (Number.isNaN(n)) n = commaDecimal(raw);
    if (Number.isNaN(n)) add(key, t('monitoring:measurement.notANumber', { label, raw: raw.slice(0, 40) }));
    return Number.isNaN(n) ? Number.NaN : n;
  };
  let value = number('value', t('monitoring:measurement.value'));
  const numerator = number('numerator', t('monitoring:measurement.numerator'));
  const denominator = number('denominator', t('monitoring:measurement.denominator'));
  const given = (n: number | undefined) => n !== undefined && !Number.isNaN(n);

  if ((numerator === undefined) !== (denominator === undefined)) add(numerator === undefined ? 'numerator' : 'denominator', t('monitoring:measurement.together'));
  if (given(denominator) && denominator! <= 0) add('denominator', t('monitoring:measurement.denominatorPositive'));
  if (given(numerator) && numerator! < 0) add('numerator', t('monitoring:measurement.numeratorNegative'));
  const ratioOk = given(numerator) && given(denominator) && denominator! > 0 && numerator! >= 0;
  if (ratioOk) {
    const computed = (numerator! / denominator!) * (kpi.percent ? 100 : 1);
    if (value === undefined) value = computed;
    else if (given(value) && !agree(value, computed))
      add('value', t('monitoring:measurement.mismatch', { value: show(value), times: kpi.percent ? ' × 100' : '', computed: show(computed) }));
  } else if (value === undefined && numerator === undefined && denominator === undefined) add('value', t('monitoring:measurement.valueRequired'));
  if (given(value)) {
    const unit = kpi.unit ? ` ${kpi.unit}` : '';
    if (kpi.min !== undefined && value! < kpi.min) add('value', t('monitoring:measurement.belowMin', { value: show(value!), min: `${localNumber(kpi.min, 6)}${unit}` }));
    if (kpi.max !== undefined && value! > kpi.max) add('value', t('monitoring:measurement.aboveMax', { value: show(value!), max: `${localNumber(kpi.max, 6)}${unit}` }));
  }
  const note = text(input.note);
  const dataSource = text(input.dataSource);
  if (note.length > noteLimit) add('note', t('monitoring:measurement.noteTooLong', { max: formats().number(noteLimit), length: formats().number(note.length) }));
  if (dataSource.length > dataSourceLimit) add('dataSource', t('monitoring:measurement.dataSourceTooLong', { max: dataSourceLimit, length: dataSource.length }));
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, data: { ...period!, value: value!, numerator: numerator ?? null, denominator: denominator ?? null, note, dataSource } };
}
