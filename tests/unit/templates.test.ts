/**
 * The roles templates declare (src/schemas/template.ts) and the registry that answers from them
 * (src/lib/server/templates/registry.ts): code finds sections, fields and status meanings by role, so renaming
 * them in a template file changes nothing else.
 */
import { describe, expect, it } from 'vitest';
import { closedOptions, fieldWithRole, improvementDirection, linkTargetsOf, linkTargetsOfAll, statusOptions } from '../../src/lib/server/templates/registry.ts';
import { radarScores } from '../../src/lib/server/transfers/radar.ts';
import { timelineActions } from '../../src/lib/server/transfers/timeline.ts';
import { buildTraceability } from '../../src/lib/server/transfers/trace.ts';
import type { Entry } from '../../src/lib/server/transfers/queries.ts';
import { templateSchema } from '../../src/schemas/template.ts';
import { templateFrontmatter, templateRegistry } from '../support/templates.ts';

type Fm = { sections: { id: string; role?: string; fields: { id: string; role?: string; linksTo?: string; options?: string[]; statusMeaning?: Record<string, string[]> }[] }[] };
const scratch = () => structuredClone(templateFrontmatter()) as unknown as Record<string, Fm>;
const statusOf = (files: Record<string, Fm>) => files['action-plan'].sections.find((s) => s.role === 'actions')!.fields.find((f) => f.role === 'status')!;
const issues = (files: Record<string, Fm>, id: string) => templateSchema.safeParse(files[id]).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];

describe('the template schema', () => {
  it('accepts the four template files with their roles', () => {
    for (const id of Object.keys(templateFrontmatter())) expect(issues(scratch(), id)).toEqual([]);
  });

  it('refuses a statusMeaning that names an option the field does not have', () => {
    const files = scratch();
    statusOf(files).statusMeaning = { done: ['Completed'], cancelled: ['Cancelled'] };
    expect(issues(files, 'action-plan')).toEqual([expect.stringMatching(/statusMeaning\.done: "Completed" is not one of the options of status/)]);
  });

  it('refuses an option given two meanings, an incomplete "open" list, and a status field without meanings', () => {
    const twice = scratch();
    statusOf(twice).statusMeaning = { done: ['Done'], cancelled: ['Done'] };
    expect(issues(twice, 'action-plan')).toEqual([expect.stringMatching(/"Done" is given more than one meaning/)]);
    const incomplete = scratch();
    statusOf(incomplete).statusMeaning = { open: ['Not started'], done: ['Done'], cancelled: ['Cancelled'] };
    expect(issues(incomplete, 'action-plan')).toEqual([expect.stringMatching(/every option needs a meaning; missing: In progress, Delayed/)]);
    const none = scratch();
    delete statusOf(none).statusMeaning;
    expect(issues(none, 'action-plan')).toEqual([expect.stringMatching(/status field is a "select" with a statusMeaning/)]);
  });

  it('refuses a role given to two fields of a section, and a link target that is not "<kind>/<section>"', () => {
    const files = scratch();
    files['action-plan'].sections.find((s) => s.role === 'actions')!.fields.find((f) => f.id === 'start')!.role = 'end';
    expect(issues(files, 'action-plan')).toEqual([expect.stringMatching(/role "end" is given to more than one field of actions/)]);
    const links = scratch();
    links.swot.sections[0].fields.find((f) => f.linksTo === 'needs-scope/needs')!.linksTo = 'needs';
    expect(issues(links, 'swot')).toHaveLength(1);
  });
});

