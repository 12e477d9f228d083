/**
 * The post-implementation report (content/templates/post-implementation-report.mdx): its option meanings, the
 * "fill in from the adaptation log and the indicators" command, and the adoption story composed from its approved
 * version (src/lib/server/stories/compose.ts), on a real SQLite database.
 */
import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { schema, type Db } from '../../src/lib/server/db.ts';
import { prefillReport } from '../../src/lib/server/post-implementation/prefill.ts';
import { composeStory, withoutNames } from '../../src/lib/server/stories/compose.ts';
import { fieldWithRole, optionMeaning, optionWithMeaning } from '../../src/lib/server/templates/registry.ts';
import { loadTransfer } from '../../src/lib/server/transfers/queries.ts';
import { workspaceForms } from '../../src/lib/server/transfers/workspace-forms.ts';
import { adoptionStorySchema } from '../../src/schemas/story.ts';
import { cfirDomainIds } from '../../src/schemas/taxonomy.ts';
import { templateSchema } from '../../src/schemas/template.ts';
import { createTestDb } from '../support/db.ts';
import { byRole, meta, monitoringSetup, sectionOf, templates } from '../support/monitoring.ts';
import { templateFrontmatter } from '../support/templates.ts';

type Fm = { sections: { role?: string; fields: { id: string; role?: string; options?: string[]; meanings?: Record<string, string> }[] }[] };
const pir = () => structuredClone(templateFrontmatter()['post-implementation-report']) as unknown as Fm;
const fieldOf = (fm: Fm, sectionRole: string, role: string) => fm.sections.find((s) => s.role === sectionRole)!.fields.find((f) => f.role === role)!;
const issues = (fm: Fm) => templateSchema.safeParse(fm).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];

describe('the post-implementation report template', () => {
  it('is valid, has a section for each part of a story, and its own review stage with a rubric', () => {
    expect(issues(pir())).toEqual([]);
    for (const role of ['pir-context', 'pir-core-features', 'pir-results', 'pir-factors', 'pir-sustainability', 'pir-lessons'] as const) expect(sectionOf(role).kind).toBe('post-implementation');
    const stage = templates().stages.find((s) => s.kinds.includes('post-implementation'))!;
    expect(stage.id).toBe('post-implementation');
    expect(stage.kinds).toEqual(['post-implementation']);
    expect(stage.rubric.length).toBeGreaterThanOrEqual(5);
  });

  it('maps every CFIR option to a domain id and every decision option to keep, adapt or drop', () => {
    const domain = fieldWithRole(sectionOf('pir-factors').section, 'cfir-domain')!;
    expect(domain.options!.map((o) => optionMeaning(domain, o)).sort()).toEqual([...cfirDomainIds].sort());
    const decision = fieldWithRole(sectionOf('pir-core-features').section, 'feature-decision')!;
    expect(['keep', 'adapt', 'drop'].map((m) => optionMeaning(decision, optionWithMeaning(decision, m)))).toEqual(['keep', 'adapt', 'drop']);
    expect(optionMeaning(decision, 'Something else')).toBeUndefined();
  });

  it('refuses meanings that name no option, mean nothing the role knows, leave an option out, or sit on a field without such a role', () => {
    const unknownOption = pir();
    fieldOf(unknownOption, 'pir-factors', 'cfir-domain').meanings!['Outer world'] = 'outer-setting';
    expect(issues(unknownOption)).toEqual([expect.stringMatching(/"Outer world" is not one of the options of domain/)]);
    const unknownMeaning = pir();
    fieldOf(unknownMeaning, 'pir-factors', 'cfir-domain').meanings!['Process'] = 'procedure';
    expect(issues(unknownMeaning)).toEqual([expect.stringMatching(/"procedure" is not a meaning of a cfir-domain field/)]);
    const missing = pir();
    delete fieldOf(missing, 'pir-core-features', 'feature-decision').meanings!['Dropped'];
    expect(issues(missing)).toEqual([expect.stringMatching(/every option of decision needs a meaning; missing: Dropped/)]);
    const none = pir();
    delete fieldOf(none, 'pir-factors', 'factor-kind').meanings;
    expect(issues(none)).toEqual([expect.stringMatching(/factor-kind.*"select" with `meanings`/)]);
    const stray = pir();
    const plain = stray.sections.find((s) => s.role === 'pir-factors')!.fields.find((f) => f.id === 'response')!;
    plain.meanings = { x: 'yes' };
    expect(issues(stray).join('\n')).toMatch(/only a feature-decision, headline, factor-kind, cfir-domain or internal field has `meanings`/);
  });
});

