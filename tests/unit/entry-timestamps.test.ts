/**
 * created_at is when a record was made and updated_at when it last changed: until migration 0004 the schema mapped
 * updatedAt onto created_at, so every update overwrote it. Saves against a real SQLite, and the migration's repair.
 */
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadActor } from '../../src/lib/server/accounts.ts';
import { schema } from '../../src/lib/server/db.ts';
import { openTransfer, placeEntry, saveEntry } from '../../src/lib/server/transfers/commands.ts';
import { getEntry, loadTransfer } from '../../src/lib/server/transfers/queries.ts';
import { templateSchema } from '../../src/schemas/template.ts';
import { createProgramme, createTestDb, onPostgres } from '../support/db.ts';
import { readFrontmatter } from '../support/site.ts';

const swotItem = templateSchema.parse(readFrontmatter('templates', 'swot')).sections[0];
const practice = { id: 'shared-care-platform', title: 'Shared Care Platform', featureIds: [] };
const at = (iso: string) => ({ ip: '127.0.0.1', now: new Date(iso) });

describe('saving a record', () => {
  it('keeps created_at when it is updated, moves updated_at, and a move changes neither', async () => {
    const db = await createTestDb();
    const p = await createProgramme(db);
    const opened = await openTransfer(db, await loadActor(db, p.coordinator.id), { organisationId: p.organisations.adopter.id, practiceId: practice.id, mentorIds: [p.mentor.id] }, [practice], at('2027-01-01T09:00:00.000Z'));
    if (!opened.ok) throw new Error(JSON.stringify(opened));
    const transfer = (await loadTransfer(db, opened.transferId))!;
    const editor = await loadActor(db, p.editor.id);
    const target = { template: 'swot' as const, section: swotItem, grouping: 'threats' };
    const created = await saveEntry(db, editor, transfer, target, { values: { statement: 'A', impact: '2' } }, {}, at('2027-01-02T10:00:00.000Z'));
    if (!created.ok) throw new Error(JSON.stringify(created));
    expect(await getEntry(db, transfer.id, created.entryId)).toMatchObject({ createdAt: '2027-01-02T10:00:00.000Z', updatedAt: '2027-01-02T10:00:00.000Z' });

    expect(await saveEntry(db, editor, transfer, target, { entryId: created.entryId, version: 1, values: { statement: 'A, reworded', impact: '3' } }, {}, at('2027-03-15T16:30:00.000Z'))).toMatchObject({ ok: true });
    expect(await getEntry(db, transfer.id, created.entryId)).toMatchObject({ version: 2, createdAt: '2027-01-02T10:00:00.000Z', updatedAt: '2027-03-15T16:30:00.000Z', updatedBy: p.editor.id });

    const other = await saveEntry(db, editor, transfer, target, { values: { statement: 'B', impact: '1' } }, {}, at('2027-04-01T08:00:00.000Z'));
    if (!other.ok) throw new Error(JSON.stringify(other));
    expect(await placeEntry(db, editor, transfer, other.entryId, { before: created.entryId }, at('2027-05-01T08:00:00.000Z'))).toEqual({ ok: true });
    expect(await getEntry(db, transfer.id, created.entryId)).toMatchObject({ position: 2, createdAt: '2027-01-02T10:00:00.000Z', updatedAt: '2027-03-15T16:30:00.000Z' });
  });
});

// A data fix inside the SQLite migrations; the PostgreSQL migrations start from the fixed schema.
describe.skipIf(onPostgres)('migration 0004', () => {
  let dir: string | undefined;
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('moves the overwritten created_at to updated_at and takes created_at back from the entry.create audit event', () => {
    // The migrations up to 0003, with the journal trimmed to them: the database as it was before the fix.
    const migrations = resolve('db/migrations');
    dir = mkdtempSync(join(tmpdir(), 'migrations-0003-'));
    mkdirSync(join(dir, 'meta'));
    const journal = JSON.parse(readFileSync(join(migrations, 'meta/_journal.json'), 'utf8')) as { entries: { idx: number; tag: string }[] };
    journal.entries = journal.entries.filter((e) => e.idx <= 3);
    expect(journal.entries.map((e) => e.tag).at(-1)).toBe('0003_transfer_revision');
    writeFileSync(join(dir, 'meta/_journal.json'), JSON.stringify(journal));
    for (const e of journal.entries) copyFileSync(join(migrations, `${e.tag}.sql`), join(dir, `${e.tag}.sql`));

    const client = new Database(':memory:');
    client.pragma('foreign_keys = ON');
    const db = drizzle(client, { schema });
    migrate(db, { migrationsFolder: dir });
    expect(client.prepare("select count(*) as n from pragma_table_info('entry') where name = 'updated_at'").get()).toEqual({ n: 0 });
    client.exec(`
      insert into organisation (id, name, kind) values ('o1', 'Adopter', 'next-adopter');
      insert into transfer (id, organisation_id, practice_id, title) values ('t1', 'o1', 'p', 'T');
      -- Made on 2 January, updated on 15 March: the old mapping left the update's time in created_at.
      insert into entry (id, transfer_id, template, section, data, version, created_at) values ('e1', 't1', 'swot', 'swot-item', '{}', 2, '2027-03-15T16:30:00.000Z');
      insert into audit_event (created_at, action, outcome, target_type, target_id) values ('2027-01-02T10:00:00.000Z', 'entry.create', 'success', 'entry', 'e1');
      insert into audit_event (created_at, action, outcome, target_type, target_id) values ('2027-03-15T16:30:00.000Z', 'entry.update', 'success', 'entry', 'e1');
      -- A demo record, never created through a save: no audit event to repair it from.
      insert into entry (id, transfer_id, template, section, data, created_at) values ('e2', 't1', 'swot', 'swot-item', '{}', '2026-11-30T12:00:00.000Z');
    `);

    migrate(db, { migrationsFolder: migrations });
    const rows = client.prepare('select id, created_at, updated_at from entry order by id').all();
    expect(rows).toEqual([
      { id: 'e1', created_at: '2027-01-02T10:00:00.000Z', updated_at: '2027-03-15T16:30:00.000Z' },
      { id: 'e2', created_at: '2026-11-30T12:00:00.000Z', updated_at: '2026-11-30T12:00:00.000Z' },
    ]);
    client.close();
  });
});
