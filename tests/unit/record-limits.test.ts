/** How many records a transfer keeps per section, and that reading and exporting them stays bounded (a real database). */
import { and, eq, sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadActor } from '../../src/lib/server/accounts.ts';
import { rawRows, schema, writeTransaction, type Db } from '../../src/lib/server/db.ts';
import { openTransfer, saveEntry } from '../../src/lib/server/transfers/commands.ts';
import { saveTemplateForm } from '../../src/lib/server/transfers/entry-form.ts';
import { recordsPerSection } from '../../src/lib/server/transfers/entry-schema.ts';
import { csvBatch, csvExportResponse } from '../../src/lib/server/transfers/export.ts';
import { downloadableTables } from '../../src/lib/server/transfers/office-export.ts';
import { countEntriesByGroup, entryTotals, groupKey, placesWithEntriesQuery, listAllEntries, loadTransfer } from '../../src/lib/server/transfers/queries.ts';
import { templateSchema } from '../../src/schemas/template.ts';
import { createProgramme, createTestDb, onPostgres } from '../support/db.ts';
import { templates } from '../support/monitoring.ts';
import { readFrontmatter } from '../support/site.ts';

const template = (id: string) => templateSchema.parse(readFrontmatter('templates', id));
const plan = template('action-plan');
const actions = plan.sections.find((s) => s.role === 'actions')!;
const risks = plan.sections.find((s) => s.id === 'risks')!;
const swot = template('swot');
const swotItem = swot.sections[0];
const practice = { id: 'shared-care-platform', title: 'Shared Care Platform', featureIds: ['one-screen-overview'] };
const meta = { ip: '127.0.0.1' };

let db: Db;
let p: Awaited<ReturnType<typeof createProgramme>>;
let transfer: NonNullable<Awaited<ReturnType<typeof loadTransfer>>>;

beforeEach(async () => {
  db = await createTestDb();
  p = await createProgramme(db);
  const opened = await openTransfer(db, await loadActor(db, p.coordinator.id), { organisationId: p.organisations.adopter.id, practiceId: practice.id, mentorIds: [p.mentor.id] }, [practice], meta);
  if (!opened.ok) throw new Error(JSON.stringify(opened));
  transfer = (await loadTransfer(db, opened.transferId))!;
});

/** Records put straight into the table, as the tester's ordinary saves did before there was a limit. */
async function fill(n: number, where: { template: string; section: string; grouping?: string }, data: (i: number) => object = (i) => ({ title: `Action ${i}`, owner: 'GP', status: 'Done' })) {
  const at = '2027-01-01T00:00:00.000Z';
  const rows = Array.from({ length: n }, (_, i) => ({ id: crypto.randomUUID(), transferId: transfer.id, template: where.template, section: where.section, grouping: where.grouping ?? '', position: i + 1, data: JSON.stringify(data(i + 1)), createdAt: at, updatedAt: at }));
  await writeTransaction(db, async (tx) => {
    for (let i = 0; i < rows.length; i += 1000) await tx.insert(schema.entry).values(rows.slice(i, i + 1000));
  });
}
const countIn = async (template: string, section: string) => (await db.select().from(schema.entry).where(and(eq(schema.entry.transferId, transfer.id), eq(schema.entry.template, template), eq(schema.entry.section, section)))).length;
const action = (title: string) => ({ title, owner: 'Municipality', status: 'Not started' });

