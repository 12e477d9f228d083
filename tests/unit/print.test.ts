import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadActor } from '../../src/lib/server/accounts.ts';
import { first as firstRow, schema, type Db } from '../../src/lib/server/db.ts';
import { citationText, loadPrintModel, transferPdf, versionPdf, versionPdfPath } from '../../src/lib/server/print/documents.ts';
import { buildPrintModel } from '../../src/lib/server/print/model.ts';
import { pdfDefinition, renderPdf } from '../../src/lib/server/print/pdf.ts';
import { submitStage } from '../../src/lib/server/review/commands.ts';
import { openTransfer, setFeatureChoice } from '../../src/lib/server/transfers/commands.ts';
import { loadTransfer, type LoadedTransfer } from '../../src/lib/server/transfers/queries.ts';
import { templateSchema } from '../../src/schemas/template.ts';
import { createProgramme, createTestDb } from '../support/db.ts';
import { compact, pdfText } from '../support/pdf-text.ts';
import { realTemplates, reviewStage, templateFrontmatter, templateRegistry } from '../support/templates.ts';

/** Field ids of content/templates/*.mdx (needs-and-scope, swot, maturity-self-assessment): the records are written directly. */
const practice = {
  title: 'Shared Care Platform',
  features: [
    { id: 'one-screen-overview', name: 'One-screen overview', requiredMaturity: [{ dimension: 'digital-infrastructure', level: 4 }] },
    { id: 'care-coordinator', name: 'Care coordinator' },
  ],
};
const meta = { ip: '127.0.0.1', origin: 'https://portal.example' };
const longNeed = 'Shared care plans are seen by every professional caring for the same person, at home and in hospital, without a second login';

let db: Db;
let p: Awaited<ReturnType<typeof createProgramme>>;
let transfer: LoadedTransfer;
let position = 0;
const registry = realTemplates();

async function record(template: string, section: string, grouping: string, data: Record<string, unknown>) {
  const id = crypto.randomUUID();
  await db.insert(schema.entry).values({ id, transferId: transfer.id, template, section, grouping, position: ++position, data: JSON.stringify(data), createdBy: p.editor.id, updatedBy: p.editor.id });
  return id;
}

beforeEach(async () => {
  db = await createTestDb();
  p = await createProgramme(db);
  const practices = [{ id: 'shared-care-platform', title: practice.title, featureIds: practice.features.map((f) => f.id) }];
  const opened = await openTransfer(db, await loadActor(db, p.coordinator.id), { organisationId: p.organisations.adopter.id, practiceId: 'shared-care-platform', mentorIds: [p.mentor.id] }, practices, { ip: meta.ip });
  if (!opened.ok) throw new Error(JSON.stringify(opened));
  transfer = (await loadTransfer(db, opened.transferId))!;
  position = 0;
});

/** A SWOT filled in from the last quadrant to the first, and maturity scores from the last dimension to the first. */
async function fillSituation() {
  const need = await record('needs-scope', 'needs', '', { 'need-statement': longNeed, priority: 'High' });
  for (const quadrant of ['threats', 'opportunities', 'weaknesses', 'strengths']) await record('swot', 'swot-item', quadrant, { statement: `A ${quadrant} finding`, 'related-needs': [need] });
  for (const dimension of ['capacity-building', 'digital-infrastructure', 'readiness-to-change']) await record('maturity', 'assessment', dimension, { score: 2, note: `About ${dimension}` });
  return need;
}