let db: Db;
let s: Awaited<ReturnType<typeof monitoringSetup>>;
const features = [
  { id: 'one-screen-overview', name: 'One-screen overview' },
  { id: 'shared-care-plan', name: 'Shared care plan' },
  { id: 'patient-access', name: 'Patient access' },
];
const forms = () =>
  workspaceForms(templates(), [{ id: 'shared-care-platform', title: 'The Shared Care Platform', featureIds: features.map((f) => f.id), features }], [{ id: 'southern-denmark', country: 'DK' }]);
const pirRecords = async (role: Parameters<typeof sectionOf>[0]) =>
  (
    await db
      .select()
      .from(schema.entry)
      .where(and(eq(schema.entry.transferId, s.transfer.id), eq(schema.entry.section, sectionOf(role).section.id), eq(schema.entry.template, sectionOf(role).kind)))
      .orderBy(schema.entry.position)
  ).map((r) => JSON.parse(r.data) as Record<string, unknown>);
const roleOf = (role: Parameters<typeof sectionOf>[0], fieldRole: Parameters<typeof fieldWithRole>[1]) => fieldWithRole(sectionOf(role).section, fieldRole)!;

/** An adaptation log of two decisions, one objective and one indicator with two months measured. */
async function planWithMonitoring() {
  await db.insert(schema.featureChoice).values([
    { transferId: s.transfer.id, featureId: 'shared-care-plan', decision: 'keep', note: '' },
    { transferId: s.transfer.id, featureId: 'one-screen-overview', decision: 'adapt', note: 'Hospital view first, GPs later.' },
  ]);
  // Written directly (by role): the plan's validation is not what these tests are about.
  const insert = async (role: 'objectives' | 'kpis', data: Record<string, unknown>) => {
    const id = crypto.randomUUID();
    await db.insert(schema.entry).values({ id, transferId: s.transfer.id, template: sectionOf(role).kind, section: sectionOf(role).section.id, data: JSON.stringify(data) });
    return id;
  };
  const objective = await insert('objectives', byRole(sectionOf('objectives').section, { title: 'Fewer readmissions of enrolled patients' }, false));
  const kpi = await insert('kpis', { ...byRole(sectionOf('kpis').section, { title: 'Readmissions within 30 days', unit: '%' }, false), [roleOf('kpis', 'baseline').id]: 15.2, [roleOf('kpis', 'target').id]: 12 });
  for (const [period, value] of [['2026-10', 14.1], ['2026-11', 13.1]] as const)
    await db.insert(schema.kpiMeasurement).values({ id: crypto.randomUUID(), transferId: s.transfer.id, kpiId: kpi, period, periodStart: `${period}-01`, value, updatedAt: '2026-12-01T00:00:00.000Z' });
  return { objective, kpi };
}

beforeEach(async () => {
  db = await createTestDb();
  s = await monitoringSetup(db);
});

