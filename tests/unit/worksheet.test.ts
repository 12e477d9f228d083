import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildWorksheet } from '../../src/lib/public/worksheet';
import { buildWorksheetDocx } from '../../src/lib/public/worksheet-docx';
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

describe('buildWorksheetDocx', () => {
  it.each(contentIds('templates'))('gives the %s template as a Word file holding its title, questions and fields', async (id) => {
    const template = load(id);
    const files = unzipSync(new Uint8Array(await buildWorksheetDocx(template, `http://localhost:4321/templates/${id}/`)));
    const xml = strFromU8(files['word/document.xml']!);
    // Word keeps a paragraph's text in runs; joined, they read as the paragraph does.
    const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('\n').replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
    expect(text).toContain(template.title);
    for (const q of [...template.quadrants.flatMap((g) => g.guidingQuestions), ...template.sections.flatMap((s) => s.guidingQuestions)]) expect(text).toContain(q.question);
    for (const f of template.sections.flatMap((s) => s.fields)) expect(text).toContain(f.label);
    for (const d of template.dimensions) expect(text).toContain(d.name);
  });
});
