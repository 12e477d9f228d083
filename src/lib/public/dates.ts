/**
 * Dates as the public site shows them, in the language being rendered (formats() in src/i18n). The sources often
 * give only a month or a half-year, and we say no more.
 */
import { formats, t } from '../../i18n/index.ts';
import type { Visit } from '../../schemas/visit';

export function formatDay(date: Date): string {
  return formats().day(date);
}

export function formatMonth(date: Date): string {
  return formats().month(date);
}

/** ISO date (YYYY-MM-DD) for `<time datetime>`. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Human wording of a visit's date at the precision the sources give. */
export function formatWhen(when: Visit['when']): string {
  if (when.precision === 'not-published') {
    const window = when.end ? `${formatMonth(when.start)} – ${formatMonth(when.end)}` : formatMonth(when.start);
    return t('site:dates.notPublished', { window });
  }
  if (when.precision === 'half-year') {
    const year = when.start.getUTCFullYear();
    return when.start.getUTCMonth() < 6 ? t('site:dates.firstHalf', { year }) : t('site:dates.secondHalf', { year });
  }
  if (when.precision === 'month') return t('site:dates.month', { month: formatMonth(when.start) });
  const times = when.startTime ? `, ${when.startTime}${when.endTime ? `–${when.endTime}` : ''}` : '';
  if (!when.end || isoDay(when.end) === isoDay(when.start)) return `${formatDay(when.start)}${times}`;
  return `${formatDay(when.start)} – ${formatDay(when.end)}`;
}

/**
 * The `<time datetime>` value at the precision the sources give: a day, a month ("2019-09") or a year ("2022")
 * for a half-year, and nothing when no source dates it, so machines read no more than people do.
 */
export function datetimeAtPrecision(when: Pick<Visit['when'], 'start' | 'precision'>): string | undefined {
  const iso = isoDay(when.start);
  if (when.precision === 'day') return iso;
  if (when.precision === 'month') return iso.slice(0, 7);
  if (when.precision === 'half-year') return iso.slice(0, 4);
  return undefined;
}

/**
 * The feed date of a visit: its day when a source gives the day, otherwise none. RSS needs a full date, and a
 * month or half-year would have to be turned into an invented day, so such items go out without `pubDate`.
 */
export function feedDateOf(when: Pick<Visit['when'], 'start' | 'precision'>): Date | undefined {
  return when.precision === 'day' ? when.start : undefined;
}

/** Upcoming while its last day has not passed, compared at build time (the site is rebuilt when content changes). */
export function isUpcoming(when: Visit['when'], now: Date): boolean {
  const last = when.end ?? when.start;
  return isoDay(last) >= isoDay(now);
}

/** A stored UTC timestamp as people read it in the workspace: "25 Nov 2026, 19:05 UTC". */
export function formatTimestamp(iso: string): string {
  return formats().dateTime(iso);
}
