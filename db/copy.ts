/**
 * Copies the portal's database into an empty one, SQLite → PostgreSQL or back (a host that wants to leave), and
 * proves the copy: per table, the row count and a checksum computed the same way on both sides.
 *
 *   npm run db:copy -- --to postgres://user@host/db     [--from <SQLite file | postgres://…>]
 *   npm run db:copy -- --to data/portal-from-pg.db      --from postgres://user@host/db
 *
 * The source defaults to this process's database (DATABASE_URL if postgres://…, else DATABASE_PATH or
 * data/portal.db) and is only read, in one snapshot. The target is migrated, then filled in one transaction, tables
 * in foreign-key order: a failure leaves it as empty as it was.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { CopyRefused, PostgresEndpoint, reason, SqliteEndpoint, type Endpoint } from './copy-engines.ts';
import { schemaTables, TableChecksum, type TablePair } from './copy-tables.ts';
import { databaseTarget, describeTarget, isPostgresUrl } from '../src/lib/server/db.ts';

export { CopyRefused };

/** The copy failed after it had begun to write; the target's transaction was rolled back. */
export class CopyFailed extends Error {}

export type TableReport = {
  table: string;
  rows: number;
  checksum: string;
  targetRows: number;
  targetChecksum: string;
  /** For tables whose insertion order the application reads (rowid) on both engines: whether it was kept. */
  orderKept?: boolean;
  ok: boolean;
};

export type CopyReport = { source: string; target: string; tables: TableReport[]; rows: number; seconds: number; ok: boolean };

export type CopyOptions = {
  /** Rows read and inserted at a time. */
  batchSize?: number;
  log?: (line: string) => void;
};

async function open(location: string, role: 'source' | 'target'): Promise<Endpoint> {
  if (isPostgresUrl(location)) return PostgresEndpoint.connect(location, describeTarget(location));
  return role === 'source' ? SqliteEndpoint.openSource(resolve(location)) : SqliteEndpoint.openTarget(resolve(location));
}

function sameDatabase(a: string, b: string): boolean {
  if (isPostgresUrl(a) !== isPostgresUrl(b)) return false;
  if (!isPostgresUrl(a)) return resolve(a) === resolve(b);
  const [x, y] = [new URL(a), new URL(b)];
  return x.hostname === y.hostname && (x.port || '5432') === (y.port || '5432') && x.pathname === y.pathname;
}

/** The source must be the portal's database, at this code's migrations: its columns are then the schema's. */
async function requireCurrentSource(source: Endpoint, tables: TablePair[]): Promise<void> {
  const missing = await source.missingTables(tables);
  if (missing.length === tables.length) throw new CopyRefused(`${source.label} has none of the portal's tables: it is not the portal's database`);
  const state = await source.migrationState();
  if (state === 'newer') throw new CopyRefused(`${source.label} was written by a newer version of the portal: copy it with that version`);
  if (state !== 'current' || missing.length > 0) throw new CopyRefused(`${source.label} is not at this version's migrations: run npm run db:migrate on it first`);
}

/** Never write into a target that has rows (someone's data), neither the migration nor the copy. */
async function refuseRows(target: Endpoint, tables: TablePair[]): Promise<void> {
  const full = await target.tablesWithRows(tables);
  if (full.length > 0) throw new CopyRefused(`${target.label} is not empty (${full.length} table${full.length > 1 ? 's have' : ' has'} rows: ${full.slice(0, 5).join(', ')}${full.length > 5 ? ', …' : ''}): the target must be an empty database`);
}

async function copyRows(source: Endpoint, target: Endpoint, tables: TablePair[], batchSize: number): Promise<number> {
  await target.beginWrite(tables);
  let copied = 0;
  let current: string | undefined;
  try {
    await refuseRows(target, tables); // again, inside the transaction that holds off other writers
    // In insertion order, so that the target's own rowids (PostgreSQL's identity, SQLite's rowid) come out in the same order.
    for (const table of tables) {
      current = table.name;
      for await (const rows of source.scan(table, 'insertion', batchSize)) {
        await target.insert(table, rows);
        copied += rows.length;
      }
    }
    current = undefined;
    await target.finishWrite(tables);
    await target.commit();
    return copied;
  } catch (error) {
    await target.rollback();
    if (error instanceof CopyRefused) throw error;
    const where = current ? ` at table ${current}` : '';
    throw new CopyFailed(`the copy failed${where} and was rolled back, the target has no rows: ${reason(error)}`, { cause: error });
  }
}

async function checksum(endpoint: Endpoint, table: TablePair, batchSize: number, columns?: string[], order: 'key' | 'insertion' = 'key') {
  const sum = new TableChecksum();
  for await (const rows of endpoint.scan(table, order, batchSize, columns)) sum.add(rows);
  return { rows: sum.rows, checksum: sum.digest() };
}

/** Both sides read the same way: the source still in the snapshot the copy read, the target after the commit. */
async function verify(source: Endpoint, target: Endpoint, tables: TablePair[], batchSize: number): Promise<TableReport[]> {
  await target.beginRead();
  const reports: TableReport[] = [];
  for (const table of tables) {
    const [here, there] = [await checksum(source, table, batchSize), await checksum(target, table, batchSize)];
    let orderKept: boolean | undefined;
    if (source.keepsInsertionOrder(table) && target.keepsInsertionOrder(table))
      orderKept = (await checksum(source, table, batchSize, table.key, 'insertion')).checksum === (await checksum(target, table, batchSize, table.key, 'insertion')).checksum;
    const ok = here.rows === there.rows && here.checksum === there.checksum && orderKept !== false;
    reports.push({ table: table.name, rows: here.rows, checksum: here.checksum, targetRows: there.rows, targetChecksum: there.checksum, orderKept, ok });
  }
  return reports;
}

