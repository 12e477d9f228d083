/**
 * Dates at the precision the sources give, as ISO 8601 allows ("reduced precision": 2019-09 is September 2019,
 * 2024 is the year). The open data and the JSON-LD write a date no more precisely than it is known, so a visit
 * known only to the month is "2019-09", never an invented first day.
 */
import { isoDay } from '../dates.ts';

export type Precision = 'day' | 'month' | 'year';

/** A date written to `precision`: YYYY-MM-DD, YYYY-MM or YYYY. */
export function partialDate(date: Date, precision: Precision): string {
  const day = isoDay(date);
  return precision === 'day' ? day : precision === 'month' ? day.slice(0, 7) : day.slice(0, 4);
}

/** The pattern every partial date in the open data matches. */
export const partialDatePattern = /^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$/;

const monthName = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/**
 * How precisely a programme's start or end is known. Programme periods carry days only because the schema needs a
 * date; their `label` says what the sources give ("December 2020 – December 2023", "Second half of 2022 – …").
 * The month is published only when the label names it; otherwise the year alone.
 */
export function precisionInLabel(date: Date, label: string): Precision {
  return label.includes(monthName.format(date)) ? 'month' : 'year';
}
