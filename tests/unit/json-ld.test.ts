/** The JSON-LD builders and the open data's partial dates, without a build. */
import { describe, expect, it } from 'vitest';
import { eventDates, storyJsonLd } from '../../src/lib/public/json-ld.ts';
import { jsonLdText } from '../../src/lib/public/json-ld-text.ts';
import { partialDate, spanAtPrecision } from '../../src/lib/public/open-data/partial-dates.ts';
import { visitWhen } from '../../src/lib/public/open-data/records.ts';
import { validateJsonLd } from '../support/json-ld.ts';
import { makeStory } from '../support/story-fixtures.ts';

const site = new URL('https://portal.example/');
const story = makeStory('shared-care-platform');
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe('storyJsonLd', () => {
  it('describes a story as a valid Article about its practice, with a breadcrumb through the practice', () => {
    const graph = storyJsonLd(story, 'Shared Care Platform', site);
    expect(validateJsonLd({ '@context': 'https://schema.org', '@graph': graph })).toEqual([]);
    expect(graph[0]).toMatchObject({ '@type': 'Article', url: `https://portal.example/adoptions/${story.id}/`, about: { url: 'https://portal.example/practices/shared-care-platform/' } });
    expect((graph[1].itemListElement as { name: string }[]).map((i) => i.name)).toEqual(['Home', 'Good practices', 'Shared Care Platform', story.title]);
  });

  it('names no person: the only organisation is the adopting one', () => {
    const text = JSON.stringify(storyJsonLd(story, 'Shared Care Platform', site));
    expect(text).not.toContain('Person');
    expect(text).toContain(story.organisation.name);
  });
});

describe('jsonLdText', () => {
  it('escapes what could close the script element, and parses back to the same value', () => {
    const nodes = [{ '@type': 'Article', headline: '</script><script>alert(1)</script> & more' }];
    const text = jsonLdText(nodes);
    expect(text).not.toMatch(/[<>&]/);
    expect(JSON.parse(text)['@graph']).toEqual(nodes);
  });
});

describe('dates at their precision', () => {
  it('writes a day, a month or a year, never more', () => {
    expect(partialDate(day('2019-09-01'), 'day')).toBe('2019-09-01');
    expect(partialDate(day('2019-09-01'), 'month')).toBe('2019-09');
    expect(partialDate(day('2019-09-01'), 'year')).toBe('2019');
  });

  it('gives a span no source dates no dates at all, and a half-year as its first and last month', () => {
    expect(spanAtPrecision(day('2018-11-01'), day('2019-09-30'), 'not-published')).toEqual({ start: null, end: null });
    expect(spanAtPrecision(day('2022-07-01'), day('2024-06-30'), 'half-year')).toEqual({ start: '2022-07', end: '2024-06' });
    expect(spanAtPrecision(day('2020-12-01'), day('2023-12-31'), 'month')).toEqual({ start: '2020-12', end: '2023-12' });
  });

  it('gives an event known to the month as YYYY-MM, one known to the half-year as its year, one no source dates no date', () => {
    expect(eventDates({ start: day('2019-09-01'), precision: 'month', timeZone: 'Europe/Stockholm' })).toEqual({ startDate: '2019-09' });
    expect(eventDates({ start: day('2024-01-01'), end: day('2024-06-30'), precision: 'half-year', timeZone: 'Europe/Brussels' })).toEqual({ startDate: '2024' });
    expect(eventDates({ start: day('2022-05-11'), end: day('2022-05-12'), precision: 'day', timeZone: 'Europe/Copenhagen' })).toEqual({ startDate: '2022-05-11', endDate: '2022-05-12' });
    expect(eventDates({ start: day('2018-11-01'), end: day('2019-09-30'), precision: 'not-published', timeZone: 'Europe/Stockholm' })).toEqual({});
  });

  it('gives a half-year visit in the open data as its first and last month', () => {
    expect(visitWhen({ start: day('2023-07-01'), end: day('2023-12-31'), precision: 'half-year', timeZone: 'Europe/Madrid' })).toMatchObject({ start: '2023-07', end: '2023-12', precision: 'half-year', timeZone: null });
  });
});