describe('buildPrintModel', () => {
  it('lists SWOT quadrants and maturity dimensions in the template’s order, not the alphabet’s', async () => {
    await fillSituation();
    const model = await loadPrintModel(db, transfer, practice, registry, '2026-12-07');
    const swot = model.forms.find((f) => f.kind === 'swot')!;
    expect(swot.sections[0]!.groups.map((g) => g.title)).toEqual(['Strengths', 'Weaknesses', 'Opportunities', 'Threats']);
    expect(swot.sections[0]!.groups.map((g) => g.items[0]?.label)).toEqual(['A strengths finding', 'A weaknesses finding', 'A opportunities finding', 'A threats finding']);
    const maturity = model.forms.find((f) => f.kind === 'maturity')!;
    const dimensions = registry.templates.get('maturity')!.dimensions.map((d) => d.name);
    expect(maturity.sections[0]!.groups.map((g) => g.title)).toEqual(dimensions);
    expect(maturity.sections[0]!.groups.filter((g) => g.items.length).map((g) => g.id)).toEqual(['readiness-to-change', 'digital-infrastructure', 'capacity-building']);
  });

  it('prints a linked record by its whole title, however long', async () => {
    await fillSituation();
    const model = await loadPrintModel(db, transfer, practice, registry, '2026-12-07');
    const item = model.forms.find((f) => f.kind === 'swot')!.sections[0]!.groups[0]!.items[0]!;
    expect(item.fields.find((f) => f.label.toLowerCase().includes('need'))?.text).toBe(longNeed);
    expect(model.trace!.rows[0]!.swotItems).toHaveLength(4);
    expect(model.label(model.trace!.rows[0]!.need)).toBe(longNeed);
  });

  it('words keep / adapt / drop as the template does, and says when a feature is not decided', async () => {
    const saved = await setFeatureChoice(db, await loadActor(db, p.editor.id), transfer, practice.features.map((f) => f.id), { featureId: 'one-screen-overview', decision: 'keep', note: 'As in the original', version: '0' }, meta);
    expect(saved.ok).toBe(true);
    const model = await loadPrintModel(db, transfer, practice, registry, '2026-12-07');
    const worded = templateFrontmatter()['needs-and-scope']!.workspace as { review: { coreFeatureOptions: { keep: string } } };
    expect(model.decisions).toEqual([
      { featureId: 'one-screen-overview', name: 'One-screen overview', decision: worded.review.coreFeatureOptions.keep, note: 'As in the original' },
      { featureId: 'care-coordinator', name: 'Care coordinator', decision: 'Not decided', note: '' },
    ]);
  });

  it('gives the radar the scores and the highest level a core feature needs, and the actions their timeline', async () => {
    await fillSituation();
    await record('action-plan', 'actions', '', { title: 'Train the coordinators', start: '2026-01-01', end: '2026-03-31', status: 'Not started' });
    const model = await loadPrintModel(db, transfer, practice, registry, '2026-12-07');
    const radar = model.forms.find((f) => f.kind === 'maturity')!.radar!;
    expect(radar.scores['digital-infrastructure']).toBe(2);
    expect(radar.required['digital-infrastructure']).toBe(4);
    const actions = model.forms.flatMap((f) => f.sections).find((s) => s.timeline)!;
    expect(actions.timeline).toEqual([expect.objectContaining({ title: 'Train the coordinators', overdue: true })]);
  });
});

describe('featureDecisionLabel', () => {
  it('reads the words from the template that carries the decisions, so renaming them there renames them everywhere', () => {
    const files = templateFrontmatter();
    ((files['needs-and-scope']!.workspace as { review: Record<string, unknown> }).review).coreFeatureOptions = { keep: 'Behouden', adapt: 'Aanpassen', drop: 'Schrappen' };
    expect(templateRegistry(files).featureDecisionLabel('adapt')).toBe('Aanpassen');
  });

  it('refuses a template whose stage carries the decisions without wording them', () => {
    const file = structuredClone(templateFrontmatter()['needs-and-scope']!) as { workspace: { review: Record<string, unknown> } };
    delete file.workspace.review.coreFeatureOptions;
    expect(templateSchema.safeParse(file).success).toBe(false);
  });
});