describe('filling the report in from the adaptation log and the indicators', () => {
  it('adds a record per decision, objective and indicator with the latest measurement, once', async () => {
    const { objective, kpi } = await planWithMonitoring();
    const editor = await s.as(s.p.editor.id);
    expect(await prefillReport(db, editor, s.transfer, templates(), meta)).toEqual({ ok: true, added: { features: 2, results: 2 } });
    const decisions = await pirRecords('pir-core-features');
    const feature = roleOf('pir-core-features', 'core-feature');
    const decision = roleOf('pir-core-features', 'feature-decision');
    expect(decisions.map((d) => [d[feature.id], optionMeaning(decision, d[decision.id]), d[roleOf('pir-core-features', 'adaptation').id]])).toEqual([
      [['one-screen-overview'], 'adapt', 'Hospital view first, GPs later.'],
      [['shared-care-plan'], 'keep', undefined],
    ]);
    const results = await pirRecords('pir-results');
    expect(results).toHaveLength(2);
    const indicator = results.find((r) => Object.values(r).some((v) => Array.isArray(v) && v.includes(kpi)))!;
    expect(indicator[roleOf('pir-results', 'baseline').id]).toBe(15.2);
    expect(indicator[roleOf('pir-results', 'target').id]).toBe(12);
    expect(indicator[roleOf('pir-results', 'latest').id]).toBe(13.1);
    expect(indicator[roleOf('pir-results', 'latest-period').id]).toBe('2026-11-01');
    expect(indicator[roleOf('pir-results', 'unit').id]).toBe('%');
    expect(results.some((r) => Object.values(r).some((v) => Array.isArray(v) && v.includes(objective)))).toBe(true);

    // Again: nothing to add, nothing changed; a new decision in the log is the one record added.
    const revision = (await loadTransfer(db, s.transfer.id))!.revision;
    expect(await prefillReport(db, editor, s.transfer, templates(), meta)).toEqual({ ok: true, added: { features: 0, results: 0 } });
    expect((await loadTransfer(db, s.transfer.id))!.revision).toBe(revision);
    await db.insert(schema.featureChoice).values({ transferId: s.transfer.id, featureId: 'patient-access', decision: 'drop', note: 'No patient portal yet.' });
    expect(await prefillReport(db, editor, s.transfer, templates(), meta)).toEqual({ ok: true, added: { features: 1, results: 0 } });
    expect(await pirRecords('pir-core-features')).toHaveLength(3);
    const audit = await db.select().from(schema.auditEvent).where(eq(schema.auditEvent.action, 'report.prefill'));
    expect(audit.map((a) => [a.outcome, JSON.parse(a.detail!)])).toEqual([
      ['success', { features: 2, results: 2 }],
      ['success', { features: 0, results: 0 }],
      ['success', { features: 1, results: 0 }],
    ]);
  });

  it('is refused to a viewer (audited) and in a transfer that is closed, writing nothing', async () => {
    await planWithMonitoring();
    expect(await prefillReport(db, await s.as(s.p.viewer.id), s.transfer, templates(), meta)).toMatchObject({ ok: false, status: 403 });
    await db.update(schema.transfer).set({ status: 'closed' }).where(eq(schema.transfer.id, s.transfer.id));
    const closed = (await loadTransfer(db, s.transfer.id))!;
    expect(await prefillReport(db, await s.as(s.p.editor.id), closed, templates(), meta)).toMatchObject({ ok: false, status: 409 });
    // Loaded while active, closed before the write: the guard inside the transaction refuses it too.
    expect(await prefillReport(db, await s.as(s.p.editor.id), s.transfer, templates(), meta)).toMatchObject({ ok: false, status: 409 });
    expect(await pirRecords('pir-core-features')).toEqual([]);
    expect(await pirRecords('pir-results')).toEqual([]);
    expect((await db.select().from(schema.auditEvent).where(eq(schema.auditEvent.action, 'report.prefill'))).map((a) => a.outcome)).toEqual(['denied']);
  });
});