describe('records per section', () => {
  it(`keeps at most ${recordsPerSection} records of a section, with a clear message and nothing written`, async () => {
    const editor = await loadActor(db, p.editor.id);
    await fill(recordsPerSection - 1, { template: 'action-plan', section: actions.id });
    expect(await saveEntry(db, editor, transfer, { template: 'action-plan', section: actions }, { values: action('The last one') }, {}, meta)).toMatchObject({ ok: true });
    const revision = (await loadTransfer(db, transfer.id))!.revision;
    const refused = await saveEntry(db, editor, transfer, { template: 'action-plan', section: actions }, { values: action('One too many') }, {}, meta);
    expect(refused).toEqual({ ok: false, status: 409, errors: { '': [expect.stringMatching(new RegExp(`^Actions: a transfer keeps at most ${recordsPerSection} items here`))] } });
    expect(await countIn('action-plan', actions.id)).toBe(recordsPerSection);
    expect((await loadTransfer(db, transfer.id))!.revision).toBe(revision);
    // Other sections and other transfers are their own; a record at the limit can still be changed.
    expect(await saveEntry(db, editor, transfer, { template: 'action-plan', section: risks }, { values: { risk: 'Staff leave', likelihood: '2', impact: '3' } }, {}, meta)).toMatchObject({ ok: true });
    const [first] = await listAllEntries(db, transfer.id);
    expect(await saveEntry(db, editor, transfer, { template: 'action-plan', section: actions }, { entryId: first.id, version: first.version, values: action('Changed') }, {}, meta)).toMatchObject({ ok: true });
  });

  it('counts all groups of a section together (the SWOT quadrants)', async () => {
    const editor = await loadActor(db, p.editor.id);
    await fill(recordsPerSection / 2, { template: 'swot', section: swotItem.id, grouping: 'strengths' }, () => ({ statement: 'S', impact: 3 }));
    await fill(recordsPerSection / 2, { template: 'swot', section: swotItem.id, grouping: 'threats' }, () => ({ statement: 'T', impact: 3 }));
    expect(await saveEntry(db, editor, transfer, { template: 'swot', section: swotItem, grouping: 'weaknesses' }, { values: { statement: 'W', impact: '2' } }, {}, meta)).toMatchObject({ ok: false, status: 409 });
  });

  it('answers the form with the message and what was typed, as any other refused save (no 500)', async () => {
    const editor = await loadActor(db, p.editor.id);
    await fill(recordsPerSection, { template: 'action-plan', section: actions.id });
    const form = new URLSearchParams({ section: actions.id, grouping: '', version: '0', 'f.title': 'Train 40 nurses', 'f.owner': 'Hospital', 'f.status': 'Not started', 'f.start': '2027-03-01' });
    const result = await saveTemplateForm(db, editor, transfer, 'action-plan', { sections: plan.sections, groupings: [''] }, [], form, meta);
    expect(result).toMatchObject({ ok: false, status: 409, key: `${actions.id}/`, values: { title: 'Train 40 nurses', owner: 'Hospital', start: '2027-03-01' } });
    expect(result.ok === false && result.errors['']).toEqual([expect.stringContaining(`at most ${recordsPerSection}`)]);
  });

  it('takes the last place only once when two saves race for it', async () => {
    const editor = await loadActor(db, p.editor.id);
    await fill(recordsPerSection - 1, { template: 'action-plan', section: actions.id });
    const results = await Promise.all([1, 2, 3].map((i) => saveEntry(db, editor, transfer, { template: 'action-plan', section: actions }, { values: action(`Racer ${i}`) }, {}, meta)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await countIn('action-plan', actions.id)).toBe(recordsPerSection);
  });
});

describe('reading a transfer that grew past the limit before there was one', () => {
  it('lists the first records of each list, in order, and says how many there are', async () => {
    await fill(recordsPerSection * 5, { template: 'action-plan', section: actions.id });
    await fill(3, { template: 'action-plan', section: risks.id }, (i) => ({ risk: `Risk ${i}`, likelihood: 1, impact: 1 }));
    const entries = await listAllEntries(db, transfer.id);
    const shown = entries.filter((e) => e.section === actions.id);
    expect(shown).toHaveLength(recordsPerSection);
    expect(shown.map((e) => e.position)).toEqual(Array.from({ length: recordsPerSection }, (_, i) => i + 1));
    expect(entries.filter((e) => e.section === risks.id).map((e) => e.data.risk)).toEqual(['Risk 1', 'Risk 2', 'Risk 3']);
    const totals = await entryTotals(db, transfer.id, entries);
    expect(totals.get(groupKey('action-plan', actions.id))).toBe(recordsPerSection * 5);
    expect(totals.get(groupKey('action-plan', risks.id))).toBe(3);
  });
});

describe('the sections with records, for the downloads of the overview', () => {
  it('are looked up in a 50,000-record transfer with a step into the index per section, not by counting every record', async () => {
    await fill(49_000, { template: 'action-plan', section: actions.id });
    await fill(1_000, { template: 'swot', section: swotItem.id, grouping: 'threats' });
    const registry = templates();
    const slugs = (await downloadableTables(db, transfer.id, registry)).map((t) => t.slug);
    expect(new Set(slugs)).toEqual(new Set(['core-features', `swot.${swotItem.id}.threats`, `action-plan.${actions.id}`]));
    expect(slugs).toHaveLength(3);
    const query = placesWithEntriesQuery(transfer.id, [{ template: 'swot', section: swotItem.id, grouping: 'threats' }, { template: 'action-plan', section: actions.id }]);
    if (onPostgres) {
      const plan = (await rawRows<{ 'QUERY PLAN': string }>(db, sql`explain ${query}`)).map((r) => r['QUERY PLAN'].trim());
      expect(plan.filter((line) => / on entry\b/.test(line)).map((line) => line.replace(/ +\(cost=.*$/, ''))).toEqual([
        expect.stringMatching(/^-> +Index (Only )?Scan using entry_transfer_section on entry( entry_\d+)?$/),
        expect.stringMatching(/^-> +Index (Only )?Scan using entry_transfer_section on entry( entry_\d+)?$/),
      ]);
      expect(plan.join(' | ')).not.toMatch(/Seq Scan on entry|Sort/);
    } else {
      const plan = (await rawRows<{ detail: string }>(db, sql`explain query plan ${query}`)).map((r) => r.detail);
      expect(plan.filter((d) => d.includes(' entry '))).toEqual([
        'SEARCH entry EXISTS USING COVERING INDEX entry_transfer_section (transfer_id=? AND template=? AND section=? AND grouping=?)',
        'SEARCH entry EXISTS USING COVERING INDEX entry_transfer_section (transfer_id=? AND template=? AND section=?)',
      ]);
      expect(plan.join(' | ')).not.toMatch(/SCAN entry|TEMP B-TREE/);
    }
    const time = async (run: () => Promise<unknown>) => {
      const started = performance.now();
      for (let i = 0; i < 10; i++) await run();
      return (performance.now() - started) / 10;
    };
    const counting = await time(() => countEntriesByGroup(db, transfer.id));
    const lookingUp = await time(() => downloadableTables(db, transfer.id, registry));
    console.log(`50,000 records: sections with records looked up in ${lookingUp.toFixed(2)} ms, counted in ${counting.toFixed(2)} ms`);
    expect(lookingUp * 3).toBeLessThan(counting);
  });
});

describe('the CSV export', () => {
  const read = async (response: Response) => {
    const reader = response.body!.getReader();
    const chunks: string[] = [];
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(new TextDecoder().decode(r.value));
    return chunks;
  };

  it('is a stream read from the database a batch at a time, and holds every record of a plan at the limit', async () => {
    await fill(recordsPerSection, { template: 'action-plan', section: actions.id }, (i) => ({ title: `Action ${i}`, owner: '=cmd', status: 'Done', 'percent-done': i % 101 }));
    await fill(2, { template: 'action-plan', section: risks.id }, (i) => ({ risk: `Risk ${i}`, likelihood: 1, impact: 1 }));
    await fill(5, { template: 'swot', section: swotItem.id, grouping: 'strengths' }, () => ({ statement: 'not in the plan', impact: 1 }));
    const response = csvExportResponse(db, transfer.id, 'action-plan', plan.sections);
    expect(response.body).toBeInstanceOf(ReadableStream);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const chunks = await read(response);
    // The header and one batch per chunk: never the whole file in one string.
    expect(chunks.length).toBeGreaterThanOrEqual(Math.ceil((recordsPerSection + 2) / csvBatch));
    expect(Math.max(...chunks.map((c) => c.split('\r\n').length - 1))).toBeLessThanOrEqual(csvBatch + 1);
    const lines = chunks.join('').split('\r\n').slice(0, -1);
    expect(lines[0]).toMatch(/^"template","section","group","position","id","version","statement",/);
    expect(lines).toHaveLength(1 + recordsPerSection + 2);
    const titleColumn = lines[0].split(',').indexOf('"title"');
    expect(lines.slice(1, 4).map((l) => l.split(',')[titleColumn])).toEqual(['"Action 1"', '"Action 2"', '"Action 3"']);
    expect(lines[recordsPerSection].split(',')[titleColumn]).toBe(`"Action ${recordsPerSection}"`);
    expect(lines.at(-1)).toContain('"Risk 2"');
    expect(lines.join('\n')).not.toContain('not in the plan');
    expect(lines[1]).toContain(`"'=cmd"`);
  });

  it('starts with the UTF-8 byte-order mark, as every CSV of the portal does, so Excel reads the accents', async () => {
    await fill(2, { template: 'action-plan', section: actions.id }, (i) => ({ title: `Évaluation ${i}` }));
    const bytes = new Uint8Array(await csvExportResponse(db, transfer.id, 'action-plan', plan.sections).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toMatch(/^"template","section",.*\r\n.*"Évaluation 1"/s);
  });

  it('exports every record of a transfer past the limit, and stops reading when the download stops', async () => {
    await fill(recordsPerSection * 3, { template: 'action-plan', section: actions.id });
    const lines = (await read(csvExportResponse(db, transfer.id, 'action-plan', plan.sections))).join('').split('\r\n');
    expect(lines.length - 2).toBe(recordsPerSection * 3);
    const reader = csvExportResponse(db, transfer.id, 'action-plan', plan.sections).body!.getReader();
    await reader.read();
    await reader.cancel();
    // The connection is free for everyone else (an iterator left open would make this throw "connection is busy").
    expect(await listAllEntries(db, transfer.id)).toHaveLength(recordsPerSection);
  });
});
