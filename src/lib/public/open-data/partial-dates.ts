/**
 * Dates at the precision the sources give, as ISO 8601 allows ("reduced precision": 2019-09 is September 2019,
 * 2024 is the year). The open data and the JSON-LD write a date no more precisely than it is known, so a visit
 * known only to the month is "2019-09", never an invented first day, and one no source dates has no date at all.
 */
import { isoDay } from '../dates.ts';

export type Precision = 'day' | 'month' | 'year';
/** How precisely content dates something (visits' `when`, programmes' `period`). */
export type SourcePrecision = 'day' | 'month' | 'half-year' | 'year' | 'not-published';

/** A date written to `precision`: YYYY-MM-DD, YYYY-MM or YYYY. */
export function partialDate(date: Date, precision: Precision): string {
  const day = isoDay(date);
  return precision === 'day' ? day : precision === 'month' ? day.slice(0, 7) : day.slice(0, 4);
}

/** The pattern every partial date in the open data matches. */
export const partialDatePattern = /^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$/;

const halfYearStart = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() < 6 ? 0 : 6, 1));
const halfYearEnd = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() < 6 ? 5 : 11, 1));

/**
 * A span's start and end for the open data. ISO 8601-1 cannot write a half-year, so a half-year is given by its
 * first month (start) and last month (end), the record's `precision` saying so. Nothing when no source dates it.
 */
export function spanAtPrecision(start: Date, end: Date | undefined, precision: SourcePrecision): { start: string | null; end: string | null } {
  if (precision === 'not-published') return { start: null, end: null };
  if (precision === 'half-year') return { start: partialDate(halfYearStart(start), 'month'), end: partialDate(halfYearEnd(end ?? start), 'month') };
  const first = partialDate(start, precision);
  const last = end ? partialDate(end, precision) : null;
  return { start: first, end: last && last !== first ? last : null };
}

/** The same span as schema.org dates: a half-year becomes its year (all that reduced precision can say of it). */
export function schemaOrgSpan(start: Date, end: Date | undefined, precision: SourcePrecision): { startDate?: string; endDate?: string } {
  if (precision === 'not-published') return {};
  const p: Precision = precision === 'half-year' ? 'year' : precision;
  const startDate = partialDate(start, p);
  const endDate = end ? partialDate(end, p) : undefined;
  return endDate && endDate !== startDate ? { startDate, endDate } : { startDate };
}
