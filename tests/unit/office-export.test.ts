/** The spreadsheet and JSON exports of a transfer, opened the way a spreadsheet or a script would open them. */
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { addComment } from '../../src/lib/server/review/commands.ts';
import { exportComments, exportJson } from '../../src/lib/server/transfers/export.ts';
import { exportSections, type ExportTable } from '../../src/lib/server/transfers/export-tables.ts';
import { downloadableTables, sectionCsvResponse, workbookResponse } from '../../src/lib/server/transfers/office-export.ts';
import { listAllEntries, listFeatureChoices, loadTransfer } from '../../src/lib/server/transfers/queries.ts';
import { saveEntry } from '../../src/lib/server/transfers/commands.ts';
import { tableCsv } from '../../src/lib/server/transfers/section-csv.ts';
import { sheetNames } from '../../src/lib/server/transfers/workbook.ts';
import { fieldLinkingTo, fieldWithRole } from '../../src/lib/server/templates/registry.ts';
import type { Db } from '../../src/lib/server/db.ts';
import { createTestDb } from '../support/db.ts';
import { byRole, meta, monitoringSetup, sectionOf, templates } from '../support/monitoring.ts';

const practice = { title: 'Shared Care Platform', features: [{ id: 'one-screen-overview', name: 'One-screen overview' }] };

/** The cells of an XLSX workbook by sheet name, text looked up in the shared strings, as a spreadsheet reads them. */
function readWorkbook(bytes: Uint8Array): Map<string, (string | number)[][]> {
  const files = unzipSync(bytes);
  const text = (path: string) => strFromU8(files[path]!);
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  const shared = files['xl/sharedStrings.xml'] ? [...text('xl/sharedStrings.xml').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => unescape([...m[1]!.matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => t[1]).join(''))) : [];
  const rels = new Map([...text('xl/_rels/workbook.xml.rels').matchAll(/<Relationship [^>]*Id="([^"]+)"[^>]*Target="([^"]+)"/g)].map((m) => [m[1]!, m[2]!]));
  const sheets = new Map<string, (string | number)[][]>();
  for (const [tag] of text('xl/workbook.xml').matchAll(/<sheet [^>]*>/g)) {
    const name = /name="([^"]+)"/.exec(tag)![1]!;
    const xml = text(`xl/${rels.get(/r:id="([^"]+)"/.exec(tag)![1]!)!.replace(/^\/?xl\//, '')}`);
    const rows: (string | number)[][] = [];
    for (const c of xml.matchAll(/<c r="([A-Z]+)(\d+)"([^>]*?)(?:\/>|>(?:<v>([^<]*)<\/v>)?<\/c>)/g)) {
      const col = [...c[1]!].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
      const row = (rows[Number(c[2]) - 1] ??= []);
      if (c[4] !== undefined) row[col] = /t="s"/.test(c[3]!) ? shared[Number(c[4])]! : Number(c[4]);
    }
    sheets.set(unescape(name), rows);
  }
  return sheets;
}

const excelDay = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000 + 25_569;

describe('sheetNames', () => {
  it('keeps names within 31 characters, without the characters Excel forbids, and different from each other', () => {
    const names = sheetNames(['Key performance indicators and their baselines', 'Risks: what / could [go] wrong?', 'Needs', 'needs', 'History', "'Quoted'", '']);
    expect(names).toEqual(['Key performance indicators and', 'Risks- what - could -go- wrong-', 'Needs', 'needs (2)', 'History (2)', 'Quoted', 'Sheet']);
    for (const n of names) expect(n.length).toBeLessThanOrEqual(31);
  });
  it('numbers a long name that clashes within the limit', () => {
    const [a, b] = sheetNames(['Stakeholders and governance of the region', 'Stakeholders and governance of the regions']);
    expect(a).toBe('Stakeholders and governance of');
    expect(b).toBe('Stakeholders and governance (2)');
  });
});

