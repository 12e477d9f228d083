import { describe, expect, it } from 'vitest';
import { buildWorksheet } from '../../src/lib/public/worksheet';
import { groupQuestions } from '../../src/lib/public/template-questions';
import { templateSchema } from '../../src/schemas/template';
import { contentIds, readFrontmatter } from '../support/site';

const load = (id: string) => templateSchema.parse(readFrontmatter('templates', id));

describe('groupQuestions', () => {
  it('puts questions for everyone first, then each stakeholder group in a fixed order', () => {
    const groups = groupQuestions([
      { stakeholder: 'citizens', question: 'What do patients need to see?' },
      { question: 'What exists already?' },
      { stakeholder: 'hospital', question: 'Which wards take part?' },
    ]);
    expect(groups.map((g) => g.stakeholder)).toEqual(['everyone', 'hospital', 'citizens']);
  });
});

describe('buildWorksheet', () => {
  it.each(contentIds('templates'))('carries every question, field and dimension of the %s template', (id) => {
    const template = load(id);
    const sheet = buildWorksheet(template, `http://localhost:4321/templates/${id}/`);
    expect(sheet.startsWith(`# ${template.title}\n`)).toBe(true);
    const questions = [...template.quadrants.flatMap((q) => q.guidingQuestions), ...template.sections.flatMap((s) => s.guidingQuestions)];
    for (const q of questions) expect(sheet).toContain(`- ${q.question}`);
    for (const f of template.sections.flatMap((s) => s.fields)) expect(sheet).toContain(`**${f.label}**`);
    for (const d of template.dimensions) expect(sheet).toContain(`| ${d.name} |`);
  });

  it('asks the SWOT questions of every stakeholder group', () => {
    const sheet = buildWorksheet(load('swot'), 'http://x/');
    for (const group of ['Hospital', 'Municipality', 'General practice', 'Citizens and patients']) expect(sheet).toContain(`### ${group}`);
  });
});
