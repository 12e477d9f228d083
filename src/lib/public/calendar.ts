/**
 * iCalendar files for visits. Uses the `ics` package (RFC 5545 escaping and line folding are easy to get
 * wrong by hand). Only visits dated to the day get one: a calendar entry for an unknown date would be invented.
 */
import { createEvent, type DateArray } from 'ics';
import type { Visit } from '../../schemas/visit';

const parts = (d: Date): DateArray => [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];

/** The UTC instant of a wall-clock time in an IANA zone (two passes settle DST edges). */
export function zonedToUtc(day: Date, time: string, timeZone: string): Date {
  const [h, m] = time.split(':').map(Number);
  const wall = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), h, m);
  let guess = wall;
  for (let i = 0; i < 2; i++) {
    const shown = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
      .formatToParts(new Date(guess))
      .reduce<Record<string, string>>((acc, p) => ({ ...acc, [p.type]: p.value }), {});
    const shownUtc = Date.UTC(+shown.year, +shown.month - 1, +shown.day, +shown.hour, +shown.minute);
    guess += wall - shownUtc;
  }
  return new Date(guess);
}

export function hasCalendar(visit: Pick<Visit, 'when'>): boolean {
  return visit.when.precision === 'day';
}

export function buildVisitCalendar(id: string, visit: Visit, pageUrl: string): string {
  if (!hasCalendar(visit)) throw new Error(`Visit "${id}" has no exact date; it gets no calendar file`);
  const { when } = visit;
  const timed = when.startTime
    ? {
        start: zonedToUtc(when.start, when.startTime, when.timeZone).getTime(),
        end: zonedToUtc(when.end ?? when.start, when.endTime ?? when.startTime, when.timeZone).getTime() + (when.endTime ? 0 : 60 * 60 * 1000),
        startInputType: 'utc' as const,
        startOutputType: 'utc' as const,
      }
    : {
        // All-day: DTEND is exclusive, so the day after the last day.
        start: parts(when.start),
        end: parts(new Date((when.end ?? when.start).getTime() + 24 * 60 * 60 * 1000)),
      };
  const { error, value } = createEvent({
    ...timed,
    title: visit.title,
    description: `${visit.summary}\n\n${pageUrl}`,
    location: visit.location ?? (visit.format === 'online' ? 'Online' : undefined),
    url: pageUrl,
    uid: `${id}@integrated-care-transfer-portal`,
    organizer: { name: visit.host },
    productId: 'integrated-care-transfer-portal',
    calName: 'Study visits and events',
  });
  if (error || !value) throw new Error(`Could not build the calendar file for visit "${id}"`, { cause: error });
  return value;
}