describe('PDFs', () => {
  it('makes the whole transfer a PDF with its forms, radar and traceability in the print view’s words', async () => {
    await fillSituation();
    const model = await loadPrintModel(db, transfer, practice, registry, '2026-12-07');
    const pdf = await renderPdf(pdfDefinition(model, { title: 'The transfer', lines: [], created: new Date('2026-12-07T00:00:00Z'), author: 'x' }, '2026-12-07'), { compress: false });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = compact(pdfText(pdf));
    for (const words of ['Strengths', 'A threats finding', longNeed, 'Maturity radar', 'Traceability', 'Not decided']) expect(text).toContain(compact(words));
    expect(text.indexOf('Strengths')).toBeLessThan(text.indexOf('Opportunities'));
    expect((await transferPdf(db, transfer, practice, registry)).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('makes a submitted version a citable PDF from its snapshot: same bytes every time, whatever changed since', async () => {
    const need = await fillSituation();
    const submitted = await submitStage(db, await loadActor(db, p.editor.id), transfer, reviewStage('situation'), { note: 'First go' }, { ...meta, now: new Date('2026-11-02T09:30:00Z') });
    expect(submitted.ok).toBe(true);
    const make = () => versionPdf(db, transfer, reviewStage('situation'), 1, practice, registry, meta.origin, { compress: false });
    const first = (await make())!;
    // Edited after submission: the archived copy does not change.
    await db.update(schema.entry).set({ data: JSON.stringify({ 'need-statement': 'Renamed need', priority: 'Low' }) }).where(eq(schema.entry.id, need));
    await record('swot', 'swot-item', 'strengths', { statement: 'Added later' });
    const again = (await make())!;
    expect(again.equals(first)).toBe(true);
    const row = (await firstRow(db.select().from(schema.submission).where(eq(schema.submission.transferId, transfer.id)).limit(1)))!;
    const citation = citationText({
      organisation: transfer.organisationName,
      practice: practice.title,
      stage: reviewStage('situation').title,
      version: 1,
      submittedAt: row.submittedAt,
      sha256: createHash('sha256').update(row.snapshot).digest('hex'),
      url: `${meta.origin}${versionPdfPath(transfer.id, 'situation', 1)}`,
    });
    expect(citation).toContain('2 Nov 2026');
    const text = compact(pdfText(first));
    expect(text).toContain(compact(citation));
    expect(text).toContain(compact(longNeed));
    expect(text).not.toContain('Addedlater');
    expect(first.toString('latin1')).toContain('(D:20261102093000Z)');
    expect(await versionPdf(db, transfer, reviewStage('situation'), 2, practice, registry, meta.origin)).toBeUndefined();
  });

  it('still gives the radar’s and timeline’s facts as tables when the drawings are left out', async () => {
    await fillSituation();
    await record('action-plan', 'actions', '', { title: 'Train the coordinators', start: '2026-01-01', end: '2026-03-31', status: 'Not started' });
    const model = await loadPrintModel(db, transfer, practice, registry, '2026-12-07');
    const definition = pdfDefinition(model, { title: 'T', lines: [], created: new Date('2026-12-07T00:00:00Z'), author: 'x' }, '2026-12-07', { charts: false });
    expect(JSON.stringify(definition.content)).not.toContain('"svg"');
    const text = compact(pdfText(await renderPdf(definition, { compress: false })));
    for (const words of ['Digital infrastructure', 'Needed by the practice', 'Train the coordinators (overdue)', '1 Jan 2026', '31 Mar 2026']) expect(text).toContain(compact(words));
  });

  it('keeps a version’s forms to those of its stage', async () => {
    await fillSituation();
    await record('action-plan', 'actions', '', { title: 'Not in this stage' });
    const snapshot = { entries: (await db.select().from(schema.entry)).map((e) => ({ ...e, data: JSON.parse(e.data) })) };
    const model = buildPrintModel({ registry, records: snapshot.entries, features: practice.features, kinds: reviewStage('situation').kinds, today: '2026-12-07' });
    expect(model.forms.map((f) => f.kind)).toEqual(['swot', 'maturity']);
    expect(model.decisions).toBeUndefined();
  });
});