describe('composing the adoption story', () => {
  const person = 'Ingrid Halvorsen';
  const stage = () => templates().stages.find((st) => st.id === 'post-implementation')!;

  /** A report with public and internal records, a named person, and a note for the mentor; then submitted and approved. */
  async function approvedReport() {
    await planWithMonitoring();
    await db.update(schema.user).set({ name: person }).where(eq(schema.user.id, s.p.editor.id));
    await db.update(schema.organisation).set({ name: 'Demo: Fjord Health Trust', isDemo: true, regionId: 'southern-denmark' }).where(eq(schema.organisation.id, s.p.organisations.adopter.id));
    await prefillReport(db, await s.as(s.p.editor.id), s.transfer, templates(), meta);
    const ctx = sectionOf('pir-context').section;
    const textFields = ctx.fields.filter((f) => f.public !== false && f.type === 'textarea');
    const hidden = ctx.fields.find((f) => f.public === false)!;
    await s.save('pir-context', { [textFields[0].id]: `Two wards and 22 GP practices; led by ${person} of ward 4.`, [hidden.id]: 'Secret: Dr Olsen and the ward 4 team.' });
    const internal = (role: Parameters<typeof sectionOf>[0]) => {
      const f = roleOf(role, 'internal');
      return { [f.id]: optionWithMeaning(f, 'yes')! };
    };
    const published = (role: Parameters<typeof sectionOf>[0]) => {
      const f = roleOf(role, 'internal');
      return { [f.id]: optionWithMeaning(f, 'no')! };
    };
    const factors = sectionOf('pir-factors').section;
    const factor = (kind: string, domain: string, words: string, extra: Record<string, string> = {}) =>
      s.save('pir-factors', { [roleOf('pir-factors', 'factor-kind').id]: optionWithMeaning(roleOf('pir-factors', 'factor-kind'), kind)!, [roleOf('pir-factors', 'cfir-domain').id]: optionWithMeaning(roleOf('pir-factors', 'cfir-domain'), domain)!, [fieldWithRole(factors, 'title')!.id]: words, ...extra });
    await factor('barrier', 'outer-setting', 'The home-care supplier delivered its interface late.', published('pir-factors'));
    // Nobody chose whether this one may be published: it stays in the workspace.
    await factor('barrier', 'process', 'NO CHOICE: a record nobody marked for publication.');
    await factor('facilitator', 'inner-setting', 'INTERNAL: the chief physician’s quarrel with IT.', internal('pir-factors'));
    await s.save('pir-sustainability', { [roleOf('pir-sustainability', 'funding').id]: 'Regional budget from 2027.', [roleOf('pir-sustainability', 'policy').id]: 'Cross-sector agreement renewed.', [sectionOf('pir-sustainability').section.fields.find((f) => f.public === false)!.id]: 'MENTOR ONLY: the budget is not signed yet.' });
    const lesson = fieldWithRole(sectionOf('pir-lessons').section, 'title')!.id;
    await s.save('pir-lessons', { [lesson]: `Start with one ward. (${person.toUpperCase()} agrees.)`, ...published('pir-lessons') });
    await s.save('pir-lessons', { [lesson]: 'INTERNAL lesson about a colleague.', ...internal('pir-lessons') });
    // The first core-feature record (one-screen-overview, adapted) gets an effect; the second is made internal.
    const [first, second] = await db.select().from(schema.entry).where(and(eq(schema.entry.transferId, s.transfer.id), eq(schema.entry.section, sectionOf('pir-core-features').section.id))).orderBy(schema.entry.position);
    // Written directly: the helper's save checks links against none (these link to core features).
    const edit = (row: typeof first, values: Record<string, string>) => db.update(schema.entry).set({ data: JSON.stringify({ ...JSON.parse(row.data), ...values }) }).where(eq(schema.entry.id, row.id));
    await edit(first, { [roleOf('pir-core-features', 'effect').id]: 'Ward staff found patients faster.', ...published('pir-core-features') });
    // The results the fill-in button added, reviewed and marked for publication.
    for (const row of await db.select().from(schema.entry).where(and(eq(schema.entry.transferId, s.transfer.id), eq(schema.entry.section, sectionOf('pir-results').section.id)))) await edit(row, published('pir-results'));
    await edit(second, internal('pir-core-features'));
    expect(await s.submit(stage(), new Date('2026-12-01T09:00:00Z'))).toMatchObject({ ok: true });
    await s.approve(stage(), new Date('2026-12-04T10:00:00Z'));
  }

  it('refuses while no version of the report is approved', async () => {
    expect(await composeStory(db, forms(), s.transfer.id, ['context'], new Date())).toMatchObject({ ok: false, reason: 'no-approved-report' });
    expect(await composeStory(db, forms(), 'no-such-transfer', ['context'], new Date())).toMatchObject({ ok: false, reason: 'no-transfer' });
  });

  it('draws every chosen part from the approved version, without internal records, private fields or names', async () => {
    await approvedReport();
    // Changed after approval: the story still tells what was approved.
    await s.save('pir-lessons', { [fieldWithRole(sectionOf('pir-lessons').section, 'title')!.id]: 'Written after the approval.' });
    const composed = await composeStory(db, forms(), s.transfer.id, ['lessons', 'context', 'core-features', 'results', 'factors', 'sustainability'], new Date('2026-12-07T12:00:00Z'));
    if (!composed.ok) throw new Error(composed.message);
    const story = composed.story;
    expect(adoptionStorySchema.parse(story)).toEqual(story);
    expect(story.parts).toEqual(['context', 'core-features', 'results', 'factors', 'sustainability', 'lessons']);
    expect(story).toMatchObject({
      practice: 'shared-care-platform',
      title: 'Demo: Fjord Health Trust adopted the Shared Care Platform',
      organisation: { name: 'Demo: Fjord Health Trust', isDemo: true },
      country: 'DK',
      region: 'southern-denmark',
      period: { to: '2026-12-04' },
      source: { reportVersion: 1, approvedAt: '2026-12-04T10:00:00.000Z' },
      publishedAt: '2026-12-07T12:00:00.000Z',
    });
    expect(story.id).toMatch(/^demo-fjord-health-trust-shared-care-platform-[0-9a-f]{4}$/);
    expect(story.coreFeatures).toEqual([{ feature: 'one-screen-overview', name: 'One-screen overview', decision: 'adapt', how: 'Hospital view first, GPs later.', effect: 'Ward staff found patients faster.' }]);
    expect(story.results.find((r) => r.kind === 'indicator')).toMatchObject({ title: 'Readmissions within 30 days', unit: '%', baseline: 15.2, target: 12, latest: { value: 13.1, period: '2026-11-01' } });
    expect(story.results.some((r) => r.kind === 'objective')).toBe(true);
    expect(story.factors).toEqual([{ kind: 'barrier', domain: 'outer-setting', text: 'The home-care supplier delivered its interface late.' }]);
    expect(story.sustainability).toEqual({ funding: 'Regional budget from 2027.', policy: 'Cross-sector agreement renewed.' });
    expect(story.lessons).toEqual(['Start with one ward. ([name withheld] agrees.)']);
    expect(story.context).toBe('Two wards and 22 GP practices; led by [name withheld] of ward 4.');
    const json = JSON.stringify(story);
    for (const secret of [person, person.toUpperCase(), 'Halvorsen agrees', 'Dr Olsen', 'INTERNAL', 'MENTOR ONLY', 'NO CHOICE', 'Written after the approval', 'Test mentor', s.p.editor.email]) expect(json).not.toContain(secret);
  });

  it('includes only the parts chosen', async () => {
    await approvedReport();
    const composed = await composeStory(db, forms(), s.transfer.id, ['lessons', 'factors'], new Date('2026-12-07T12:00:00Z'));
    if (!composed.ok) throw new Error(composed.message);
    expect(composed.story).toMatchObject({ parts: ['factors', 'lessons'], coreFeatures: [], results: [], lessons: ['Start with one ward. ([name withheld] agrees.)'] });
    expect(composed.story.context).toBeUndefined();
    expect(composed.story.sustainability).toBeUndefined();
    expect(composed.story.factors).toHaveLength(1);
  });
});

describe('withholding names', () => {
  it('replaces a whole name in any case and spacing, not a part of another word', () => {
    expect(withoutNames('Ask ingrid   HALVORSEN or Ingridson.', ['Ingrid Halvorsen', 'Ingrid'])).toBe('Ask [name withheld] or Ingridson.');
  });
});
