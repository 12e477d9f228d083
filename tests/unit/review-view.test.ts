/** How the review page lists a version: template order, maturity dimensions by name, core features in the practice's order, "changes only". */
import { describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../src/lib/server/review/diff.ts';
import type { Snapshot, SnapshotEntry } from '../../src/lib/server/review/snapshot.ts';
import { changesOnly, groupItems, inFeatureOrder, readView } from '../../src/lib/server/review/stage-view.ts';
import { realTemplates } from '../support/templates.ts';

const registry = realTemplates();
const dimensions = registry.templates.get('maturity')!.dimensions!.map((d) => ({ id: d.id, name: d.name }));
const swot = (id: string, grouping: string, position: number, statement: string): SnapshotEntry => ({ id, template: 'swot', section: 'swot-item', grouping, position, data: { statement } });
const maturity = (id: string, grouping: string, note: string): SnapshotEntry => ({ id, template: 'maturity', section: 'assessment', grouping, position: 0, data: { score: 3, note } });
const snapshot = (entries: SnapshotEntry[]): Snapshot => ({ entries, featureChoices: [] });

// As takeSnapshot reads them: by template, section, grouping (alphabetical ids) and position.
const alphabetical = [
  ...[...dimensions].sort((a, b) => a.id.localeCompare(b.id)).map((d, i) => maturity(`m${i}`, d.id, `Justification for ${d.name}`)),
  swot('o1', 'opportunities', 0, 'Regional funding call'),
  swot('s2', 'strengths', 1, 'Second strength'),
  swot('s1', 'strengths', 0, 'First strength'),
  swot('t1', 'threats', 0, 'Staff shortage'),
  swot('w1', 'weaknesses', 0, 'No shared record'),
];

describe('groupItems', () => {
  const groups = groupItems(diffSnapshots(undefined, snapshot(alphabetical)), registry);

  it('lists the SWOT quadrants, then the maturity assessment, in the templates’ order, items by their position', () => {
    expect(groups.map((g) => g.heading)).toEqual(['SWOT analysis: Strengths', 'SWOT analysis: Weaknesses', 'SWOT analysis: Opportunities', 'SWOT analysis: Threats', 'Maturity self-assessment: Assessment']);
    expect(groups[0]!.items.map((i) => i.label)).toEqual(['First strength', 'Second strength']);
  });

  it('heads each maturity dimension by its name, in the model’s order, not by its justification', () => {
    const assessed = groups.at(-1)!.items;
    expect(assessed.map((i) => i.label)).toEqual(dimensions.map((d) => d.name));
    expect(assessed[0]!.label).toBe('Readiness to change');
    expect(assessed.map((i) => i.label)).not.toContainEqual(expect.stringMatching(/^Justification/));
  });
});

describe('inFeatureOrder', () => {
  it('puts core-feature decisions in the practice’s order, unknown ones last', () => {
    const features = [{ id: 'zeta-first' }, { id: 'alpha-second' }, { id: 'mid-third' }];
    const choices = [{ featureId: 'alpha-second' }, { featureId: 'gone' }, { featureId: 'mid-third' }, { featureId: 'zeta-first' }];
    expect(inFeatureOrder(choices, features).map((c) => c.featureId)).toEqual(['zeta-first', 'alpha-second', 'mid-third', 'gone']);
  });
});

describe('the changes-only view', () => {
  const before = snapshot([swot('s1', 'strengths', 0, 'Kept as it was'), swot('s2', 'strengths', 1, 'Reworded'), swot('w1', 'weaknesses', 0, 'Dropped'), swot('t1', 'threats', 0, 'Untouched, but asked about')]);
  const after = snapshot([swot('s1', 'strengths', 0, 'Kept as it was'), swot('s2', 'strengths', 1, 'Reworded a little'), swot('o1', 'opportunities', 0, 'New'), swot('t1', 'threats', 0, 'Untouched, but asked about')]);
  const items = diffSnapshots(before, after);

  it('keeps what was added, changed or removed, and unchanged items with a required change not yet accepted', () => {
    expect(changesOnly(items, new Set(['t1'])).map((i) => [i.entry.id, i.status])).toEqual([['s2', 'changed'], ['o1', 'added'], ['t1', 'unchanged'], ['w1', 'removed']]);
    expect(changesOnly(items, new Set()).map((i) => i.entry.id)).not.toContain('s1');
  });

  it('is asked for with ?view=changes; anything else is the whole version', () => {
    expect(readView(new URL('https://portal.example/x/?view=changes'))).toBe('changes');
    expect(readView(new URL('https://portal.example/x/?view=everything'))).toBe('all');
    expect(readView(new URL('https://portal.example/x/'))).toBe('all');
  });
});