/** Copies `from` into the empty `to` and verifies it; throws CopyRefused (nothing written) or CopyFailed (rolled back). */
export async function copyDatabase(from: string, to: string, { batchSize = 500, log = () => {} }: CopyOptions = {}): Promise<CopyReport> {
  const started = performance.now();
  if (sameDatabase(from, to)) throw new CopyRefused('the source and the target are the same database');
  const tables = schemaTables();
  const source = await open(from, 'source');
  try {
    await requireCurrentSource(source, tables);
    const target = await open(to, 'target');
    let committed = false;
    try {
      await refuseRows(target, tables);
      await target.migrate();
      if ((await target.migrationState()) !== 'current') throw new CopyRefused(`${target.label} has migrations this version does not know: it was made by a newer version of the portal`);
      log(`Copying ${source.label} (${source.engine}) to ${target.label} (${target.engine}) …`);
      await source.beginRead();
      const rows = await copyRows(source, target, tables, batchSize);
      committed = true;
      const reports = await verify(source, target, tables, batchSize);
      return { source: source.label, target: target.label, tables: reports, rows, seconds: (performance.now() - started) / 1000, ok: reports.every((r) => r.ok) };
    } finally {
      await (committed ? target.close() : target.discard());
    }
  } finally {
    await source.close();
  }
}

export function formatReport(report: CopyReport): string {
  const width = Math.max(5, ...report.tables.map((t) => t.table.length));
  const lines = [`${'table'.padEnd(width)}  ${'rows'.padStart(8)}  checksum      ok`];
  for (const t of report.tables) {
    const problems = [
      t.targetRows !== t.rows && `the target has ${t.targetRows} rows`,
      t.targetChecksum !== t.checksum && `the target's checksum is ${t.targetChecksum.slice(0, 12)}`,
      t.orderKept === false && 'the insertion order differs',
    ].filter(Boolean);
    lines.push(`${t.table.padEnd(width)}  ${String(t.rows).padStart(8)}  ${t.checksum.slice(0, 12)}  ${t.ok ? 'ok' : `DIFFERS: ${problems.join('; ')}`}`);
  }
  return lines.join('\n');
}

const usage = `Usage: npm run db:copy -- --to <target> [--from <source>]

Copies the portal's database into an empty one, on PostgreSQL or SQLite, then checks the copy.

  --to <target>    postgres://user:password@host:port/database, or the path of a new SQLite file
  --from <source>  postgres://… or an SQLite file; default: this process's database (DATABASE_URL
                   if it is postgres://…, else DATABASE_PATH, else data/portal.db)
  -h, --help       this text

The target must be empty: a PostgreSQL database without the portal's tables or with all of them
empty (it is migrated first), or an SQLite file that does not exist yet. The source is only read,
in one snapshot; stop the server first so that nothing written after the snapshot is left behind.
All rows are written in one transaction: if anything fails, the target keeps no rows. Afterwards
each table's row count and checksum are compared on both sides; any difference exits with 1.`;

function parseCommandLine(argv: string[]): { from: string; to: string } | 'help' {
  let values: { from?: string; to?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args: argv, options: { from: { type: 'string' }, to: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true }));
  } catch (error) {
    const option = /'([^']+)'/.exec((error as Error).message)?.[1];
    const code = (error as { code?: string }).code;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new CopyRefused(`unknown option ${option} (see --help)`);
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') throw new CopyRefused(`unexpected argument ${option}: name the target with --to (see --help)`);
    throw new CopyRefused(`${(error as Error).message} (see --help)`);
  }
  if (values.help) return 'help';
  if (!values.to) throw new CopyRefused('say where to copy to: --to postgres://… or --to <new SQLite file> (see --help)');
  return { from: values.from ?? databaseTarget(), to: values.to };
}

if (import.meta.main) {
  try {
    const command = parseCommandLine(process.argv.slice(2));
    if (command === 'help') {
      console.log(usage);
    } else {
      const report = await copyDatabase(command.from, command.to, { log: (line) => console.log(line) });
      console.log(formatReport(report));
      const differing = report.tables.filter((t) => !t.ok);
      if (differing.length > 0) {
        console.error(`db:copy: the copy differs from the source in ${differing.map((t) => t.table).join(', ')}: do not use it (the source is unchanged).`);
        process.exitCode = 1;
      } else {
        console.log(`Copied ${report.rows} rows in ${report.tables.length} tables in ${report.seconds.toFixed(1)} s; every table has the same rows and checksum in ${report.target}.`);
      }
    }
  } catch (error) {
    // Refusals, failures and driver errors (unreadable file, refused login) are for the person, in one line.
    if (!(error instanceof CopyRefused || error instanceof CopyFailed || (error as { code?: string }).code)) throw error;
    console.error(`db:copy: ${reason(error)}`);
    process.exitCode = 1;
  }
}
