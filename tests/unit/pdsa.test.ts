import { describe, expect, it } from 'vitest';
import { cycleGroups, stepFields } from '../../src/lib/server/monitoring/pdsa.ts';
import { fieldLinkingTo, fieldWithRole, sectionKey } from '../../src/lib/server/templates/registry.ts';
import { realTemplates, templateFrontmatter, templateRegistry } from '../support/templates.ts';

const registry = realTemplates();
const cycles = registry.requireSection('pdsa-cycles');
const objectives = registry.requireSection('objectives');
const steps = stepFields(cycles.section);
const link = fieldLinkingTo(cycles.section, sectionKey(objectives.kind, objectives.section.id))!;
const id = (role: 'title' | 'start' | 'decision') => fieldWithRole(cycles.section, role)!.id;
const objective = (oid: string, title: string) => ({ id: oid, template: objectives.kind, section: objectives.section.id, data: { [fieldWithRole(objectives.section, 'title')!.id]: title } });
const cycle = (cid: string, data: Record<string, unknown>) => ({ id: cid, template: cycles.kind, section: cycles.section.id, data: data as never });

describe('stepFields', () => {
  it('finds fields for each of the four steps, the decision among those of Act', () => {
    expect(Object.values(steps).every((fields) => fields.length > 0)).toBe(true);
    expect(steps.act.map((f) => f.id)).toContain(id('decision'));
  });
  it('reads the steps from what the template marks, not from the labels', () => {
    const files = structuredClone(templateFrontmatter()) as Record<string, { sections: { role?: string; fields: { label: string }[] }[] }>;
    for (const f of files['pdsa-cycles'].sections.find((x) => x.role === 'pdsa-cycles')!.fields) f.label = `Renamed ${f.label.replace(/^\w+: /, '')}`;
    const renamed = stepFields(templateRegistry(files as never).requireSection('pdsa-cycles').section);
    expect(Object.fromEntries(Object.entries(renamed).map(([k, v]) => [k, v.map((f) => f.id)]))).toEqual(Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, v.map((f) => f.id)])));
  });
});

describe('cycleGroups', () => {
  it('numbers cycles per objective by their start, and says which steps are filled', () => {
    const groups = cycleGroups(registry, [
      objective('o1', 'Fewer readmissions'),
      objective('o2', 'Shared plans'),
      cycle('c2', { [id('title')]: 'Second', [id('start')]: '2026-06-01', [link.id]: ['o1'], [steps.plan[0].id]: 'We predict 10 %', [id('decision')]: 'Adopt' }),
      cycle('c1', { [id('title')]: 'First', [id('start')]: '2026-01-01', [link.id]: ['o1', 'o2'], [steps.do[0].id]: 'Ran it' }),
      cycle('c3', { [id('title')]: 'Loose', [id('start')]: '2026-02-01' }),
    ]);
    expect(groups.map((g) => [g.objective, g.cycles.map((c) => `${c.number} ${c.title}`)])).toEqual([
      ['Fewer readmissions', ['1 First', '2 Second']],
      ['Shared plans', ['1 First']],
      ['Not linked to an objective', ['1 Loose']],
    ]);
    expect(groups[0].cycles[1]).toMatchObject({ decision: 'Adopt', steps: [{ step: 'plan', filled: true }, { step: 'do', filled: false }, { step: 'study', filled: false }, { step: 'act', filled: true }] });
  });
});
