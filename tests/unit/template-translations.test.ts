/**
 * Templates in the reader's language (src/lib/server/templates/localize.ts): translations are files beside the
 * templates (content/templates/<id>.<locale>.mdx) whose prose is laid over the template, while ids, roles and the
 * options records store stay canonical. A translation that no longer matches its template fails here.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { withLocale } from '../../src/i18n/index.ts';
import { localeCodes } from '../../src/i18n/locales.ts';
import { loadActor } from '../../src/lib/server/accounts.ts';
import type { Db } from '../../src/lib/server/db.ts';
import { canonicalOption, localizeTemplate, optionLabel, templateTranslationProblems } from '../../src/lib/server/templates/localize.ts';
import { openTransfer, saveEntry } from '../../src/lib/server/transfers/commands.ts';
import { listEntries, loadTransfer } from '../../src/lib/server/transfers/queries.ts';
import { templateSchema, type Template } from '../../src/schemas/template.ts';
import { translationSchema } from '../../src/schemas/translation.ts';
import { createProgramme, createTestDb } from '../support/db.ts';
import { contentIds, readFrontmatter, translationIds } from '../support/site.ts';

vi.mock('astro:content', async () => {
  const site = await import('../support/site.ts');
  const { templateSchema: schema } = await import('../../src/schemas/template.ts');
  const translations = () => site.translationIds('templates').map((id) => ({ id: `templates/${id}`, data: site.readFrontmatter('templates', id) }));
  return {
    getCollection: async (name: string) =>
      name === 'templates' ? site.contentIds('templates').map((id) => ({ id, data: schema.parse(site.readFrontmatter('templates', id)) })) : name === 'translations' ? translations() : [],
    getEntry: async (name: string, id: string) => (name === 'translations' ? translations().find((t) => t.id === id) : undefined),
  };
});
const { localizedTemplateEntry, templateRegistry } = await import('../../src/lib/server/transfers/practices.ts');

const original = (id: string) => templateSchema.parse(readFrontmatter('templates', id)) as Template;
const swotItem = (t: Template) => t.sections.find((s) => s.role === 'swot-items')!;
const raisedBy = (t: Template) => swotItem(t).fields.find((f) => f.id === 'stakeholder')!;

describe('the template translations', () => {
  const files = translationIds('templates');

  // Basque comes from branch i15-tpltx (helper "tpltx"): add 'eu' here once it is merged.
  it('exist for every template in Danish, Spanish, German, Swedish and Catalan', () => {
    for (const id of contentIds('templates')) for (const locale of ['da', 'es', 'de', 'sv', 'ca', 'eu']) expect(files).toContain(`${id}.${locale}`);
  });

  it.each(files)('%s matches its template: same ids, sections, fields, options and questions, every text translated', (file) => {
    const [id, locale] = file.split('.') as [string, string];
    const fm = readFrontmatter('templates', file);
    expect(translationSchema.unwrap().parse(fm.translation)).toMatchObject({ of: id, locale });
    expect(localeCodes).toContain(locale);
    expect(templateTranslationProblems(original(id), fm)).toEqual([]);
  });
});

describe('templateTranslationProblems', () => {
  const danish = () => structuredClone(readFrontmatter('templates', 'swot.da')) as { sections: { fields: { id: string; options?: string[] }[]; guidingQuestions?: unknown[] }[]; quadrants: { guidingQuestions: unknown[] }[] };

  it('names a field left out, an option too many, a guiding question left out and a field renamed', () => {
    const doctored = danish();
    doctored.sections[0]!.fields.splice(1, 1);
    doctored.sections[0]!.fields.find((f) => f.id === 'stakeholder')!.options!.push('Andre');
    doctored.quadrants[2]!.guidingQuestions.pop();
    const problems = templateTranslationProblems(original('swot'), doctored);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^section swot-item fields: .*instead of/),
        expect.stringMatching(/^quadrant opportunities guiding questions/),
      ]),
    );
    const renamed = danish();
    renamed.sections[0]!.fields.find((f) => f.id === 'stakeholder')!.options!.push('Andre');
    expect(templateTranslationProblems(original('swot'), renamed)).toEqual([expect.stringMatching(/field swot-item\.stakeholder number of options: 5 instead of 4/)]);
  });

  it('names a rubric label cut at an unquoted comma and a summary too long for the public pages', () => {
    const fm = structuredClone(readFrontmatter('templates', 'needs-and-scope.da')) as { summary: string; workspace: { review: { rubric: Record<string, unknown>[] } } };
    fm.workspace.review.rubric[1] = { id: 'fidelity', label: 'Begrundelser for at beholde', 'tilpasse eller udelade hvert kerneelement': null };
    fm.summary = 'x'.repeat(301);
    expect(templateTranslationProblems(original('needs-and-scope'), fm)).toEqual([
      'summary: 301 characters, at most 300',
      'rubric criterion fidelity: label cut at a comma (quote it): tilpasse eller udelade hvert kerneelement',
    ]);
  });

  it('is not laid over its template: the template stays English', () => {
    const doctored = danish();
    doctored.sections[0]!.fields.pop();
    expect(localizeTemplate(original('swot'), 'da', doctored)).toEqual(original('swot'));
  });
});

describe('localizeTemplate', () => {
  it('lays the Danish texts over the template and keeps its ids, roles and options canonical', () => {
    const swot = original('swot');
    const da = localizeTemplate(swot, 'da', readFrontmatter('templates', 'swot.da'));
    expect(da.quadrants.map((q) => q.title)).toEqual(['Styrker', 'Svagheder', 'Muligheder', 'Trusler']);
    expect(raisedBy(da).label).toBe('Rejst af');
    expect(raisedBy(da).options).toEqual(raisedBy(swot).options);
    expect(optionLabel(raisedBy(da), 'Hospital')).toBe('Sygehus');
    expect(optionLabel(raisedBy(da), 'Not an option')).toBe('Not an option');
    expect(optionLabel(raisedBy(swot), 'Hospital')).toBe('Hospital');
    expect(swotItem(da).fields.map((f) => [f.id, f.role, f.type, f.linksTo])).toEqual(swotItem(swot).fields.map((f) => [f.id, f.role, f.type, f.linksTo]));
    expect(canonicalOption(raisedBy(da), 'Sygehus')).toBe('Hospital');
  });

  it('gives every label, help text, guiding question, option and rubric criterion of every template in the pseudo-locale, no English word left', () => {
    for (const id of contentIds('templates')) {
      const t = original(id);
      const q = localizeTemplate(t, 'qps');
      const review = q.workspace.review;
      const texts = [
        q.title, q.summary, q.workspace.title, ...q.basedOn, review?.title, ...(review?.rubric ?? []).map((c) => c.label), ...Object.values(review?.coreFeatureOptions ?? {}),
        ...q.sections.flatMap((s) => [s.title, s.description, ...s.guidingQuestions.map((g) => g.question), ...s.fields.flatMap((f) => [f.label, f.help, ...Object.values((f as { optionLabels?: Record<string, string> }).optionLabels ?? {})])]),
        ...q.quadrants.flatMap((x) => [x.title, x.description, ...x.guidingQuestions.map((g) => g.question)]),
        ...q.dimensions.flatMap((d) => [d.name, d.description, d.lowAnchor, d.highAnchor]),
      ].filter((s): s is string => s !== undefined);
      expect(texts.filter((s) => /[A-Za-z]{2,}/.test(s)), id).toEqual([]);
      expect(q.sections.map((s) => s.fields.map((f) => f.options))).toEqual(t.sections.map((s) => s.fields.map((f) => f.options)));
    }
  });
});

describe('the template registry', () => {
  it('hands out templates in the language of the request, each language read once, options canonical', async () => {
    const da = await withLocale('da', () => templateRegistry());
    const en = await withLocale('en', () => templateRegistry());
    expect(da).not.toBe(en);
    expect(await withLocale('da', () => templateRegistry())).toBe(da);
    const [swotDa, swotEn] = [da.templates.get('swot')!, en.templates.get('swot')!];
    expect(swotDa.workspace.title).toBe('SWOT-analyse');
    expect(swotEn.workspace.title).toBe('SWOT analysis');
    expect(raisedBy(swotDa).options).toEqual(['Hospital', 'Municipality', 'General practice', 'Citizens and patients']);
    expect(da.stage('situation')!.rubric.map((c) => c.id)).toEqual(en.stage('situation')!.rubric.map((c) => c.id));
    expect(da.stage('situation')!.title).not.toBe(en.stage('situation')!.title);
  });

  it('gives a public page the template entry in its language, with the translation whose body it renders', async () => {
    const entry = { id: 'swot', data: original('swot') };
    const es = await localizedTemplateEntry(entry, 'es');
    expect(es.translation?.id).toBe('templates/swot.es');
    expect(es.data.quadrants[0]!.title).toBe('Fortalezas');
    const en = await localizedTemplateEntry(entry, 'en');
    expect(en.translation).toBeUndefined();
    expect(en.data).toBe(entry.data);
  });
});

describe('saving a record in Danish', () => {
  let db: Db;
  let p: Awaited<ReturnType<typeof createProgramme>>;
  const practice = { id: 'shared-care-platform', title: 'Shared Care Platform', featureIds: ['one-screen-overview'] };
  beforeEach(async () => {
    db = await createTestDb();
    p = await createProgramme(db);
  });

  it('stores the canonical option, whether the form sent it or the Danish label it showed', async () => {
    const editor = await loadActor(db, p.editor.id);
    const opened = await openTransfer(db, await loadActor(db, p.coordinator.id), { organisationId: p.organisations.adopter.id, practiceId: practice.id, mentorIds: [p.mentor.id] }, [practice], { ip: 'test' });
    if (!opened.ok) throw new Error(JSON.stringify(opened));
    const transfer = (await loadTransfer(db, opened.transferId))!;
    await withLocale('da', async () => {
      const section = swotItem((await templateRegistry()).templates.get('swot')!);
      for (const stakeholder of ['Sygehus', 'Municipality']) {
        const saved = await saveEntry(db, editor, transfer, { template: 'swot', section, grouping: 'threats' }, { values: { statement: `Said by ${stakeholder}`, impact: '3', stakeholder } }, {}, { ip: 'test' });
        expect(saved.ok).toBe(true);
      }
      const refused = await saveEntry(db, editor, transfer, { template: 'swot', section, grouping: 'threats' }, { values: { statement: 'x', impact: '3', stakeholder: 'Hospitalet' } }, {}, { ip: 'test' });
      expect(refused).toMatchObject({ ok: false, errors: { stakeholder: [expect.stringMatching(/^Rejst af:/)] } });
    });
    expect((await listEntries(db, transfer.id, 'swot')).map((e) => e.data.stakeholder).sort()).toEqual(['Hospital', 'Municipality']);
  });
});
