/**
 * Where an action stands on a given day, read from its fields by role (status, start, end, progress): finished,
 * dropped, late, or at risk of being late. Pure: the day is passed in (`today` from the clock, a fixed day in tests).
 */
import { t } from '../../../i18n/index.ts';
import { isoNow } from '../clock.ts';
import { calendarDay, type EntryData, type Section } from '../transfers/entry-schema.ts';
import { fieldWithRole, statusOptions } from '../templates/registry.ts';

/** The day it is ("YYYY-MM-DD", UTC) at `now`: the clock's time, cut to the day. */
export const today = (now = new Date()) => isoNow(now).slice(0, 10);

/** An action's facts, by role; missing ones stay undefined. */
export type ActionFacts = { title?: string; status?: string; start?: string; end?: string; progress?: number };

export type ActionStatus = {
  done: boolean;
  cancelled: boolean;
  /** Past its end day and still open. */
  overdue: boolean;
  /** Open, not overdue, but behind: see `atRiskRule`. */
  atRisk: boolean;
  /** What the flags mean, in words, for the page (empty when nothing is to be said). */
  words: string;
};

const day = 86_400_000;
/** An action ending within this many days with less than `nearEndProgress` percent done is at risk. */
export const nearEndDays = 30;
export const nearEndProgress = 50;
/** A started action more than this many points behind the share of its span already elapsed is at risk. */
export const behindPoints = 25;

/** Reads an action's facts from its record, by the roles of its section's fields. */
export function actionFacts(section: Section, data: EntryData): ActionFacts {
  const value = (role: 'title' | 'status' | 'start' | 'end') => {
    const f = fieldWithRole(section, role);
    const v = f ? data[f.id] : undefined;
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
  const progressField = fieldWithRole(section, 'progress');
  const p = progressField ? data[progressField.id] : undefined;
  return { title: value('title'), status: value('status'), start: value('start'), end: value('end'), progress: typeof p === 'number' ? p : undefined };
}

/**
 * The rule, in one place:
 * - done / cancelled: the status is one of the options the template gives that meaning;
 * - overdue: open (neither), with an end day before today;
 * - at risk: open and not overdue, and either it ends within the next 30 days (today included) with less than 50 %
 *   done, or it has started (start day on or before today) and its percent done is more than 25 points behind the
 *   share of its span (start to end, both days included) already elapsed. Missing progress counts as 0 %.
 */
export function actionStatus(section: Section, facts: ActionFacts, todayIso: string): ActionStatus {
  const statusField = fieldWithRole(section, 'status');
  const meaning = statusField ? statusOptions(statusField) : { open: [], done: [], cancelled: [] };
  const done = !!facts.status && meaning.done.includes(facts.status);
  const cancelled = !!facts.status && meaning.cancelled.includes(facts.status);
  const now = calendarDay(todayIso);
  const start = calendarDay(facts.start);
  const end = calendarDay(facts.end);
  const open = !done && !cancelled;
  const progress = Math.min(100, Math.max(0, facts.progress ?? 0));
  const overdue = open && now !== undefined && end !== undefined && end < now;
  let atRisk = false;
  let why = '';
  if (open && !overdue && now !== undefined) {
    const daysLeft = end !== undefined ? Math.round((end - now) / day) : undefined;
    if (daysLeft !== undefined && daysLeft <= nearEndDays && progress < nearEndProgress) {
      atRisk = true;
      why = daysLeft === 0 ? t('monitoring:status.endsToday', { progress }) : t('monitoring:status.endsIn', { count: daysLeft, progress });
    } else if (start !== undefined && end !== undefined && start <= now && end >= start) {
      const elapsed = Math.round((100 * ((now - start) / day + 1)) / ((end - start) / day + 1));
      if (progress < elapsed - behindPoints) {
        atRisk = true;
        why = t('monitoring:status.behind', { progress, elapsed });
      }
    }
  }
  const words = done ? t('monitoring:status.done') : cancelled ? t('monitoring:status.cancelled') : overdue ? t('monitoring:status.overdueSince', { end: facts.end }) : atRisk ? t('monitoring:status.atRiskWhy', { why }) : '';
  return { done, cancelled, overdue, atRisk, words };
}
