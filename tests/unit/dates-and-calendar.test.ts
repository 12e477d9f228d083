import { describe, expect, it } from 'vitest';
import { buildVisitCalendar, hasCalendar, zonedToUtc } from '../../src/lib/public/calendar';
import { datetimeAtPrecision, feedDateOf, formatWhen, isUpcoming } from '../../src/lib/public/dates';
import type { Visit } from '../../src/schemas/visit';

const day = (s: string) => new Date(`${s}T00:00:00Z`);
const visit = (when: Partial<Visit['when']>): Visit =>
  ({
    title: 'Online study visit',
    summary: 'A study visit held online by the Health Innovation Centre of Southern Denmark.',
    kind: 'study-visit',
    host: 'Health Innovation Centre of Southern Denmark',
    practices: [],
    when: { start: day('2022-05-11'), precision: 'day', timeZone: 'Europe/Copenhagen', ...when },
    format: 'online',
    learningObjectives: [],
    agenda: [],
    cases: [],
    materials: [],
    sources: [{ collection: 'sources', id: 'jadecare-health-innovation-centre' }],
  }) as Visit;

describe('formatWhen', () => {
  it('shows a day as a day', () => {
    expect(formatWhen(visit({}).when)).toBe('11 May 2022');
  });
  it('never invents a day when the sources give only a month or a half-year', () => {
    expect(formatWhen(visit({ precision: 'month', start: day('2019-09-01') }).when)).toBe('September 2019 (exact date not published)');
    expect(formatWhen(visit({ precision: 'half-year', start: day('2023-01-01'), end: day('2023-06-30') }).when)).toBe('first half of 2023 (exact date not published)');
  });
  it('says the date is not published when no source gives one, naming only the window the sources allow', () => {
    expect(formatWhen(visit({ precision: 'not-published', start: day('2018-11-01'), end: day('2019-09-30') }).when)).toBe('Date not published (within November 2018 – September 2019)');
  });
  it('shows a range of days', () => {
    expect(formatWhen(visit({ end: day('2022-05-12') }).when)).toBe('11 May 2022 – 12 May 2022');
  });
});

describe('datetimeAtPrecision', () => {
  it('gives machines no more than the sources give people: a day, a month, a year, or nothing', () => {
    expect(datetimeAtPrecision(visit({}).when)).toBe('2022-05-11');
    expect(datetimeAtPrecision(visit({ precision: 'month', start: day('2019-09-01') }).when)).toBe('2019-09');
    expect(datetimeAtPrecision(visit({ precision: 'half-year', start: day('2022-07-01') }).when)).toBe('2022');
    expect(datetimeAtPrecision(visit({ precision: 'not-published', start: day('2018-11-01') }).when)).toBeUndefined();
  });
});

describe('feedDateOf', () => {
  it('dates a feed item only when a source gives the day, never turning a month or half-year into one', () => {
    expect(feedDateOf(visit({}).when)?.toISOString()).toBe('2022-05-11T00:00:00.000Z');
    for (const precision of ['month', 'half-year', 'not-published'] as const) expect(feedDateOf(visit({ precision, start: day('2022-07-01') }).when)).toBeUndefined();
  });
});

describe('isUpcoming', () => {
  it('counts a visit as upcoming until its last day has passed', () => {
    const when = visit({ end: day('2022-05-12') }).when;
    expect(isUpcoming(when, new Date('2022-05-12T23:00:00Z'))).toBe(true);
    expect(isUpcoming(when, new Date('2022-05-13T00:00:00Z'))).toBe(false);
  });
});

describe('zonedToUtc', () => {
  it('converts Copenhagen wall time in summer and in winter', () => {
    expect(zonedToUtc(day('2022-05-11'), '09:00', 'Europe/Copenhagen').toISOString()).toBe('2022-05-11T07:00:00.000Z');
    expect(zonedToUtc(day('2022-12-01'), '09:00', 'Europe/Copenhagen').toISOString()).toBe('2022-12-01T08:00:00.000Z');
  });
});

describe('buildVisitCalendar', () => {
  it('writes an all-day event whose end is the day after the last day', () => {
    const ics = buildVisitCalendar('sd-visit', visit({}), 'http://localhost:4321/visits/sd-visit/');
    expect(ics).toMatch(/DTSTART;VALUE=DATE:20220511/);
    expect(ics).toMatch(/DTEND;VALUE=DATE:20220512/);
    expect(ics).toContain('UID:sd-visit@integrated-care-transfer-portal');
    expect(ics).toContain('SUMMARY:Online study visit');
  });
  it('writes a timed event in UTC when times are known', () => {
    const ics = buildVisitCalendar('timed', visit({ startTime: '09:00', endTime: '12:30' }), 'http://x/');
    expect(ics).toContain('DTSTART:20220511T070000Z');
    expect(ics).toContain('DTEND:20220511T103000Z');
  });
  it('refuses a visit whose exact date is unknown', () => {
    const undated = visit({ precision: 'half-year' });
    expect(hasCalendar(undated)).toBe(false);
    expect(() => buildVisitCalendar('undated', undated, 'http://x/')).toThrow(/no exact date/);
  });
});