describe('the template registry', () => {
  const registry = templateRegistry();

  it('finds each section the workspace needs by role, with the kind its records are stored under', () => {
    expect(Object.fromEntries((['needs', 'swot-items', 'objectives', 'actions', 'kpis', 'assessment', 'pdsa-cycles', 'workshops', 'progress-reports'] as const).map((r) => [r, registry.requireSection(r).key]))).toEqual({
      needs: 'needs-scope/needs',
      'swot-items': 'swot/swot-item',
      objectives: 'action-plan/objectives',
      actions: 'action-plan/actions',
      kpis: 'action-plan/kpis',
      assessment: 'maturity/assessment',
      'pdsa-cycles': 'pdsa/cycles',
      workshops: 'pdsa/workshops',
      'progress-reports': 'progress-report/reports',
    });
  });

  it('tells which way an indicator improves from its direction field, and refuses a direction field without meanings', () => {
    const direction = fieldWithRole(registry.requireSection('kpis').section, 'direction');
    expect(improvementDirection(direction, 'Higher is better')).toBe('up');
    expect(improvementDirection(direction, 'Lower is better')).toBe('down');
    expect(improvementDirection(direction, undefined)).toBeUndefined();
    const files = scratch();
    const field = files['action-plan'].sections.find((s) => s.role === 'kpis')!.fields.find((f) => f.role === 'direction')! as { directionMeaning?: unknown };
    delete field.directionMeaning;
    expect(issues(files, 'action-plan')).toEqual([expect.stringMatching(/direction field is a "select" with a directionMeaning/)]);
  });

  it('tells which statuses are open, done and cancelled', () => {
    const status = fieldWithRole(registry.requireSection('actions').section, 'status')!;
    expect(statusOptions(status)).toEqual({ open: ['Not started', 'In progress', 'Delayed'], done: ['Done'], cancelled: ['Cancelled'] });
    expect(closedOptions(status)).toEqual(['Done', 'Cancelled']);
  });

  it('links to exactly what the templates linked to before: needs, objectives and core features', () => {
    expect(linkTargetsOfAll(registry.sections.values()).sort()).toEqual(['action-plan/actions', 'action-plan/kpis', 'action-plan/objectives', 'core-features', 'needs-scope/needs']);
    expect(linkTargetsOf(registry.requireSection('swot-items').section)).toEqual(['needs-scope/needs', 'core-features']);
  });

  it('refuses a link to a section no template has, and a section role given twice', () => {
    const files = scratch();
    files['action-plan'].sections.find((s) => s.role === 'kpis')!.fields.find((f) => f.linksTo)!.linksTo = 'action-plan/goals';
    expect(() => templateRegistry(files as never)).toThrow(/kpis.linked-objectives links to action-plan\/goals, which no template has/);
    const twice = scratch();
    twice['action-plan'].sections.find((s) => s.id === 'risks')!.role = 'needs';
    expect(() => templateRegistry(twice as never)).toThrow(/Section role "needs" is given to both needs-scope\/needs and action-plan\/risks/);
  });

  it('lists the forms and the review stages the files declare, in their order', () => {
    const registry = templateRegistry();
    expect(registry.kinds.map((k) => [k.kind, k.title, k.shape, k.stage])).toEqual([
      ['needs-scope', 'Needs and scope', 'sections', 'needs-scope'],
      ['swot', 'SWOT analysis', 'swot', 'situation'],
      ['maturity', 'Maturity self-assessment', 'maturity', 'situation'],
      ['action-plan', 'Action plan', 'sections', 'action-plan'],
      ['pdsa', 'PDSA cycles and workshops', 'sections', undefined],
      ['progress-report', 'Progress reports', 'sections', 'progress-report'],
      ['post-implementation', 'Post-implementation report', 'sections', 'post-implementation'],
    ]);
    expect(registry.stages.map(({ rubric, ...s }) => ({ ...s, rubric: rubric.map((c) => c.id) }))).toEqual([
      { id: 'needs-scope', title: 'Needs and scope', kinds: ['needs-scope'], coreFeatureDecisions: true, rubric: ['fit', 'fidelity', 'scope', 'stakeholders', 'equity'] },
      { id: 'situation', title: 'Situation analysis (SWOT and maturity)', kinds: ['swot', 'maturity'], coreFeatureDecisions: false, rubric: ['evidence', 'stakeholders', 'maturity', 'gaps', 'equity'] },
      { id: 'action-plan', title: 'Action plan', kinds: ['action-plan'], coreFeatureDecisions: false, rubric: ['fit', 'fidelity', 'smart', 'kpis', 'feasibility', 'risks', 'budget', 'sustainability', 'equity'] },
      { id: 'progress-report', title: 'Progress reports', kinds: ['progress-report'], coreFeatureDecisions: false, rubric: ['progress', 'data', 'learning', 'explanations', 'next-steps', 'sustainability'] },
      { id: 'post-implementation', title: 'Post-implementation report', kinds: ['post-implementation'], coreFeatureDecisions: false, rubric: ['context', 'core-features', 'results', 'factors', 'sustainability', 'lessons'] },
    ]);
    // Each stage asks its own questions: needs and scope have no KPIs to judge.
    expect(registry.stage('needs-scope')!.rubric.map((c) => c.label)).not.toContain('Quality of the KPIs');
    expect(registry.groupTitle('swot', 'threats')).toBe('Threats');
    expect(registry.kind('review')).toBeUndefined();
    expect(registry.stage('nowhere')).toBeUndefined();
  });

  it('follows a change of order, and refuses a kind a transfer page has, a stage without one title, and no files', () => {
    type Ws = { kind: string; workspace: { order: number; review?: { stage: string; title?: string; rubric?: unknown[] } } };
    const files = () => structuredClone(templateFrontmatter()) as unknown as Record<string, Ws>;
    const moved = files();
    moved['action-plan'].workspace.order = 0;
    expect(templateRegistry(moved as never).kinds[0].kind).toBe('action-plan');
    expect(templateRegistry(moved as never).stages[0].id).toBe('action-plan');
    const reserved = files();
    reserved.swot.kind = 'review';
    expect(() => templateRegistry(reserved as never)).toThrow(/"review" \(swot\) is taken by a transfer page/);
    const untitled = files();
    delete untitled.swot.workspace.review!.title;
    delete untitled.swot.workspace.review!.rubric;
    expect(() => templateRegistry(untitled as never)).toThrow(/Review stage "situation" needs its title from exactly one of its templates \(swot, maturity\); 0 give one/);
    const twice = files();
    twice['maturity-self-assessment'].workspace.review!.title = 'Another title';
    twice['maturity-self-assessment'].workspace.review!.rubric = [{ id: 'other', label: 'Another criterion' }];
    expect(() => templateRegistry(twice as never)).toThrow(/2 give one/);
    expect(() => templateRegistry({})).toThrow(/No template files/);
  });
});

