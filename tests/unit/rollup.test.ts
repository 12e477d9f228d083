import { describe, expect, it } from 'vitest';
import { rollUp, rollUpRecords } from '../../src/lib/server/monitoring/rollup.ts';
import { fieldLinkingTo, fieldWithRole, sectionKey, statusOptions } from '../../src/lib/server/templates/registry.ts';
import { realTemplates } from '../support/templates.ts';

const a = (id: string, objectiveIds: string[], progress?: number, state: 'open' | 'done' | 'cancelled' = 'open') => ({ id, objectiveIds, progress, done: state === 'done', cancelled: state === 'cancelled' });

describe('rollUp', () => {
  it('makes an objective’s progress the mean of its actions’, a done one counting 100 and a missing one 0', () => {
    const r = rollUp(['o1'], [a('x', ['o1'], 40), a('y', ['o1'], 20, 'done'), a('z', ['o1'])]);
    expect(r.objectives).toEqual([{ id: 'o1', progress: 47, actions: 3 }]);
  });
  it('leaves cancelled actions out of every mean and count', () => {
    const r = rollUp(['o1'], [a('x', ['o1'], 60), a('y', ['o1'], 0, 'cancelled')]);
    expect(r.objectives[0]).toEqual({ id: 'o1', progress: 60, actions: 1 });
    expect(r).toMatchObject({ progress: 60, done: 0, counted: 1 });
  });
  it('makes the transfer’s progress the mean of its objectives’, skipping objectives without actions', () => {
    const r = rollUp(['o1', 'o2', 'o3'], [a('x', ['o1'], 100), a('y', ['o2'], 0), a('z', ['o2'], 50)]);
    expect(r.objectives.map((o) => o.progress)).toEqual([100, 25, undefined]);
    expect(r.progress).toBe(63);
  });
  it('counts an action linked to two objectives in both', () => {
    const r = rollUp(['o1', 'o2'], [a('x', ['o1', 'o2'], 30)]);
    expect(r.objectives.map((o) => o.progress)).toEqual([30, 30]);
  });
  it('falls back to the mean of the actions when no objective has any', () => {
    expect(rollUp(['o1'], [a('x', [], 20), a('y', [], 80, 'done')])).toMatchObject({ progress: 60, done: 1, counted: 2 });
  });
  it('counts the actions linked to no objective (or to one that is gone) as one more child of the transfer', () => {
    const r = rollUp(['o1'], [a('x', ['o1'], 100), a('y', [], 0), a('z', ['deleted-objective'], 40)]);
    expect(r.objectives).toEqual([{ id: 'o1', progress: 100, actions: 1 }]);
    expect(r.progress).toBe(60);
  });
  it('has no progress when there is nothing to count', () => {
    expect(rollUp([], [])).toEqual({ progress: undefined, objectives: [], done: 0, counted: 0 });
  });
});

describe('rollUpRecords', () => {
  it('reads the link to objectives, the status and the progress of actions by role', () => {
    const registry = realTemplates();
    const actions = registry.requireSection('actions');
    const objectives = registry.requireSection('objectives');
    const link = fieldLinkingTo(actions.section, sectionKey(objectives.kind, objectives.section.id))!;
    const status = fieldWithRole(actions.section, 'status')!;
    const progress = fieldWithRole(actions.section, 'progress')!;
    const { open, done } = statusOptions(status);
    const entries = [
      { id: 'o1', template: objectives.kind, section: objectives.section.id, data: {} },
      { id: 'a1', template: actions.kind, section: actions.section.id, data: { [link.id]: ['o1'], [status.id]: open[0], [progress.id]: 30 } },
      { id: 'a2', template: actions.kind, section: actions.section.id, data: { [link.id]: ['o1'], [status.id]: done[0] } },
    ];
    expect(rollUpRecords(registry, entries, '2026-12-07')).toEqual({ progress: 65, objectives: [{ id: 'o1', progress: 65, actions: 2 }], done: 1, counted: 2 });
  });
});