describe('the spreadsheet exports of a transfer', () => {
  let db: Db;
  let setup: Awaited<ReturnType<typeof monitoringSetup>>;
  let needId: string, objectiveId: string, actionId: string;
  const actions = sectionOf('actions').section;
  const objectives = sectionOf('objectives').section;

  /** byRole fills what is required with text; a required date needs a date, a number or score a number. */
  const filled = (section: typeof actions, values: Record<string, string>) =>
    Object.fromEntries(Object.entries(values).map(([id, v]) => {
      const type = section.fields.find((f) => f.id === id)?.type;
      return [id, v !== 'Filled in' ? v : type === 'date' ? '2027-06-30' : type === 'number' || type === 'score' ? '3' : v];
    }));

  /** A record saved by the team's editor, its link field pointing at one target, as the form would post it. */
  async function saveLinked(role: Parameters<typeof sectionOf>[0], values: Record<string, string>, target: string, id: string) {
    const at = sectionOf(role);
    values = filled(at.section, values);
    const saved = await saveEntry(db, await setup.as(setup.p.editor.id), setup.transfer, { template: at.kind, section: at.section }, { values: { ...values, [fieldLinkingTo(at.section, target)!.id]: [id] } }, { [target]: [id] }, meta);
    if (!saved.ok) throw new Error(JSON.stringify(saved));
    return saved.entryId;
  }

  beforeAll(async () => {
    db = await createTestDb();
    setup = await monitoringSetup(db);
    needId = await saveLinked('needs', byRole(sectionOf('needs').section, { title: 'Shared "care" plans, across sectors' }), 'core-features', 'one-screen-overview');
    objectiveId = await saveLinked('objectives', byRole(objectives, { title: 'Every frail patient has one shared plan' }), 'needs-scope/needs', needId);
    actionId = await saveLinked('actions', byRole(actions, { title: '=HYPERLINK("http://evil.example")', start: '2027-01-15', end: '2027-03-31', progress: '12.5' }), 'action-plan/objectives', objectiveId);
  });

  it('gives a workbook with a sheet per section that has records, named by the template, linked items by title and id', async () => {
    const transfer = (await loadTransfer(db, setup.transfer.id))!;
    const response = await workbookResponse(db, transfer, templates(), practice, new Date('2026-12-07T10:00:00Z'));
    expect(response.headers.get('Content-Type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers.get('Content-Disposition')).toBe(`attachment; filename="transfer-${transfer.id}.xlsx"`);
    const book = readWorkbook(new Uint8Array(await response.arrayBuffer()));
    expect([...book.keys()]).toEqual(['Transfer', 'Core features', 'Needs', 'Objectives', 'Actions']);

    const sheet = book.get('Actions')!;
    const headers = sheet[0]!;
    const linkField = fieldLinkingTo(actions, 'action-plan/objectives')!;
    expect(headers).toEqual([...actions.fields.flatMap((f) => (f.linksTo ? [f.label, `${f.label} (ids)`] : [f.label])), 'Id', 'Last updated']);
    const row = sheet[1]!;
    expect(row[headers.indexOf(linkField.label)]).toBe('Every frail patient has one shared plan');
    expect(row[headers.indexOf(`${linkField.label} (ids)`)]).toBe(objectiveId);
    expect(row[headers.indexOf('Id')]).toBe(actionId);
    // Dates are spreadsheet dates (a day number), numbers numbers; a formula typed as a title stays text.
    expect(row[headers.indexOf(fieldWithRole(actions, 'end')!.label)]).toBe(excelDay('2027-03-31'));
    expect(row[headers.indexOf(fieldWithRole(actions, 'progress')!.label)]).toBe(12.5);
    expect(row[headers.indexOf(fieldWithRole(actions, 'title')!.label)]).toBe('=HYPERLINK("http://evil.example")');

    // Core features by their name from the practice.
    const needs = book.get('Needs')!;
    const coreLabel = fieldLinkingTo(sectionOf('needs').section, 'core-features')!.label;
    expect(needs[1]![needs[0]!.indexOf(coreLabel)]).toBe('One-screen overview');
    expect(book.get('Core features')![1]).toEqual(['One-screen overview', 'Not decided', undefined, 'one-screen-overview']);
    expect(book.get('Transfer')!.flat()).toContain(transfer.organisationName);
  });

  it('gives a SWOT a sheet per quadrant and the maturity self-assessment one sheet headed by dimension, in the templates’ order', async () => {
    const registry = templates();
    const swot = sectionOf('swot-items');
    const maturity = sectionOf('assessment');
    const [firstQuadrant, lastQuadrant] = [registry.templates.get(swot.kind)!.quadrants[0]!, registry.templates.get(swot.kind)!.quadrants.at(-1)!];
    const editor = await setup.as(setup.p.editor.id);
    for (const [grouping, statement] of [[lastQuadrant.id, 'Staff shortages in home care'], [firstQuadrant.id, 'Shared records already exist']])
      expect((await saveEntry(db, editor, setup.transfer, { template: swot.kind, section: swot.section, grouping }, { values: filled(swot.section, byRole(swot.section, { title: statement })) }, {}, meta)).ok).toBe(true);
    const dimension = registry.templates.get(maturity.kind)!.dimensions[2]!;
    const score = fieldWithRole(maturity.section, 'score')!;
    expect((await saveEntry(db, editor, setup.transfer, { template: maturity.kind, section: maturity.section, grouping: dimension.id }, { values: filled(maturity.section, byRole(maturity.section, { score: '3' })) }, {}, meta)).ok).toBe(true);

    const transfer = (await loadTransfer(db, setup.transfer.id))!;
    const book = readWorkbook(new Uint8Array(await (await workbookResponse(db, transfer, registry, practice)).arrayBuffer()));
    const names = [...book.keys()];
    expect(names.indexOf(firstQuadrant.title)).toBeGreaterThan(0);
    expect(names.indexOf(lastQuadrant.title)).toBeGreaterThan(names.indexOf(firstQuadrant.title));
    expect(book.get(lastQuadrant.title)![1]![0]).toBe('Staff shortages in home care');
    const sheet = book.get(registry.kind(maturity.kind)!.title)!;
    expect(sheet[0]!.slice(0, 2)).toEqual(['Dimension', score.label]);
    expect(sheet[1]!.slice(0, 2)).toEqual([dimension.name, 3]);
  });

  it('names every possible sheet uniquely within Excel’s limits', () => {
    const names = sheetNames(exportSections(templates()).map((s) => s.title));
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
    expect(names).toContain('Strengths');
    expect(names).toContain('Maturity self-assessment');
  });

  it('gives one section as a CSV with a byte-order mark, semicolons and decimal commas by default', async () => {
    const transfer = (await loadTransfer(db, setup.transfer.id))!;
    const response = (await sectionCsvResponse(db, transfer, templates(), practice, `${sectionOf('actions').kind}.${actions.id}`, 'semicolon'))!;
    expect(response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, row] = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '').split('\r\n');
    expect(header!.startsWith(`"${actions.fields[0]!.label}";`)).toBe(true);
    expect(row).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    expect(row).toContain(';12,5;');
    expect(row).toContain('"Every frail patient has one shared plan"');
    expect(row).toContain('"2027-03-31"');
  });

  it('gives the comma-separated file with decimal points when asked', async () => {
    const transfer = (await loadTransfer(db, setup.transfer.id))!;
    const text = await (await sectionCsvResponse(db, transfer, templates(), practice, `${sectionOf('actions').kind}.${actions.id}`, 'comma'))!.text();
    expect(text.split('\r\n')[1]).toContain(',12.5,');
  });

  it('offers the core-feature decisions and the sections with records, and gives the decisions by feature name', async () => {
    const transfer = (await loadTransfer(db, setup.transfer.id))!;
    const titles = (await downloadableTables(db, transfer.id, templates())).map((t) => t.title);
    expect(titles[0]).toBe('Core features');
    expect(titles.filter((t) => ['Needs', 'Objectives', 'Actions', 'Risks', 'Key performance indicators'].includes(t))).toEqual(['Needs', 'Objectives', 'Actions']);
    const text = await (await sectionCsvResponse(db, transfer, templates(), practice, 'core-features', 'semicolon'))!.text();
    expect(text.split('\r\n')[1]).toBe('"One-screen overview";"Not decided";;"one-screen-overview"');
  });

  it('answers nothing for a section no template has', async () => {
    const transfer = (await loadTransfer(db, setup.transfer.id))!;
    expect(await sectionCsvResponse(db, transfer, templates(), practice, 'nothing.here', 'comma')).toBeUndefined();
  });

  it('quotes by RFC 4180: delimiters, quotes and line breaks stay inside their cell; leading + - @ are neutralised', () => {
    const table: ExportTable = { slug: 't', title: 'T', columns: [{ header: 'A', type: 'text' }, { header: 'B', type: 'text' }], rows: [['a;b,c', 'say "hi"\r\nnext line'], ['+31 20', '@SUM(A1)'], ['-2', null]] };
    const text = tableCsv(table, 'semicolon');
    expect(text).toBe('\uFEFF"A";"B"\r\n"a;b,c";"say ""hi""\r\nnext line"\r\n"\'+31 20";"\'@SUM(A1)"\r\n"\'-2";\r\n');
  });

  it('puts the review comments in the JSON export, with their authors, stage, status and dates, and linked titles', async () => {
    await setup.submit();
    const transfer = (await loadTransfer(db, setup.transfer.id))!;
    const stage = setup.planStage;
    const asked = await addComment(db, await setup.as(setup.p.mentor.id), transfer, stage, { body: 'Who pays for this?', entryId: actionId, required: 'on' }, () => undefined, meta);
    expect(asked.ok).toBe(true);
    const registry = templates();
    const body = exportJson({
      transfer,
      practiceTitle: practice.title,
      choices: await listFeatureChoices(db, transfer.id),
      entries: await listAllEntries(db, transfer.id),
      registry,
      features: practice.features,
      comments: await exportComments(db, transfer.id),
    });
    expect(body.reviewComments).toEqual([
      expect.objectContaining({ author: 'Test mentor', stage: stage.id, stageTitle: stage.title, version: 1, entryId: actionId, entryTitle: '=HYPERLINK("http://evil.example")', body: 'Who pays for this?', required: true, status: 'open', createdAt: expect.any(String), editedAt: null }),
    ]);
    const action = (body.records[sectionOf('actions').kind]![actions.id]![0] as { links: Record<string, { id: string; title: string }[]> });
    expect(action.links[fieldLinkingTo(actions, 'action-plan/objectives')!.id]).toEqual([{ id: objectiveId, title: 'Every frail patient has one shared plan' }]);
  });
});
