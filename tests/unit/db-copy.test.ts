/**
 * `npm run db:copy`: the demo database, with a row in every table the demo leaves empty, copied from PostgreSQL to
 * SQLite and back; a target with rows is refused; a copy that fails midway leaves the target empty.
 * It needs a PostgreSQL server, so it runs in the PostgreSQL pass (npm run test:unit:pg), on the harness's server.
 */
import Database from 'better-sqlite3';
import { getTableColumns, getTableName, is, Table, type Column } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/sqlite-core';
import pg from 'pg';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { copyDatabase, CopyFailed, CopyRefused, type CopyReport } from '../../db/copy.ts';
import { canonicalRow, schemaTables, TableChecksum } from '../../db/copy-tables.ts';
import { seedDemoData } from '../../db/seed.ts';
import { closeDatabase, migrateDatabase, openDatabase, schema, type Db } from '../../src/lib/server/db.ts';
import { onPostgres } from '../support/db.ts';
import { afterFile, freshDatabase } from '../support/postgres.ts';
import { templateRegistry } from '../support/templates.ts';

let dir: string;

async function onServer<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A new, empty PostgreSQL database on the tests' server (not migrated: a copy migrates its target), dropped when the file ends. */
async function freshPostgres(): Promise<string> {
  const database = await freshDatabase({ empty: true });
  afterFile(database.drop);
  return database.url;
}

const freshSqlite = () => join(dir, `${randomBytes(5).toString('hex')}.db`);

/** A value of the column's type, chosen to catch conversions: 32-bit overflow, a float, every byte, non-ASCII text. */
function sampleValue(column: Column & { enumValues?: string[] }, n: number): unknown {
  if (column.name === 'resets_at') return Date.now() + 3_600_000; // epoch ms: bigint on PostgreSQL
  if (column.name === 'counter') return 4_294_967_295; // WebAuthn's unsigned 32-bit counter
  switch (column.columnType) {
    case 'SQLiteBoolean':
      return true;
    case 'SQLiteInteger':
      return 42;
    case 'SQLiteReal':
      return 0.1 + 0.2;
    case 'SQLiteBlobBuffer':
      return Buffer.from([0, 1, 127, 128, 255]);
    default:
      return column.enumValues?.[0] ?? `${column.name} ${n}: “Ærø” 😀`;
  }
}

/**
 * One row in every table the demo seed leaves empty, each foreign key pointing at a row of its parent (tables come
 * in foreign-key order, so the parent has one by then).
 */
async function fillEmptyTables(db: Db): Promise<void> {
  const tables = new Map((Object.values(schema) as unknown[]).filter((t): t is Table => is(t, Table)).map((t) => [getTableName(t), t]));
  let n = 0;
  for (const pair of schemaTables()) {
    const table = tables.get(pair.name)! as typeof schema.user;
    if ((await db.select().from(table).limit(1)).length > 0) continue;
    const values: Record<string, unknown> = {};
    for (const column of getTableConfig(pair.sqlite).columns) {
      if (column.primary && (column as { autoIncrement?: boolean }).autoIncrement) continue;
      values[column.name] = column.primary && column.columnType === 'SQLiteText' ? crypto.randomUUID() : sampleValue(column, n++);
    }
    for (const fk of getTableConfig(pair.sqlite).foreignKeys) {
      const { columns, foreignColumns, foreignTable } = fk.reference();
      const [parent] = await db.select().from(tables.get(getTableName(foreignTable))! as typeof schema.user).limit(1);
      const parentColumns = Object.entries(getTableColumns(tables.get(getTableName(foreignTable))! as typeof schema.user));
      columns.forEach((c, i) => (values[c.name] = (parent as Record<string, unknown>)[parentColumns.find(([, pc]) => pc.name === foreignColumns[i]!.name)![0]]));
    }
    const row = Object.fromEntries(Object.entries(getTableColumns(table)).filter(([, c]) => c.name in values).map(([key, c]) => [key, values[c.name]]));
    await db.insert(table).values(row as never);
  }
}

const tableNames = () => schemaTables().map((t) => t.name);
const checksums = (report: CopyReport) => Object.fromEntries(report.tables.map((t) => [t.table, [t.rows, t.checksum]]));

