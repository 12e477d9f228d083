/** The action plan's CSV export, as a spreadsheet would open it. */
import { describe, expect, it } from 'vitest';
import { neutraliseFormula } from '../../src/lib/server/csv.ts';
import { exportCsv } from '../../src/lib/server/transfers/export.ts';
import type { Section } from '../../src/lib/server/transfers/entry-schema.ts';
import type { Entry } from '../../src/lib/server/transfers/queries.ts';
import { templateSchema } from '../../src/schemas/template.ts';
import { readFrontmatter } from '../support/site.ts';

const actions = templateSchema.parse(readFrontmatter('templates', 'action-plan')).sections.find((s) => s.fields.some((f) => f.type === 'text'))!;
const entry = (data: Entry['data']): Entry => ({ id: 'e1', transferId: 't1', template: 'action-plan', section: actions.id, grouping: '', position: 1, version: 3, data, createdAt: '', updatedAt: '', createdBy: null, updatedBy: null } as unknown as Entry);
const sections = new Map<string, Section>([[`action-plan/${actions.id}`, actions]]);
const textField = actions.fields.find((f) => f.type === 'text')!.id;
const cells = (csv: string) => csv.trim().split('\r\n')[1];

describe('neutraliseFormula', () => {
  it.each(['=1+1', '+31 20 555', '-2', '@SUM(A1)', '\tindent', '\rline'])('puts an apostrophe before %j, which a spreadsheet would run', (text) => {
    expect(neutraliseFormula(text)).toBe(`'${text}`);
  });
  it('leaves ordinary text alone', () => {
    expect(neutraliseFormula('Train 40 nurses = 2 cohorts')).toBe('Train 40 nurses = 2 cohorts');
  });
});

describe('exportCsv', () => {
  it('neutralises a formula typed into a record', () => {
    const csv = exportCsv([entry({ [textField]: '=HYPERLINK("http://evil.example","Click")' })], sections);
    expect(cells(csv)).toContain(`"'=HYPERLINK(""http://evil.example"",""Click"")"`);
    expect(cells(csv)).not.toMatch(/,"=/);
  });
  it('keeps numbers and ordinary text as they are', () => {
    const csv = exportCsv([entry({ [textField]: 'Plain text' })], sections);
    expect(cells(csv)).toContain('"1","e1","3"');
    expect(cells(csv)).toContain('"Plain text"');
  });
  it('starts with the byte-order mark, so Excel in a European locale reads the accents', () => {
    expect(exportCsv([entry({ [textField]: 'Évaluation' })], sections)).toMatch(/^\uFEFF"template","section",/);
  });
});