describe('what the pages draw, read by role', () => {
  const files = scratch();
  const plan = files['action-plan'];
  const actions = plan.sections.find((s) => s.role === 'actions')!;
  for (const f of actions.fields) if (f.role) f.id = `the-${f.id}`;
  actions.id = 'steps';
  // A renamed section is renamed where other templates link to it too (the PDSA cycles link to the actions).
  for (const f of Object.values(files).flatMap((t) => t.sections.flatMap((x) => x.fields))) if (f.linksTo === 'action-plan/actions') f.linksTo = 'action-plan/steps';
  const maturity = files['maturity-self-assessment'];
  maturity.sections[0].id = 'scores';
  maturity.sections[0].fields.find((f) => f.role === 'score')!.id = 'level';
  const renamed = templateRegistry(files as never);

  it('gives the timeline each action’s title, dates, status and progress from the renamed fields', () => {
    const section = renamed.requireSection('actions').section;
    expect(timelineActions(section, [{ id: 'a', data: { 'the-title': 'Connect', 'the-start': '2027-01-01', 'the-end': '2027-02-01', 'the-status': 'Done', 'the-percent-done': 100, title: 'old' } }])).toEqual([
      { id: 'a', title: 'Connect', start: '2027-01-01', end: '2027-02-01', status: 'Done', percent: 100 },
    ]);
  });

  it('gives the radar the scores of the renamed score field', () => {
    expect(radarScores(renamed.requireSection('assessment').section, [{ grouping: 'readiness-to-change', data: { level: 3, score: 5 } }, { grouping: 'capacity-building', data: { score: 5 } }])).toEqual({ 'readiness-to-change': 3, 'capacity-building': undefined });
  });

  it('draws the traceability chain through the renamed actions section', () => {
    const entry = (template: string, section: string, id: string, data: Entry['data']) => ({ id, template, section, grouping: '', position: 0, data }) as unknown as Entry;
    const trace = buildTraceability(
      [
        entry('needs-scope', 'needs', 'n', { 'need-statement': 'Need' }),
        entry('action-plan', 'objectives', 'o', { statement: 'Objective', 'linked-needs': ['n'] }),
        entry('action-plan', 'steps', 'a', { 'the-title': 'Step', 'linked-objectives': ['o'] }),
        entry('action-plan', 'actions', 'old', { title: 'Not an action any more', 'linked-objectives': ['o'] }),
      ],
      renamed,
    );
    expect(trace.rows.map((r) => [r.need.id, r.objectives.map((o) => [o.objective.id, o.actions.map((a) => a.id)])])).toEqual([['n', [['o', ['a']]]]]);
    expect(trace.gaps.actionsWithoutObjective).toEqual([]);
  });
});