async function countRows(url: string): Promise<Record<string, number>> {
  return onServer(url, async (c) => {
    const counts: Record<string, number> = {};
    for (const t of tableNames()) counts[t] = Number((await c.query(`SELECT count(*) AS n FROM "${t}"`)).rows[0].n);
    return counts;
  });
}

// Only in the PostgreSQL pass: db.ts opens PostgreSQL only in a process started on it (the seed runs there), and the
// SQLite pass runs first, before the harness has started a server.
describe.runIf(onPostgres)(`npm run db:copy${onPostgres ? '' : ' (skipped: it runs in the PostgreSQL pass, npm run test:unit:pg)'}`, () => {
  /** The demo seeded on PostgreSQL, its copy in a SQLite file, and that file copied back to PostgreSQL. */
  let origin: string;
  let sqliteCopy: string;
  let postgresCopy: string;
  let there: CopyReport;
  let back: CopyReport;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portal-copy-'));
    origin = await freshPostgres();
    const db = openDatabase(origin);
    await migrateDatabase(db);
    const quiet = vi.spyOn(console, 'log').mockImplementation(() => {}); // the demo's review e-mails
    await seedDemoData(db, templateRegistry().stages, 'a demo password for the copy test');
    quiet.mockRestore();
    await fillEmptyTables(db);
    await closeDatabase(db);
    sqliteCopy = freshSqlite();
    // A small batch, so that tables span several reads and inserts.
    there = await copyDatabase(origin, sqliteCopy, { batchSize: 7 });
    postgresCopy = await freshPostgres();
    back = await copyDatabase(sqliteCopy, postgresCopy);
  }, 120_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('copies every table to the other engine and back with the same rows and checksums on all three', () => {
    expect(there.tables.map((t) => t.table)).toEqual(tableNames());
    expect(there.tables.filter((t) => t.rows === 0).map((t) => t.table)).toEqual([]);
    expect(there.tables.filter((t) => !t.ok)).toEqual([]);
    expect(back.tables.filter((t) => !t.ok)).toEqual([]);
    expect(there.ok && back.ok).toBe(true);
    expect(checksums(back)).toEqual(checksums(there));
    expect(there.rows).toBe(there.tables.reduce((sum, t) => sum + t.rows, 0));
  });

  it('keeps the insertion order of the tables the application reads it from', async () => {
    for (const report of [there, back]) expect(report.tables.filter((t) => t.orderKept !== undefined).map((t) => [t.table, t.orderKept])).toEqual([['entry', true], ['action_update', true]]);
    const sqlite = new Database(sqliteCopy, { readonly: true });
    const inSqlite = sqlite.prepare('SELECT id FROM entry ORDER BY rowid').pluck().all();
    sqlite.close();
    const inPostgres = await onServer(postgresCopy, async (c) => (await c.query('SELECT id FROM entry ORDER BY rowid')).rows.map((r) => r.id));
    expect(inPostgres).toEqual(inSqlite);
    expect(inSqlite).not.toEqual([...inSqlite].sort()); // random ids: the order is the rowid's, not the key's
  });

  it('moves the identity sequences past the copied ids, so the next insert on PostgreSQL gets a new id', async () => {
    await onServer(postgresCopy, async (c) => {
      const before = Number((await c.query('SELECT max(id) AS id FROM audit_event')).rows[0].id);
      const { rows } = await c.query("INSERT INTO audit_event (action, outcome) VALUES ('test.after-copy', 'success') RETURNING id");
      expect(rows[0].id).toBe(before + 1);
      await c.query('DELETE FROM audit_event WHERE id = $1', [rows[0].id]);
    });
  });

  it('refuses a PostgreSQL database that has rows, and writes nothing into it', async () => {
    const before = await countRows(postgresCopy);
    await expect(copyDatabase(sqliteCopy, postgresCopy)).rejects.toThrow(CopyRefused);
    await expect(copyDatabase(sqliteCopy, postgresCopy)).rejects.toThrow(/is not empty \(\d+ tables have rows: organisation, user/);
    expect(await countRows(postgresCopy)).toEqual(before);
  });

  it('refuses an SQLite file that exists and is not empty', async () => {
    const size = statSync(sqliteCopy).size;
    await expect(copyDatabase(postgresCopy, sqliteCopy)).rejects.toThrow(/already exists and is not empty/);
    expect(statSync(sqliteCopy).size).toBe(size);
  });

  describe('a copy that fails midway', () => {
    /** The SQLite copy with a notification of a user who does not exist: SQLite took it with foreign keys off. */
    function doctoredSource(): string {
      const path = freshSqlite();
      const source = new Database(sqliteCopy, { readonly: true });
      source.prepare('VACUUM INTO ?').run(path);
      source.close();
      const doctored = new Database(path);
      doctored.pragma('foreign_keys = OFF');
      doctored.prepare("INSERT INTO notification (user_id, summary, link, created_at) VALUES ('no-such-user', 'x', '/', '2027-01-01T00:00:00.000Z')").run();
      doctored.close();
      return path;
    }

    it('leaves the PostgreSQL target without rows', async () => {
      // Most tables come before notification: the failure comes after their rows were inserted.
      expect(tableNames().indexOf('notification')).toBeGreaterThan(tableNames().indexOf('entry'));
      const target = await freshPostgres();
      await expect(copyDatabase(doctoredSource(), target)).rejects.toThrow(CopyFailed);
      const counts = await countRows(target);
      expect(Object.values(counts).every((n) => n === 0)).toBe(true);
      // Migrated and empty: a corrected source can be copied into it.
      expect(Object.keys(counts)).toEqual(tableNames());
    });

    it('leaves no SQLite file behind', async () => {
      const target = freshSqlite();
      await expect(copyDatabase(doctoredSource(), target)).rejects.toThrow(/failed at table notification and was rolled back.*FOREIGN KEY/);
      expect(existsSync(target)).toBe(false);
    });
  });

  describe('on the command line', () => {
    const run = (...args: string[]) => {
      const env = { ...process.env };
      delete env.DATABASE_URL;
      return spawnSync(process.execPath, ['db/copy.ts', ...args], { encoding: 'utf8', env });
    };
    const oneLine = (result: ReturnType<typeof run>) => {
      expect(result.status).toBe(1);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      return result.stderr.trim();
    };

    it('prints its usage with --help', () => {
      const result = run('--help');
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/^Usage: npm run db:copy -- --to <target>/);
    });

    it('says in one line what is wrong: an unknown option, an unreachable server, a target with rows', () => {
      expect(oneLine(run('--to', freshSqlite(), '--verbose'))).toBe('db:copy: unknown option --verbose (see --help)');
      expect(oneLine(run('--from', sqliteCopy, '--to', 'postgres://portal:secret@127.0.0.1:1/nothing'))).toMatch(
        /^db:copy: cannot connect to PostgreSQL at postgres:\/\/portal:\*\*\*@127\.0\.0\.1:1\/nothing: .*ECONNREFUSED/,
      );
      expect(oneLine(run('--from', sqliteCopy, '--to', postgresCopy))).toMatch(/^db:copy: postgres:\/\/.* is not empty/);
    });

    it('prints the table of rows and checksums and succeeds', async () => {
      const result = run('--from', sqliteCopy, '--to', await freshPostgres());
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/^entry +\d+ +[0-9a-f]{12} +ok$/m);
      expect(result.stdout).toMatch(/every table has the same rows and checksum/);
    });
  });
});

describe('the checksum of a row', () => {
  it('is the same whatever the order of the columns and whichever driver gave the bytes', () => {
    expect(canonicalRow({ b: true, a: Buffer.from([0, 255]), c: null })).toBe(canonicalRow({ c: null, a: new Uint8Array([0, 255]), b: true }));
    expect(canonicalRow({ b: true, a: 1.5 })).toBe('[["a",1.5],["b",true]]');
  });

  it('changes when one value changes', () => {
    const sum = (rows: Record<string, unknown>[]) => {
      const checksum = new TableChecksum();
      checksum.add(rows);
      return checksum.digest();
    };
    expect(sum([{ id: 'a', n: 1 }, { id: 'b', n: 2 }])).not.toBe(sum([{ id: 'a', n: 1 }, { id: 'b', n: 3 }]));
    expect(sum([{ id: 'a', flag: true }])).not.toBe(sum([{ id: 'a', flag: 1 }]));
  });
});
