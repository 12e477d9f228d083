/**
 * What one measurement of an indicator may be: its period (a day, a month or a quarter), a plain-decimal value
 * within the indicator's bounds, optionally the numerator and denominator it was computed from, a note and a data
 * source. The form and the CSV import check rows here, so both refuse the same things with the same words.
 */
import type { FieldErrors } from '../result.ts';
import { fieldWithRole, type Section } from '../templates/registry.ts';
import { calendarDay, earliestYear, entryLabel, latestYear, strictNumber, type EntryData } from '../transfers/entry-schema.ts';

export type Period = { period: string; periodStart: string; label: string };

const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
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
    return { period: t, periodStart: `${t}-01`, label: `${months[month - 1]} ${year}` };
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
const kindWords: Record<PeriodKind, string> = { day: 'days (2027-03-31)', month: 'months (2027-03)', quarter: 'quarters (2027-Q1)' };

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
  return `${kpiTitle} — its measurements are ${kindWords[seriesKind]}; this one is of ${kindWords[kind].split(' ')[0]}. Give every measurement of an indicator for the same kind of period.`;
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

const show = (n: number) => String(Math.round(n * 1e6) / 1e6);

/**
 * Checks one measurement against its indicator. Written by hand rather than as a zod schema: every message names
 * the indicator (a CSV holds many), the rules cross fields, and the import runs it on 20,000 rows.
 */
export function checkMeasurement(input: MeasurementInput, kpi: KpiRule): { ok: true; data: MeasurementValues } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const add = (key: string, message: string) => (errors[key] ??= []).push(`${kpi.title} — ${message}`);
  const periodText = text(input.period);
  const period = parsePeriod(periodText);
  if (!periodText) add('period', 'Period is required: a day (2027-03-31), a month (2027-03) or a quarter (2027-Q1).');
  else if (!period) add('period', `Period "${periodText.slice(0, 40)}": use a day (2027-03-31), a month (2027-03) or a quarter (2027-Q1), years ${earliestYear}–${latestYear}.`);

  const number = (key: 'value' | 'numerator' | 'denominator', label: string): number | undefined => {
    const raw = text(input[key]);
    if (!raw) return undefined;
    const n = strictNumber(raw) as number;
    if (Number.isNaN(n)) add(key, `${label} "${raw.slice(0, 40)}": enter a number in plain digits, such as 12 or 3.5 (a point, not a comma, for decimals).`);
    return Number.isNaN(n) ? Number.NaN : n;
  };
  let value = number('value', 'Value');
  const numerator = number('numerator', 'Numerator');
  const denominator = number('denominator', 'Denominator');
  const given = (n: number | undefined) => n !== undefined && !Number.isNaN(n);

  if ((numerator === undefined) !== (denominator === undefined)) add(numerator === undefined ? 'numerator' : 'denominator', 'Numerator and denominator go together: give both, or neither.');
  if (given(denominator) && denominator! <= 0) add('denominator', 'Denominator must be more than 0.');
  if (given(numerator) && numerator! < 0) add('numerator', 'Numerator cannot be negative.');
  const ratioOk = given(numerator) && given(denominator) && denominator! > 0 && numerator! >= 0;
  if (ratioOk) {
    const computed = (numerator! / denominator!) * (kpi.percent ? 100 : 1);
    if (value === undefined) value = computed;
    else if (given(value) && !agree(value, computed))
      add('value', `Value ${show(value)} does not match numerator ÷ denominator${kpi.percent ? ' × 100' : ''} = ${show(computed)} (they must agree within 1 %). Correct one of them, or leave the value empty to compute it.`);
  } else if (value === undefined && numerator === undefined && denominator === undefined) add('value', 'Value is required (or give a numerator and a denominator).');
  if (given(value)) {
    const unit = kpi.unit ? ` ${kpi.unit}` : '';
    if (kpi.min !== undefined && value! < kpi.min) add('value', `Value ${show(value!)} is below the lowest possible value, ${kpi.min}${unit}.`);
    if (kpi.max !== undefined && value! > kpi.max) add('value', `Value ${show(value!)} is above the highest possible value, ${kpi.max}${unit}.`);
  }
  const note = text(input.note);
  const dataSource = text(input.dataSource);
  if (note.length > noteLimit) add('note', `Note: at most ${noteLimit.toLocaleString('en')} characters (this one has ${note.length.toLocaleString('en')}).`);
  if (dataSource.length > dataSourceLimit) add('dataSource', `Data source: at most ${dataSourceLimit} characters (this one has ${dataSource.length}).`);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, data: { ...period!, value: value!, numerator: numerator ?? null, denominator: denominator ?? null, note, dataSource } };
}
