import { describe, expect, it } from 'vitest';
import { decisionCounts, factorsByDomain, formatValue, headlineResults, headlineText, newestFirst, paragraphs, shownParts } from '../../src/lib/public/stories.ts';
import { makeStory } from '../support/story-fixtures.ts';

const story = makeStory('shared-care-platform');

describe('shownParts', () => {
  it('keeps the report’s order whatever order the parts were chosen in', () => {
    expect(shownParts({ ...story, parts: ['lessons', 'context', 'results'] })).toEqual(['context', 'results', 'lessons']);
  });

  it('leaves out a chosen part that holds nothing', () => {
    expect(shownParts({ ...story, parts: ['context', 'results', 'sustainability'], results: [], sustainability: {} })).toEqual(['context']);
  });
});

describe('decisionCounts', () => {
  it('counts kept, adapted and dropped core features', () => {
    expect(decisionCounts(story)).toEqual({ keep: 3, adapt: 1, drop: 1 });
  });

  it('counts nothing when the core features are not published', () => {
    expect(decisionCounts({ ...story, parts: ['context'] })).toBeUndefined();
  });
});

describe('headlineResults', () => {
  it('gives at most three results marked headline, and none when results are not published', () => {
    const many = { ...story, results: [...story.results, ...story.results].map((r) => ({ ...r, headline: true })) };
    expect(headlineResults(many)).toHaveLength(3);
    expect(headlineResults({ ...story, parts: ['context'] })).toEqual([]);
  });
});

describe('factorsByDomain', () => {
  it('groups barriers and facilitators under CFIR domains in the framework’s order, leaving out empty domains', () => {
    expect(factorsByDomain(story.factors).map((g) => g.domain)).toEqual(['outer-setting', 'inner-setting', 'process']);
    expect(factorsByDomain(story.factors)[1]).toMatchObject({ barriers: [expect.stringContaining('Staff turnover')], facilitators: ['A named coordinator in each municipality'] });
  });
});

describe('formatValue and headlineText', () => {
  it('formats numbers with their unit and says "not published" for values the report does not give', () => {
    expect(formatValue(1234.567, 'visits')).toBe('1,234.57 visits');
    expect(formatValue(undefined, '%')).toBeUndefined();
    expect(headlineText({ title: 'Plans', kind: 'indicator', unit: '%', target: 40, headline: true }, 'not published')).toBe('Plans: not published (baseline not published, target 40 %)');
  });
});

describe('newestFirst', () => {
  it('orders by publication, newest first', () => {
    const older = makeStory('shared-care-platform', { index: 1 });
    const newer = makeStory('shared-care-platform', { index: 5 });
    expect(newestFirst([older, newer]).map((s) => s.id)).toEqual([newer.id, older.id]);
  });
});

describe('paragraphs', () => {
  it('splits typed text on blank lines and joins wrapped lines', () => {
    expect(paragraphs('First line\nwraps here.\n\n  Second.\n')).toEqual(['First line wraps here.', 'Second.']);
    expect(paragraphs(undefined)).toEqual([]);
  });
});
