/**
 * Migration 0007's data fix: required changes answered before issue 13 (when "addressed" was final) on stages
 * approved with them are accepted; answers on stages still in review wait for the mentor.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { openDatabase, type Db } from '../../src/lib/server/db.ts';
import { onPostgres, sqliteClient } from '../support/db.ts';

const folder = resolve('db/migrations');
const before = mkdtempSync(join(tmpdir(), 'migrations-0006-'));
afterAll(() => rmSync(before, { recursive: true, force: true }));

/** The migrations up to 0006, as a database that has not seen issue 13 was built. */
function migrationsBefore0007(): string {
  const journal = JSON.parse(readFileSync(join(folder, 'meta/_journal.json'), 'utf8')) as { entries: { idx: number; tag: string }[] };
  const kept = journal.entries.filter((e) => e.idx < 7);
  for (const e of kept) cpSync(join(folder, `${e.tag}.sql`), join(before, `${e.tag}.sql`));
  cpSync(join(folder, 'meta'), join(before, 'meta'), { recursive: true });
  writeFileSync(join(before, 'meta/_journal.json'), JSON.stringify({ ...journal, entries: kept }));
  return before;
}

const run = (db: Db, sql: string, ...params: unknown[]) => sqliteClient(db).prepare(sql).run(...params);

// A data fix inside the SQLite migrations; the PostgreSQL migrations start after it.
describe.skipIf(onPostgres)('migration 0007, answered required changes', () => {
  it('accepts those on a stage approved with them, and leaves those on a stage still in review for the mentor', () => {
    const db = openDatabase(':memory:');
    migrate(db, { migrationsFolder: migrationsBefore0007() });
    const at = '2026-06-01T10:00:00.000Z';
    run(db, `INSERT INTO organisation (id, name, kind) VALUES ('o', 'Adopter', 'next-adopter')`);
    run(db, `INSERT INTO transfer (id, organisation_id, practice_id, title) VALUES ('t', 'o', 'p', 'Adopter: Practice')`);
    run(db, `INSERT INTO user (id, email, name, password_hash) VALUES ('m', 'm@example.org', 'Mentor', 'x')`);
    const stage = (name: string, state: string) => run(db, `INSERT INTO stage_review (transfer_id, stage, state, latest_submission, submitted_at, updated_at) VALUES ('t', ?, ?, 2, ?, ?)`, name, state, at, at);
    const change = (id: string, name: string, status: string, required = 1, createdAt = at) =>
      run(db, `INSERT INTO comment (id, transfer_id, stage, author_id, body, required, status, created_at) VALUES (?, 't', ?, 'm', 'Change it.', ?, ?, ?)`, id, name, required, status, createdAt);
    stage('approved-stage', 'approved');
    stage('in-review', 'resubmitted');
    stage('approved-then-resubmitted', 'resubmitted');
    change('a', 'approved-stage', 'addressed');
    change('b', 'approved-stage', 'open');
    change('c', 'in-review', 'addressed');
    change('d', 'approved-then-resubmitted', 'addressed', 1, '2026-05-01T10:00:00.000Z');
    change('e', 'approved-then-resubmitted', 'addressed', 1, '2026-07-01T10:00:00.000Z');
    run(db, `INSERT INTO submission (id, transfer_id, stage, number, snapshot, submitted_by, submitted_at) VALUES ('s', 't', 'approved-then-resubmitted', 1, '{}', 'm', ?)`, at);
    run(db, `INSERT INTO decision (id, transfer_id, stage, submission_id, mentor_id, outcome, rubric, created_at) VALUES ('x', 't', 'approved-then-resubmitted', 's', 'm', 'approve', '{}', ?)`, at);

    migrate(db, { migrationsFolder: folder });
    const statuses = Object.fromEntries(sqliteClient(db).prepare(`SELECT id, status FROM comment ORDER BY id`).all().map((r) => [(r as { id: string }).id, (r as { status: string }).status]));
    expect(statuses).toEqual({ a: 'accepted', b: 'open', c: 'addressed', d: 'accepted', e: 'addressed' });
  });
});
